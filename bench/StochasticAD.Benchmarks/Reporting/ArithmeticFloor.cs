using System.Diagnostics;
using System.Globalization;

namespace StochasticAD.Benchmarks.Reporting;

/// <summary>
/// <c>arith-floor [rounds]</c>: the <see cref="ArithmeticBenchmarks"/> methods themselves, timed in one
/// process as the minimum over rounds (each round calls every method 50 times, interleaved), printed as
/// ns per step and as the ratio to the <c>double</c> method of the same category.
/// </summary>
/// <remarks>
/// A single step costs 1–3 ns, so BenchmarkDotNet's ShortRun mean on a shared machine includes
/// preemption and swings by up to 1× between processes. The minimum over interleaved rounds is what
/// the code costs when it has the core to itself: it reproduces the latency of the loop-carried chain
/// read off the machine code (docs/devdocs.md, Performance). It is a measuring aid, not a replacement for
/// the summary's table.
/// </remarks>
internal static class ArithmeticFloor
{
    private const int CallsPerRound = 50;

    /// <summary>Runs the measurement and prints one line per benchmark method.</summary>
    public static int Run(string[] args, Action<string> print)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 30;
        if (rounds < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(args), rounds, $"arith-floor needs at least one round, got rounds = {rounds}.");
        }

        var benchmarks = new ArithmeticBenchmarks();
        Prewarm.Run([benchmarks]);
        var methods = new List<(string Name, Func<double> Call)>();
        foreach (var (category, _) in ArithmeticBenchmarks.Steps)
        {
            foreach (Target.Variant variant in Enum.GetValues<Target.Variant>())
            {
                string name = Target.MethodName(category, variant);
                methods.Add((name, typeof(ArithmeticBenchmarks).GetMethod(name)!.CreateDelegate<Func<double>>(benchmarks)));
            }
        }

        var best = new double[methods.Count];
        Array.Fill(best, double.PositiveInfinity);
        double sink = 0;
        for (int round = 0; round < rounds; round++)
        {
            for (int m = 0; m < methods.Count; m++)
            {
                Func<double> call = methods[m].Call;
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < CallsPerRound; i++)
                {
                    sink += call();
                }

                double ns = Stopwatch.GetElapsedTime(start).TotalNanoseconds / (CallsPerRound * ArithmeticBenchmarks.Operations);
                best[m] = Math.Min(best[m], ns);
            }
        }

        int variants = Enum.GetValues<Target.Variant>().Length;
        for (int m = 0; m < methods.Count; m++)
        {
            double baseline = best[m / variants * variants]; // the Double variant comes first in each category
            print(string.Create(CultureInfo.InvariantCulture, $"{methods[m].Name,-24} {best[m],8:F3} ns  {best[m] / baseline,5:F2}×"));
        }

        print(string.Create(CultureInfo.InvariantCulture, $"(minimum over {rounds} rounds of {CallsPerRound} calls; checksum {sink:G6})"));
        return 0;
    }
}
