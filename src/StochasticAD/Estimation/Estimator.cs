using System.Diagnostics;
using System.Runtime.ExceptionServices;
using StochasticAD.Backends;
using StochasticAD.Random;

namespace StochasticAD;

/// <summary>
/// The estimation engine: Monte Carlo estimates of E[X(p)] and of dE[X(p)]/dp for an
/// <see cref="IStochasticModel"/>, from a fixed number of samples or until a target standard
/// error, in parallel, reproducibly.
/// </summary>
/// <remarks>
/// <para>
/// Sample i always uses the generator <see cref="StochasticRandom.ForStream(long, long)"/>(seed, i),
/// and the samples are summed in fixed blocks of indices that are combined in index order, so a
/// seed gives bit-identical results with any number of threads.
/// </para>
/// <para>
/// Cancelling the token returns the samples finished by then (whole blocks only), marked
/// <see cref="EstimationResult.Partial"/>. An exception of the model stops the estimate and is rethrown.
/// </para>
/// </remarks>
public static partial class Estimator
{
    /// <summary>Estimates E[X(p)] (the model run with <c>double</c>).</summary>
    /// <param name="model">The model.</param>
    /// <param name="p">The parameter.</param>
    /// <param name="options">Sample count or target, seed, threads; defaults when null.</param>
    /// <param name="progress">Receives progress after each block (from worker threads).</param>
    /// <param name="cancellationToken">Stops the estimate; the result is then partial.</param>
    public static EstimationResult Mean(
        IStochasticModel model, double p, EstimationOptions? options = null,
        IProgress<EstimationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new EstimationOptions();
        options.Validate();
        CheckParameter(model, p);
        var timer = Stopwatch.StartNew();
        var (moments, partial) = Sample(ValueSampler(model, p, options.Seed, cancellationToken), options, progress, cancellationToken);
        return Result(model, "value", "double", p, moments, timer.Elapsed, partial, options);
    }

    /// <summary>Estimates dE[X(p)]/dp with the chosen estimator.</summary>
    /// <param name="model">The model.</param>
    /// <param name="p">The parameter.</param>
    /// <param name="kind">The estimator.</param>
    /// <param name="options">Sample count or target, seed, threads; defaults when null.</param>
    /// <param name="progress">Receives progress after each block (from worker threads).</param>
    /// <param name="cancellationToken">Stops the estimate; the result is then partial.</param>
    public static EstimationResult Derivative(
        IStochasticModel model, double p, EstimatorKind kind = EstimatorKind.Triple, EstimationOptions? options = null,
        IProgress<EstimationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new EstimationOptions();
        options.Validate();
        CheckParameter(model, p);
        var timer = Stopwatch.StartNew();
        bool baselinePartial = false;
        double baseline = 0;
        if (kind == EstimatorKind.ScoreControlVariate)
        {
            // The baseline b comes from a separate batch (other streams), so (f − b) stays unbiased.
            EstimationResult b = Mean(model, p, BaselineOptions(options), null, cancellationToken);
            baselinePartial = b.Partial;
            baseline = b.Mean;
        }

        Func<long, double> sample = DerivativeSampler(model, p, kind, options, baseline, cancellationToken);
        var (moments, partial) = baselinePartial
            ? (default(Moments), true)
            : Sample(sample, options, progress, cancellationToken);
        return Result(model, Name(kind), BackendName(kind, options), p, moments, timer.Elapsed, partial, options);
    }

    /// <summary>The conventional short name of an estimator: triple, score, score-cv, fd.</summary>
    public static string Name(EstimatorKind kind) => kind switch
    {
        EstimatorKind.Triple => "triple",
        EstimatorKind.Score => "score",
        EstimatorKind.ScoreControlVariate => "score-cv",
        EstimatorKind.FiniteDifference => "fd",
        _ => kind.ToString(),
    };

    /// <summary>Parses a short name (<see cref="Name(EstimatorKind)"/>), case-insensitively.</summary>
    public static bool TryParse(string? name, out EstimatorKind kind)
    {
        foreach (EstimatorKind k in Enum.GetValues<EstimatorKind>())
        {
            if (string.Equals(Name(k), name, StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }

        kind = default;
        return false;
    }

    private static long BaselineSeed(long seed) => unchecked(seed ^ 0x3C6EF372FE94F82BL);

    private static double ScoreSample(IStochasticModel model, double p, long seed, long i, double baseline, CancellationToken cancellationToken)
    {
        StochasticRandom rng = StochasticRandom.ForStream(seed, i, cancellationToken);
        var recorder = new ScoreRecorder();
        rng.Score = recorder;
        StochasticTriple<PrunedJumps> y = StochasticAD.Derivative.Triple<PrunedJumps>(q => model.Run(q, rng), p);
        return ((y.Value - baseline) * recorder.Score) + y.Dual;
    }

    /// <summary>The step h of the finite difference estimator at p: the option's, or 0.01·max(1, |p|).</summary>
    public static double FiniteDifferenceStep(EstimationOptions options, double p)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.FiniteDifferenceStep ?? (0.01 * Math.Max(1, Math.Abs(p)));
    }

    private static EstimationResult Result(
        IStochasticModel model, string estimator, string backend, double p, Moments m, TimeSpan elapsed, bool partial, EstimationOptions options) =>
        new(model.Name, estimator, backend, p, m.Mean, m.StandardError, m.StandardDeviation, m.Count, elapsed, partial)
        {
            // The sampler stops at the cap even when the target is not met: say so rather than pass it off as met.
            TargetMissed = !partial && options.TargetStandardError is double target && !(m.StandardError <= target),
        };

    /// <summary>
    /// Checks p: finite, and inside the model's own range when the model states one, so that the
    /// message names p and the range rather than a value some draw computed from it.
    /// </summary>
    private static void CheckParameter(IStochasticModel model, double p)
    {
        CheckFinite(p, nameof(p));
        if (model is IParameterRange ranged && !ranged.IsValid(p))
        {
            throw new ArgumentOutOfRangeException(
                nameof(p), p, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"p = {p} is out of range for {model.Name}: {ranged.Range}."));
        }
    }

    private static void CheckFinite(double value, string name)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name} must be finite, but is {value}."));
        }
    }

    // ---------------------------------------------------------------- the deterministic parallel loop

    /// <summary>Runs scalar samples in rounds of fixed index ranges until the sample count or the target is met.</summary>
    internal static (Moments Moments, bool Partial) Sample(
        Func<long, double> sample, EstimationOptions options, IProgress<EstimationProgress>? progress, CancellationToken cancellationToken)
    {
        var (moments, partial) = Sample(1, (i, into) => into[0] = sample(i), options, progress, cancellationToken);
        return (moments[0], partial);
    }

    /// <summary>
    /// Runs vector samples (<paramref name="dimension"/> numbers per sample index) in rounds of fixed
    /// index ranges until the sample count is met, or until every component's standard error meets the target.
    /// </summary>
    /// <param name="dimension">Numbers per sample.</param>
    /// <param name="sample">Writes sample i.</param>
    /// <param name="options">Count or target, block size, threads.</param>
    /// <param name="progress">Receives progress after each block.</param>
    /// <param name="cancellationToken">Stops the estimate.</param>
    /// <param name="targetComponents">How many leading components the target standard error applies to (all when null).</param>
    internal static (Moments[] Moments, bool Partial) Sample(
        int dimension, VectorSample sample, EstimationOptions options, IProgress<EstimationProgress>? progress, CancellationToken cancellationToken,
        int? targetComponents = null)
    {
        int threads = options.MaxDegreeOfParallelism > 0 ? options.MaxDegreeOfParallelism : Environment.ProcessorCount;
        var total = new Moments[dimension];
        long completed = 0;
        if (options.TargetStandardError is not double target)
        {
            // Rounds of at most MaxBlocksPerRound blocks keep the per-round bookkeeping small for any sample count.
            long roundSize = (long)options.BlockSize * MaxBlocksPerRound;
            for (long start = 0; start < options.Samples; start += roundSize)
            {
                long count = Math.Min(roundSize, options.Samples - start);
                if (RunRound(sample, dimension, start, count, options.Samples, options.BlockSize, threads, total, ref completed, progress, cancellationToken))
                {
                    return (total, true);
                }
            }

            return (total, false);
        }

        long planned = FirstRoundEnd(options);
        while (true)
        {
            long start = total[0].Count;
            if (RunRound(sample, dimension, start, planned - start, planned, options.BlockSize, threads, total, ref completed, progress, cancellationToken))
            {
                return (total, true);
            }

            // The worst of the first targetComponents components decides (a gradient's pair sums ride along untargeted).
            if (NextRoundEnd(options, total.AsSpan(0, targetComponents ?? dimension)) is not long next)
            {
                return (total, false);
            }

            planned = next;
        }
    }

    /// <summary>The most blocks one round runs (and holds statistics for) at a time.</summary>
    private const int MaxBlocksPerRound = 1 << 16;

    /// <summary>
    /// Samples [start, start + count) in blocks; merges finished blocks into <paramref name="total"/>
    /// (one <see cref="Moments"/> per component) in index order. Returns true when cancelled.
    /// </summary>
    private static bool RunRound(
        VectorSample sample, int dimension, long start, long count, long planned, int blockSize, int threads,
        Moments[] total, ref long completed, IProgress<EstimationProgress>? progress, CancellationToken cancellationToken)
    {
        long completedSoFar = completed;
        var (blocks, done) = RunBlocks(
            sample, dimension, start, count, blockSize, threads,
            n =>
            {
                long now = Interlocked.Add(ref completedSoFar, n);
                progress?.Report(new EstimationProgress(now, planned));
            },
            cancellationToken);
        completed = completedSoFar;
        return MergeBlocks(blocks, done, total);
    }

    /// <summary>Merges the finished blocks into <paramref name="total"/> in index order; true when a block is missing (cancelled).</summary>
    internal static bool MergeBlocks(Moments[] blocks, bool[] done, Moments[] total)
    {
        int dimension = total.Length;
        bool cancelled = false;
        for (long b = 0; b < done.Length; b++)
        {
            if (done[b])
            {
                for (int k = 0; k < dimension; k++)
                {
                    total[k] = Moments.Merge(total[k], blocks[(b * dimension) + k]);
                }
            }
            else
            {
                cancelled = true;
            }
        }

        return cancelled;
    }

    /// <summary>
    /// The batch primitive of the local engine and of the cluster's workers: samples [start, start + count)
    /// in blocks of <paramref name="blockSize"/> indices on up to <paramref name="threads"/> threads, each
    /// block accumulated in index order. Returns the blocks' moments (block b's component k at
    /// b·dimension + k) and which blocks finished; on cancellation the unfinished ones are missing.
    /// </summary>
    /// <param name="sample">Sample i's values.</param>
    /// <param name="dimension">Values per sample.</param>
    /// <param name="start">The first index.</param>
    /// <param name="count">The number of indices.</param>
    /// <param name="blockSize">Indices per block (the last block may be shorter).</param>
    /// <param name="threads">Worker threads.</param>
    /// <param name="blockDone">Called with a finished block's sample count (from worker threads).</param>
    /// <param name="cancellationToken">Stops the work after the current sample.</param>
    /// <exception cref="Exception">The first exception of the model is rethrown.</exception>
    internal static (Moments[] Blocks, bool[] Done) RunBlocks(
        VectorSample sample, int dimension, long start, long count, int blockSize, int threads,
        Action<long>? blockDone, CancellationToken cancellationToken)
    {
        long blockCount = (count + blockSize - 1) / blockSize;
        var blocks = new Moments[blockCount * dimension];
        var done = new bool[blockCount];
        long nextBlock = -1;
        ExceptionDispatchInfo? failure = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        void Work()
        {
            try
            {
                var values = new double[dimension];
                var m = new Moments[dimension];
                while (!stop.IsCancellationRequested)
                {
                    long b = Interlocked.Increment(ref nextBlock);
                    if (b >= blockCount)
                    {
                        return;
                    }

                    long from = start + (b * blockSize);
                    long to = from + Math.Min(blockSize, start + count - from);
                    Array.Clear(m);
                    for (long i = from; i < to; i++)
                    {
                        if (stop.IsCancellationRequested)
                        {
                            return;
                        }

                        sample(i, values);
                        for (int k = 0; k < dimension; k++)
                        {
                            m[k].Add(values[k]);
                        }
                    }

                    Array.Copy(m, 0, blocks, b * dimension, dimension);
                    Volatile.Write(ref done[b], true);
                    blockDone?.Invoke(to - from);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The sample's generator saw the token (or a failure elsewhere stopped the round): this block stays unfinished.
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(ex), null);
                stop.Cancel();
            }
        }

        int workers = (int)Math.Min(threads, blockCount);
        if (workers <= 1)
        {
            Work();
        }
        else
        {
            var tasks = new Task[workers];
            for (int t = 0; t < workers; t++)
            {
                tasks[t] = Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }

            Task.WaitAll(tasks, CancellationToken.None);
        }

        failure?.Throw();
        return (blocks, done);
    }
}

/// <summary>One sample of a vector estimate: writes the sample with index <paramref name="index"/> into <paramref name="into"/>.</summary>
internal delegate void VectorSample(long index, Span<double> into);

/// <summary>Count, mean and sum of squared deviations (Welford), mergeable in a fixed order (Chan et al.).</summary>
internal struct Moments
{
    public long Count;
    public double Mean;
    public double M2;

    public void Add(double x)
    {
        Count++;
        double d = x - Mean;
        Mean += d / Count;
        M2 += d * (x - Mean);
    }

    public static Moments Merge(in Moments a, in Moments b)
    {
        if (a.Count == 0)
        {
            return b;
        }

        if (b.Count == 0)
        {
            return a;
        }

        long n = a.Count + b.Count;
        double d = b.Mean - a.Mean;
        return new Moments
        {
            Count = n,
            Mean = a.Mean + (d * b.Count / n),
            M2 = a.M2 + b.M2 + (d * d * a.Count * b.Count / n),
        };
    }

    public readonly double Variance => Count > 1 ? M2 / (Count - 1) : double.NaN;

    public readonly double StandardDeviation => Math.Sqrt(Variance);

    public readonly double StandardError => Count > 1 ? Math.Sqrt(Variance / Count) : double.NaN;
}

/// <summary>Makes the triple estimator's per-sample function for the backend chosen by name.</summary>
internal sealed class TripleSampler(IStochasticModel model, double p, long seed, JumpStrategy strategy, CancellationToken cancellationToken)
    : IBackendVisitor<Func<long, double>>
{
    public Func<long, double> Visit<TJumps>() where TJumps : struct, IJumps<TJumps> => i =>
    {
        StochasticRandom rng = StochasticRandom.ForStream(seed, i, cancellationToken);
        return StochasticAD.Derivative.Estimate<TJumps>(q => model.Run(q, rng), p, strategy: strategy);
    };
}
