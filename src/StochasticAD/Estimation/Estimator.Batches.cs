using StochasticAD.Random;

namespace StochasticAD;

// The pieces of the engine that a distributed run shares with the local one, so that both give the
// same bits: the per-sample functions, the round plan of a target standard error, and (in
// Estimator.cs) the block primitive RunBlocks and the in-order merge MergeBlocks.
public static partial class Estimator
{
    /// <summary>The options of the separate batch that estimates the baseline b of <see cref="EstimatorKind.ScoreControlVariate"/>.</summary>
    internal static EstimationOptions BaselineOptions(EstimationOptions options) =>
        options with { Seed = BaselineSeed(options.Seed), Samples = options.BaselineSamples, TargetStandardError = null };

    /// <summary>Sample i of E[X(p)]: the model run with <c>double</c> on stream (seed, i).</summary>
    internal static Func<long, double> ValueSampler(IStochasticModel model, double p, long seed, CancellationToken cancellationToken = default) =>
        i => model.Run(p, StochasticRandom.ForStream(seed, i, cancellationToken));

    /// <summary>Sample i of the estimator <paramref name="kind"/> of dE[X(p)]/dp on stream (seed, i).</summary>
    /// <param name="model">The model.</param>
    /// <param name="p">The parameter.</param>
    /// <param name="kind">The estimator.</param>
    /// <param name="options">Seed, backend, strategy, finite difference step.</param>
    /// <param name="baseline">The baseline b of <see cref="EstimatorKind.ScoreControlVariate"/> (ignored by the others).</param>
    /// <param name="cancellationToken">Set on each sample's generator, so that cancellation reaches inside a long sample.</param>
    internal static Func<long, double> DerivativeSampler(
        IStochasticModel model, double p, EstimatorKind kind, EstimationOptions options, double baseline, CancellationToken cancellationToken = default)
    {
        long seed = options.Seed;
        switch (kind)
        {
            case EstimatorKind.Triple:
                return options.Backend.Accept(new TripleSampler(model, p, seed, options.Strategy, cancellationToken));
            case EstimatorKind.Score:
                return i => ScoreSample(model, p, seed, i, 0, cancellationToken);
            case EstimatorKind.ScoreControlVariate:
                return i => ScoreSample(model, p, seed, i, baseline, cancellationToken);
            case EstimatorKind.FiniteDifference:
                double h = FiniteDifferenceStep(options, p);
                return i =>
                {
                    // Common random numbers: both runs use stream i.
                    double up = model.Run(p + h, StochasticRandom.ForStream(seed, i, cancellationToken));
                    double down = model.Run(p - h, StochasticRandom.ForStream(seed, i, cancellationToken));
                    return (up - down) / (2 * h);
                };
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown estimator.");
        }
    }

    /// <summary>Sample i of E[X(p)] of a vector model: the model run with <c>double</c> on stream (seed, i).</summary>
    internal static VectorSample VectorValueSampler(IVectorStochasticModel model, double[] p, long seed, CancellationToken cancellationToken = default) =>
        (i, into) => into[0] = model.Run<double>(p, StochasticRandom.ForStream(seed, i, cancellationToken));

    /// <summary>Sample i of the gradient: the directional sample along each unit vector, all on stream (seed, i).</summary>
    internal static VectorSample GradientSampler(DirectionalSample one, int dimension)
    {
        var units = new double[dimension][];
        for (int k = 0; k < dimension; k++)
        {
            units[k] = new double[dimension];
            units[k][k] = 1;
        }

        return (i, into) =>
        {
            for (int k = 0; k < dimension; k++)
            {
                into[k] = one(i, units[k]);
            }
        };
    }

    /// <summary>The end (exclusive sample index) of the first round of a target standard error.</summary>
    internal static long FirstRoundEnd(EstimationOptions options) =>
        Math.Min(options.MaxSamples, Math.Max(options.MinSamples, options.BlockSize));

    /// <summary>
    /// The end of the next round of a target standard error after the samples in <paramref name="total"/>
    /// (one <see cref="Moments"/> per component), or null when the target or the cap is met.
    /// </summary>
    internal static long? NextRoundEnd(EstimationOptions options, ReadOnlySpan<Moments> total)
    {
        double target = options.TargetStandardError ?? throw new ArgumentException("No target standard error.", nameof(options));
        long cap = options.MaxSamples;

        // The worst component decides: every component must meet the target.
        long count = total[0].Count;
        double se = 0, variance = 0;
        foreach (Moments m in total)
        {
            se = Math.Max(se, m.StandardError);
            variance = Math.Max(variance, m.Variance);
        }

        if (count >= cap || (count >= options.MinSamples && se <= target))
        {
            return null;
        }

        // Samples needed for the target at the current variance, with a margin; grow at most 4× per round,
        // and by at most MaxBlocksPerRound blocks (the per-round bookkeeping stays small for any count).
        double needed = double.IsFinite(variance) ? Math.Ceiling(1.1 * variance / (target * target)) : 4.0 * count;
        long next = (long)Math.Min(Math.Min(Math.Min(needed, 4.0 * count), cap), count + ((double)options.BlockSize * MaxBlocksPerRound));
        return Math.Max(next, Math.Min(cap, count + options.BlockSize));
    }
}
