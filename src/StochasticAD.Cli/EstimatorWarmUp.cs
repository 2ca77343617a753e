using System.Diagnostics;

namespace StochasticAD.Cli;

/// <summary>
/// Runs estimators untimed until the runtime has recompiled their hot code (tiered compilation
/// promotes a method after about 30 calls and a quiet period of ~100 ms, loops through on-stack
/// replacement), so that time per sample compares the estimators' steady costs. Timing an
/// estimator straight after a short warm-up charged the first one timed with its JIT work.
/// </summary>
internal static class EstimatorWarmUp
{
    /// <summary>Least time spent in total, interleaving the estimators in small batches.</summary>
    private static readonly TimeSpan s_least = TimeSpan.FromSeconds(0.6);

    /// <summary>Least rounds (every estimator once per round), however fast they are.</summary>
    private const int LeastRounds = 3;

    /// <summary>Most rounds, for models whose samples take microseconds.</summary>
    private const int MostRounds = 400;

    /// <summary>Warms every estimator in <paramref name="kinds"/> on the model at p, with another seed than <paramref name="options"/>'.</summary>
    public static void Run(IStochasticModel model, double p, IReadOnlyList<EstimatorKind> kinds, EstimationOptions options, CancellationToken ct)
    {
        EstimationOptions batch = options with
        {
            Seed = ~options.Seed,
            Samples = 64,
            TargetStandardError = null,
            BaselineSamples = 64,
            BlockSize = 16,
        };
        var timer = Stopwatch.StartNew();
        for (int round = 0; round < MostRounds && (round < LeastRounds || timer.Elapsed < s_least); round++)
        {
            foreach (EstimatorKind kind in kinds)
            {
                ct.ThrowIfCancellationRequested();
                Estimator.Derivative(model, p, kind, batch with { Seed = batch.Seed - round }, null, ct);
            }
        }
    }
}
