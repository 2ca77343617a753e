using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace StochasticAD.Benchmarks.Reporting;

/// <summary>One benchmark's result: mean and its standard error in ns per operation, bytes allocated per operation.</summary>
/// <param name="MeanNs">Mean time per operation (per invocation ÷ OperationsPerInvoke), in ns.</param>
/// <param name="StandardErrorNs">Standard error of the mean, in ns.</param>
/// <param name="BytesPerOperation">Bytes allocated per operation (a fraction when an invocation of many operations allocates a little); null when not measured.</param>
internal sealed record Timing(double MeanNs, double StandardErrorNs, double? BytesPerOperation);

/// <summary>The timings of one benchmark class, by method name and (for parameterised classes) parameter value.</summary>
internal sealed class TimingSet
{
    private readonly Dictionary<(string Method, string Parameter), Timing> _timings = [];

    /// <summary>The timing of <paramref name="method"/> (for the parameter value <paramref name="parameter"/>), or null when it failed or did not run.</summary>
    public Timing? Get(string method, string parameter = "") => _timings.GetValueOrDefault((method, parameter));

    /// <summary>Reads the reports of the benchmarks of <paramref name="type"/>; the parameter value is that of the benchmark's only parameter, if any.</summary>
    public static TimingSet From(IEnumerable<Summary> summaries, Type type)
    {
        var set = new TimingSet();
        foreach (BenchmarkReport report in summaries.SelectMany(s => s.Reports).Where(r => r.BenchmarkCase.Descriptor.Type == type))
        {
            if (report.ResultStatistics is not { } stats)
            {
                continue;
            }

            BenchmarkCase benchmark = report.BenchmarkCase;
            string parameter = benchmark.Parameters.Items.Count > 0 ? benchmark.Parameters.Items[0].Value?.ToString() ?? "" : "";
            GcStats gc = report.GcStats;
            long? allocated = gc.GetTotalAllocatedBytes(excludeAllocationQuantumSideEffects: true);
            double? bytes = allocated is long total && gc.TotalOperations > 0 ? (double)total / gc.TotalOperations : null;
            set._timings[(benchmark.Descriptor.WorkloadMethod.Name, parameter)] = new Timing(stats.Mean, stats.StandardError, bytes);
        }

        return set;
    }
}

/// <summary>Runs the benchmark classes with a short job and the memory diagnoser.</summary>
internal static class TimingRunner
{
    /// <summary>
    /// The job: <see cref="Job.ShortRun"/> (3 warm-ups, 3 iterations of 0.5 s), each benchmark in a process of its own;
    /// for --quick 3 warm-ups and 3 iterations of 0.1 s, and --quick or --in-process run in this process.
    /// </summary>
    public static Job Job(SummaryOptions options)
    {
        Job job = options.Quick
            ? new Job("Quick").WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(3).WithIterationTime(TimeInterval.FromMilliseconds(100))
            : BenchmarkDotNet.Jobs.Job.ShortRun;
        return options.InProcess ? job.WithToolchain(InProcessEmitToolchain.Instance) : job;
    }

    /// <summary>Describes the job for the report.</summary>
    public static string Describe(SummaryOptions options) =>
        (options.Quick
            ? "3 warm-ups and 3 measured iterations of ~0.1 s each (--quick: a smoke test)"
            : "the ShortRun job: 3 warm-ups and 3 measured iterations of ~0.5 s each") +
        (options.InProcess
            ? ", all in the summary's process after a pre-warm (faster, but the JIT's profile of the library is shared by all benchmarks)"
            : ", each benchmark in a process of its own");

    /// <summary>Runs the benchmark classes and reads the timings of each.</summary>
    /// <param name="options">The summary's options.</param>
    /// <returns>The timings of <see cref="ModelBenchmarks"/>, of <see cref="ArithmeticBenchmarks"/> and of <see cref="UserLevelBenchmarks"/>.</returns>
    public static (TimingSet Models, TimingSet Arithmetic, TimingSet UserLevel) Run(SummaryOptions options)
    {
        if (options.InProcess)
        {
            // Out of process, each benchmark's process warms up on its own; in process, the library's code must first reach tier 1.
            Prewarm.Run(BenchModels.Names.Select(name => new ModelBenchmarks { Model = name }));
            Prewarm.Run([new ArithmeticBenchmarks()]);
            Prewarm.Run([new UserLevelBenchmarks()]);
        }

        IConfig config = ManualConfig.CreateEmpty()
            .AddJob(Job(options))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddExporter(MarkdownExporter.GitHub) // BenchmarkDotNet's own tables, in BenchmarkDotNet.Artifacts/results
            .AddLogger(options.Verbose ? ConsoleLogger.Default : new ProgressLogger());

        // One call for all classes: out of process, BenchmarkDotNet then builds the benchmark project once.
        Summary[] summaries = BenchmarkRunner.Run([typeof(ModelBenchmarks), typeof(ArithmeticBenchmarks), typeof(UserLevelBenchmarks)], config);
        foreach (Summary summary in summaries)
        {
            foreach (BenchmarkDotNet.Reports.BenchmarkReport failed in summary.Reports.Where(r => r.ResultStatistics is null))
            {
                // In process, BenchmarkDotNet reports an exception of the benchmark as "Executable … not found"; the log has the exception.
                Console.WriteLine($"  no result for {failed.BenchmarkCase.DisplayInfo}: its exception is in {summary.LogFilePath}");
            }
        }

        return (
            TimingSet.From(summaries, typeof(ModelBenchmarks)),
            TimingSet.From(summaries, typeof(ArithmeticBenchmarks)),
            TimingSet.From(summaries, typeof(UserLevelBenchmarks)));
    }

    /// <summary>Shows one line per benchmark and BenchmarkDotNet's errors; its full log (with the exceptions of failing benchmarks) is in BenchmarkDotNet.Artifacts.</summary>
    private sealed class ProgressLogger : ILogger
    {
        public string Id => nameof(ProgressLogger);

        public int Priority => 0;

        public void Write(LogKind logKind, string text)
        {
            if (logKind == LogKind.Error)
            {
                Console.Error.Write(text);
            }
        }

        public void WriteLine()
        {
        }

        public void WriteLine(LogKind logKind, string text)
        {
            if (logKind == LogKind.Error)
            {
                Console.Error.WriteLine(text);
            }
            else if (text.StartsWith("// Benchmark: ", StringComparison.Ordinal))
            {
                Console.WriteLine("  " + text["// ".Length..]);
            }
        }

        public void Flush() => Console.Out.Flush();
    }
}
