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

    /// <summary>Reads a BenchmarkDotNet summary; the parameter value is that of the benchmark's only parameter, if any.</summary>
    public static TimingSet From(Summary summary)
    {
        var set = new TimingSet();
        foreach (BenchmarkReport report in summary.Reports)
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

/// <summary>Runs benchmark classes in this process with a short job and the memory diagnoser.</summary>
internal static class TimingRunner
{
    /// <summary>The job: <see cref="Job.ShortRun"/> (3 warm-ups, 3 iterations of 0.5 s), or for --quick 3 warm-ups and 3 iterations of 0.1 s.</summary>
    public static Job Job(bool quick) =>
        (quick
            ? new Job("Quick").WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(3).WithIterationTime(TimeInterval.FromMilliseconds(100))
            : BenchmarkDotNet.Jobs.Job.ShortRun)
        .WithToolchain(InProcessEmitToolchain.Instance);

    /// <summary>Describes the job for the report.</summary>
    public static string Describe(bool quick) => quick
        ? "3 warm-ups and 3 measured iterations of ~0.1 s each, in process (--quick: a smoke test)"
        : "BenchmarkDotNet ShortRun: 3 warm-ups and 3 measured iterations of ~0.5 s each, in process";

    /// <summary>Runs the benchmarks of <typeparamref name="T"/> and reads their timings.</summary>
    public static TimingSet Run<T>(SummaryOptions options)
    {
        IConfig config = ManualConfig.CreateEmpty()
            .AddJob(Job(options.Quick))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddExporter(MarkdownExporter.GitHub) // BenchmarkDotNet's own tables, in BenchmarkDotNet.Artifacts/results
            .AddLogger(options.Verbose ? ConsoleLogger.Default : new ProgressLogger());
        Summary summary = BenchmarkRunner.Run<T>(config);
        foreach (BenchmarkDotNet.Reports.BenchmarkReport failed in summary.Reports.Where(r => r.ResultStatistics is null))
        {
            // In process, BenchmarkDotNet reports an exception of the benchmark as "Executable … not found"; the log has the exception.
            Console.WriteLine($"  no result for {failed.BenchmarkCase.DisplayInfo}: its exception is in {summary.LogFilePath}");
        }

        return TimingSet.From(summary);
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
