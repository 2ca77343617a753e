using System.Diagnostics;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace StochasticAD.Benchmarks.Reporting;

/// <summary>
/// Calls every benchmark of some benchmark-class instances many times before BenchmarkDotNet measures
/// them in the same process, so the library's code has reached tier 1 (with dynamic PGO) by then.
/// </summary>
/// <remarks>
/// In process, BenchmarkDotNet's short warm-up is not always enough: the first benchmarks of a run
/// (e.g. the first model's primal run) were measured while their code was still being re-jitted.
/// Out-of-process runs (the switcher's default) do not need this.
/// </remarks>
internal static class Prewarm
{
    private const int MinCalls = 50;
    private static readonly TimeSpan s_minTime = TimeSpan.FromMilliseconds(20);

    /// <summary>Runs each instance's [GlobalSetup], then each of its [Benchmark] methods at least 50 times and 20 ms.</summary>
    public static void Run(IEnumerable<object> instances)
    {
        foreach (object instance in instances)
        {
            MethodInfo[] methods = instance.GetType().GetMethods(BindingFlags.Public | BindingFlags.Instance);
            foreach (MethodInfo setup in methods.Where(m => m.IsDefined(typeof(GlobalSetupAttribute))))
            {
                setup.Invoke(instance, null);
            }

            foreach (MethodInfo benchmark in methods.Where(m => m.IsDefined(typeof(BenchmarkAttribute))))
            {
                Func<double> call = benchmark.CreateDelegate<Func<double>>(instance);
                try
                {
                    var timer = Stopwatch.StartNew();
                    for (int i = 0; i < MinCalls || timer.Elapsed < s_minTime; i++)
                    {
                        call();
                    }
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // A benchmark that throws (e.g. the smoothed backend on game-of-life) throws again under
                    // BenchmarkDotNet, which reports it; the summary then shows it as failed.
                }
            }
        }

        // Let the background compiler install the optimised code (BenchmarkDotNet waits 250 ms for the same reason).
        Thread.Sleep(TimeSpan.FromMilliseconds(250));
    }
}
