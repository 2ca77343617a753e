using System.Diagnostics;
using StochasticAD.Backends;
using StochasticAD.Random;

namespace StochasticAD;

// Vector-parameter models: E[X(p)], the gradient and directional derivatives, on the same
// deterministic parallel loop as the scalar estimates.
public static partial class Estimator
{
    /// <summary>Estimates E[X(p)] of a vector model (the model run with <c>double</c>).</summary>
    /// <param name="model">The model.</param>
    /// <param name="p">The parameters (length <see cref="IVectorStochasticModel.Dimension"/>, finite).</param>
    /// <param name="options">Sample count or target, seed, threads; defaults when null.</param>
    /// <param name="progress">Receives progress after each block (from worker threads).</param>
    /// <param name="cancellationToken">Stops the estimate; the result is then partial.</param>
    /// <exception cref="ArgumentException">p has the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An entry of p is not finite, or an option is invalid.</exception>
    public static VectorEstimationResult Mean(
        IVectorStochasticModel model, double[] p, EstimationOptions? options = null,
        IProgress<EstimationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new EstimationOptions();
        options.Validate();
        double[] at = CheckVector(model, p, nameof(p));
        var timer = Stopwatch.StartNew();
        var (moments, partial) = Sample(1, VectorValueSampler(model, at, options.Seed, cancellationToken), options, progress, cancellationToken);
        return new VectorEstimationResult(model.Name, "value", "double", at, null,
            moments[0].Mean, moments[0].StandardError, moments[0].StandardDeviation, moments[0].Count, timer.Elapsed, partial);
    }

    /// <summary>
    /// Estimates the gradient ∇E[X(p)] with its covariance. The triple estimator runs the model once
    /// per chunk of <see cref="EstimationOptions.GradientChunk"/> parameters with a
    /// <see cref="GradientTriple{TJumps, TPartials}"/> (method §13); the other estimators, and the
    /// triple with GradientChunk = −1, run it once per parameter. All runs of sample i use the same
    /// stream <see cref="StochasticRandom.ForStream(long, long)"/>(seed, i) — common random numbers.
    /// </summary>
    /// <remarks>
    /// Each component is unbiased on its own. Because the components of one sample share their random
    /// numbers, their errors are correlated (usually positively); this does not bias any component,
    /// and it makes the estimated gradient's direction steadier than independent runs would.
    /// The result does not depend on the thread count.
    /// </remarks>
    /// <param name="model">The model.</param>
    /// <param name="p">The parameters (length <see cref="IVectorStochasticModel.Dimension"/>, finite).</param>
    /// <param name="kind">The estimator; <see cref="EstimatorKind.FiniteDifference"/> uses the step of <see cref="Directional"/>.</param>
    /// <param name="options">Sample count or target (every component must meet it), seed, threads, backend; defaults when null.</param>
    /// <param name="progress">Receives progress after each block (from worker threads).</param>
    /// <param name="cancellationToken">Stops the estimate; the result is then partial.</param>
    /// <exception cref="ArgumentException">p has the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An entry of p is not finite, or an option is invalid.</exception>
    public static GradientResult Gradient(
        IVectorStochasticModel model, double[] p, EstimatorKind kind = EstimatorKind.Triple, EstimationOptions? options = null,
        IProgress<EstimationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new EstimationOptions();
        options.Validate();
        double[] at = CheckVector(model, p, nameof(p));
        int d = at.Length;
        var timer = Stopwatch.StartNew();
        double baseline = VectorBaseline(model, at, kind, options, cancellationToken, out bool baselinePartial);
        VectorSample sample = GradientWithPairSums(model, at, kind, options, baseline, cancellationToken, out int chunk);
        var (all, partial) = baselinePartial
            ? (new Moments[GradientComponents(d)], true)
            : Sample(GradientComponents(d), sample, options, progress, cancellationToken, targetComponents: d);
        Moments[] moments = all[..d];
        return new GradientResult(model.Name, Name(kind), BackendName(kind, options), at,
            Array.ConvertAll(moments, m => m.Mean), Array.ConvertAll(moments, m => m.StandardError), Array.ConvertAll(moments, m => m.StandardDeviation),
            moments[0].Count, timer.Elapsed, partial)
        {
            Covariance = baselinePartial ? null : GradientCovariance(all, d),
            Chunk = chunk,
        };
    }

    // The gradient's sample function, shared by the local engine and the cluster's workers so that
    // both give the same bits: d gradient components, then the sums gⱼ + gₖ (j < k) as extra
    // components, from which Cov(gⱼ, gₖ) = (Var(gⱼ + gₖ) − Var gⱼ − Var gₖ) / 2 — the engine's
    // mergeable moments serve unchanged. A target standard error applies to the d components only.

    /// <summary>Numbers per gradient sample: d components and d(d − 1)/2 pair sums.</summary>
    internal static int GradientComponents(int d) => d + (d * (d - 1) / 2);

    /// <summary>
    /// Sample i of the gradient with its pair sums: one pass per chunk of parameters for the triple
    /// estimator (<paramref name="chunk"/> &gt; 0, method §13), else one directional run per parameter.
    /// </summary>
    internal static VectorSample GradientWithPairSums(
        IVectorStochasticModel model, double[] at, EstimatorKind kind, EstimationOptions options, double baseline,
        CancellationToken cancellationToken, out int chunk)
    {
        int d = at.Length;
        chunk = kind == EstimatorKind.Triple ? options.ChunkFor(d) : -1;
        VectorSample gradient = chunk > 0
            ? options.Backend.Accept(new OnePassGradientSampler(model, at, options.Seed, options.Strategy, chunk, cancellationToken))
            : GradientSampler(VectorDerivativeSampler(model, at, kind, options, baseline, cancellationToken), d);
        return (i, into) =>
        {
            gradient(i, into[..d]);
            int s = d;
            for (int j = 0; j < d; j++)
            {
                for (int k = j + 1; k < d; k++)
                {
                    into[s++] = into[j] + into[k];
                }
            }
        };
    }

    /// <summary>The covariance matrix (row-major d × d) of the mean gradient from the moments of <see cref="GradientWithPairSums"/>.</summary>
    internal static double[] GradientCovariance(ReadOnlySpan<Moments> all, int d)
    {
        long n = all[0].Count;
        var covariance = new double[d * d];
        int pair = d;
        for (int j = 0; j < d; j++)
        {
            covariance[(j * d) + j] = all[j].Variance / n;
            for (int k = j + 1; k < d; k++)
            {
                double c = (all[pair++].Variance - all[j].Variance - all[k].Variance) / (2.0 * n);
                covariance[(j * d) + k] = c;
                covariance[(k * d) + j] = c;
            }
        }

        return covariance;
    }

    /// <summary>
    /// Estimates the directional derivative d/dt E[X(p + t·direction)] at t = 0 (= ∇E[X(p)]·direction)
    /// with one run per sample: the parameters' dual parts are the direction.
    /// </summary>
    /// <remarks>
    /// <see cref="EstimatorKind.FiniteDifference"/> differences in t: (X(p + h·direction) − X(p − h·direction)) / 2h with
    /// common random numbers; h is <see cref="EstimationOptions.FiniteDifferenceStep"/>, or by default such that the
    /// largest parameter moves by 0.01·max(1, max|p_k|).
    /// </remarks>
    /// <param name="model">The model.</param>
    /// <param name="p">The parameters (length <see cref="IVectorStochasticModel.Dimension"/>, finite).</param>
    /// <param name="direction">The direction (same length, finite; need not be a unit vector).</param>
    /// <param name="kind">The estimator.</param>
    /// <param name="options">Sample count or target, seed, threads, backend; defaults when null.</param>
    /// <param name="progress">Receives progress after each block (from worker threads).</param>
    /// <param name="cancellationToken">Stops the estimate; the result is then partial.</param>
    /// <exception cref="ArgumentException">p or direction has the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An entry is not finite, or an option is invalid.</exception>
    public static VectorEstimationResult Directional(
        IVectorStochasticModel model, double[] p, double[] direction, EstimatorKind kind = EstimatorKind.Triple, EstimationOptions? options = null,
        IProgress<EstimationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new EstimationOptions();
        options.Validate();
        double[] at = CheckVector(model, p, nameof(p));
        double[] along = CheckVector(model, direction, nameof(direction));
        var timer = Stopwatch.StartNew();
        DirectionalSample one = VectorSampler(model, at, kind, options, cancellationToken, out bool baselinePartial);
        var (moments, partial) = baselinePartial
            ? (new Moments[1], true)
            : Sample(1, (i, into) => into[0] = one(i, along), options, progress, cancellationToken);
        return new VectorEstimationResult(model.Name, Name(kind), BackendName(kind, options), at, along,
            moments[0].Mean, moments[0].StandardError, moments[0].StandardDeviation, moments[0].Count, timer.Elapsed, partial);
    }

    internal static string BackendName(EstimatorKind kind, EstimationOptions options) => kind switch
    {
        EstimatorKind.Triple => options.Backend.Name,
        EstimatorKind.FiniteDifference => "double",
        _ => "score",
    };

    /// <summary>A copy of <paramref name="values"/> after checking its length against the model and that every entry is finite.</summary>
    private static double[] CheckVector(IVectorStochasticModel model, double[] values, string name)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        if (values.Length != model.Dimension)
        {
            throw new ArgumentException($"{name} has {values.Length} entries but the model {model.Name} has {model.Dimension} parameters.", name);
        }

        for (int k = 0; k < values.Length; k++)
        {
            CheckFinite(values[k], $"{name}[{k}]");
        }

        // A copy: the caller may change its array while the workers run.
        return (double[])values.Clone();
    }

    /// <summary>The estimator's sample i of the derivative along a direction, after score-cv's baseline batch.</summary>
    private static DirectionalSample VectorSampler(
        IVectorStochasticModel model, double[] p, EstimatorKind kind, EstimationOptions options, CancellationToken cancellationToken, out bool baselinePartial)
    {
        double baseline = VectorBaseline(model, p, kind, options, cancellationToken, out baselinePartial);
        return VectorDerivativeSampler(model, p, kind, options, baseline, cancellationToken);
    }

    /// <summary>Score-cv's baseline b, from a separate batch (other streams) so that (f − b) stays unbiased; 0 for the other estimators.</summary>
    private static double VectorBaseline(
        IVectorStochasticModel model, double[] p, EstimatorKind kind, EstimationOptions options, CancellationToken cancellationToken, out bool baselinePartial)
    {
        baselinePartial = false;
        if (kind != EstimatorKind.ScoreControlVariate)
        {
            return 0;
        }

        VectorEstimationResult b = Mean(model, p, BaselineOptions(options), null, cancellationToken);
        baselinePartial = b.Partial;
        return b.Mean;
    }

    /// <summary>
    /// The estimator's sample i of the derivative along a direction; the direction arrays are shared read-only between threads.
    /// <paramref name="baseline"/> is score-cv's b (ignored by the others).
    /// </summary>
    internal static DirectionalSample VectorDerivativeSampler(
        IVectorStochasticModel model, double[] p, EstimatorKind kind, EstimationOptions options, double baseline, CancellationToken cancellationToken = default)
    {
        long seed = options.Seed;
        switch (kind)
        {
            case EstimatorKind.Triple:
                return options.Backend.Accept(new VectorTripleSampler(model, p, seed, options.Strategy, cancellationToken));
            case EstimatorKind.Score:
                return (i, direction) => VectorScoreSample(model, p, direction, seed, i, 0, cancellationToken);
            case EstimatorKind.ScoreControlVariate:
                return (i, direction) => VectorScoreSample(model, p, direction, seed, i, baseline, cancellationToken);
            case EstimatorKind.FiniteDifference:
                double largest = 0;
                foreach (double x in p)
                {
                    largest = Math.Max(largest, Math.Abs(x));
                }

                double move = 0.01 * Math.Max(1, largest);
                double? fixedStep = options.FiniteDifferenceStep;
                return (i, direction) =>
                {
                    double norm = 0;
                    foreach (double x in direction)
                    {
                        norm = Math.Max(norm, Math.Abs(x));
                    }

                    if (norm == 0)
                    {
                        return 0;
                    }

                    double h = fixedStep ?? (move / norm);
                    var up = new double[p.Length];
                    var down = new double[p.Length];
                    for (int k = 0; k < p.Length; k++)
                    {
                        up[k] = p[k] + (h * direction[k]);
                        down[k] = p[k] - (h * direction[k]);
                    }

                    // Common random numbers: both runs use stream i.
                    double fUp = model.Run<double>(up, StochasticRandom.ForStream(seed, i, cancellationToken));
                    double fDown = model.Run<double>(down, StochasticRandom.ForStream(seed, i, cancellationToken));
                    return (fUp - fDown) / (2 * h);
                };
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown estimator.");
        }
    }

    private static double VectorScoreSample(
        IVectorStochasticModel model, double[] p, double[] direction, long seed, long i, double baseline, CancellationToken cancellationToken)
    {
        StochasticRandom rng = StochasticRandom.ForStream(seed, i, cancellationToken);
        var recorder = new ScoreRecorder();
        rng.Score = recorder;
        var run = new DifferentiationRun();
        var parameters = new StochasticTriple<PrunedJumps>[p.Length];
        for (int k = 0; k < p.Length; k++)
        {
            parameters[k] = StochasticTriple<PrunedJumps>.Parameter(p[k], direction[k], run);
        }

        // While the recorder is attached, discrete draws add their score along the direction instead of jumping.
        StochasticTriple<PrunedJumps> y = model.Run<StochasticTriple<PrunedJumps>>(parameters, rng);
        return ((y.Value - baseline) * recorder.Score) + y.Dual;
    }
}

/// <summary>Sample <paramref name="index"/> of a derivative estimate along <paramref name="direction"/>.</summary>
internal delegate double DirectionalSample(long index, double[] direction);

/// <summary>Makes the triple estimator's directional sample function for the backend chosen by name.</summary>
internal sealed class VectorTripleSampler(IVectorStochasticModel model, double[] p, long seed, JumpStrategy strategy, CancellationToken cancellationToken)
    : IBackendVisitor<DirectionalSample>
{
    public DirectionalSample Visit<TJumps>() where TJumps : struct, IJumps<TJumps> => (i, direction) =>
    {
        StochasticRandom rng = StochasticRandom.ForStream(seed, i, cancellationToken);
        return StochasticAD.Derivative.Directional<TJumps>(q => model.Run<StochasticTriple<TJumps>>(q, rng), p, direction, strategy);
    };
}

/// <summary>Makes the one-pass gradient's sample function (all components of sample i) for the backend chosen by name and the chunk size.</summary>
internal sealed class OnePassGradientSampler(
    IVectorStochasticModel model, double[] p, long seed, JumpStrategy strategy, int chunk, CancellationToken cancellationToken)
    : IBackendVisitor<VectorSample>
{
    public VectorSample Visit<TJumps>() where TJumps : struct, IJumps<TJumps> => chunk switch
    {
        1 => For<TJumps, Partials1>(),
        2 => For<TJumps, Partials2>(),
        4 => For<TJumps, Partials4>(),
        8 => For<TJumps, Partials8>(),
        _ => For<TJumps, Partials16>(),
    };

    private VectorSample For<TJumps, TPartials>()
        where TJumps : struct, IJumps<TJumps>
        where TPartials : struct, IPartials<TPartials> => (i, into) =>
        StochasticAD.Derivative.GradientInto<TJumps, TPartials>(
            q => model.Run<GradientTriple<TJumps, TPartials>>(q, StochasticRandom.ForStream(seed, i, cancellationToken)), p, into, strategy);
}
