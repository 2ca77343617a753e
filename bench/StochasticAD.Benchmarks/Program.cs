using BenchmarkDotNet.Running;
using StochasticAD.Benchmarks.Reporting;

// `arith-floor [rounds]` prints the arithmetic steps' cost as the minimum over rounds in one process.
// `summary [--quick] [--out FILE]` times every benchmark with a short job, measures the estimators'
// variances and writes docs/benchmarks.md; anything else goes to BenchmarkDotNet's switcher
// (e.g. --filter '*Arithmetic*', --list flat).
if (args.Length > 0 && args[0] == "gradient-study")
{
    // One pass vs K separate runs (issue 14), printed; --quick takes a fifth of the samples.
    GradientStudy.RunAll(args.Contains("--quick"), Console.WriteLine);
    return 0;
}

if (args.Length > 0 && args[0] == "arith-floor")
{
    // The arithmetic benchmarks' own methods, minimum over interleaved rounds in one process.
    return ArithmeticFloor.Run(args[1..], Console.WriteLine);
}

if (args.Length > 0 && args[0] == "summary")
{
    return SummaryCommand.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
