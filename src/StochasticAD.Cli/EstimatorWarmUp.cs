using System.Diagnostics;
using System.Runtime;

namespace StochasticAD.Cli;

/// <summary>
/// Runs estimators untimed until the runtime's tiered compilation has settled, so that time per
/// sample compares the estimators' steady costs. The runtime first compiles a method quickly,
/// then recompiles hot methods optimised on a background thread after they have been called ~30
/// times and ~100 ms have passed without new methods; a fixed short warm-up (512 samples) charged
/// the first estimator timed with ~3× its steady cost. Settled means: no method compiled for
/// <see cref="s_quiet"/> while the estimators kept running.
/// </summary>
internal static class EstimatorWarmUp
{
    /// <summary>How long the JIT must have compiled nothing, with the estimators running, to count as settled.</summary>
    private static readonly TimeSpan s_quiet = TimeSpan.FromMilliseconds(500);

    /// <summary>The warm-up gives up after this long (a model whose samples take seconds).</summary>
    private static readonly TimeSpan s_most = TimeSpan.FromSeconds(15);

    /// <summary>Runs of fewer samples (a quick look, tests) are not warmed up.</summary>
    private const long LeastTimedSamples = 1000;

    /// <summary>Warms every estimator in <paramref name="kinds"/> on the model at p, with another seed than <paramref name="options"/>'.</summary>
    public static void Run(IStochasticModel model, double p, IReadOnlyList<EstimatorKind> kinds, EstimationOptions options, CancellationToken ct)
    {
        if (options.TargetStandardError is null && options.Samples < LeastTimedSamples)
        {
            return; // Times of so few samples are dominated by start-up anyway; do not spend seconds warming for them.
        }

        EstimationOptions batch = options with
        {
            Seed = ~options.Seed,
            Samples = 64,
            TargetStandardError = null,
            BaselineSamples = 64,
            BlockSize = 16,
        };
        var timer = Stopwatch.StartNew();
        long compiled = JitInfo.GetCompiledMethodCount();
        TimeSpan lastCompile = TimeSpan.Zero;
        for (int round = 0; timer.Elapsed < s_most; round++)
        {
            foreach (EstimatorKind kind in kinds)
            {
                ct.ThrowIfCancellationRequested();
                Estimator.Derivative(model, p, kind, batch with { Seed = batch.Seed - round }, null, ct);
            }

            long now = JitInfo.GetCompiledMethodCount();
            if (now != compiled)
            {
                compiled = now;
                lastCompile = timer.Elapsed;
            }
            else if (timer.Elapsed - lastCompile >= s_quiet)
            {
                return;
            }
        }
    }
}
