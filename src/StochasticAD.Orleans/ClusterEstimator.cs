using System.Diagnostics;
using Orleans.Runtime.Placement;

namespace StochasticAD.Orleans;

/// <summary>
/// The coordinator: runs an estimate on the silos of a cluster and returns what the local
/// <see cref="Estimator"/> returns for the same request, bit for bit, whatever the number of silos.
/// </summary>
/// <remarks>
/// <para>
/// It plans the same rounds as the local engine (a fixed sample count, or rounds that grow until the
/// target standard error), cuts each round into batches of whole blocks, sends them to one worker
/// grain per silo, and merges the returned block sums in block order — the local engine's order.
/// Batch sizes follow the measured speed, which changes nothing in the result.
/// </para>
/// <para>
/// A batch whose silo fails (stopped, crashed, unreachable) goes back to the queue and runs on a
/// live silo; the silo takes no more batches of this estimate. Cancelling the token cancels the
/// silos' running batches and returns the finished blocks, marked partial, as the local engine does.
/// </para>
/// </remarks>
/// <param name="grains">The cluster client (or a grain factory inside a silo).</param>
/// <param name="options">Batching; defaults when null.</param>
public sealed partial class ClusterEstimator(IGrainFactory grains, ClusterEstimatorOptions? options = null)
{
    private readonly ClusterEstimatorOptions _options = options ?? new ClusterEstimatorOptions();
    private readonly IGrainFactory _grains = grains;

    /// <summary>What the last <see cref="EstimateAsync"/> did; null before the first.</summary>
    public ClusterRunStatistics? LastRun { get; private set; }

    /// <summary>Runs an estimate of a one-parameter model on the cluster.</summary>
    /// <param name="request">Model, settings, p, estimator and options.</param>
    /// <param name="progress">Receives progress after each batch.</param>
    /// <param name="cancellationToken">Stops the estimate; the result is then partial.</param>
    /// <returns>The estimate, as <see cref="Estimator.Mean(IStochasticModel, double, EstimationOptions?, IProgress{EstimationProgress}?, CancellationToken)"/> or <see cref="Estimator.Derivative"/> would give it.</returns>
    /// <exception cref="ArgumentException">An unknown estimator.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An invalid option, a p that is not finite.</exception>
    /// <exception cref="UnknownModelException">A silo does not know the model.</exception>
    /// <exception cref="InvalidJobException">A setting, p or the step is invalid for the model.</exception>
    /// <exception cref="ClusterVersionMismatchException">A silo runs another protocol version.</exception>
    /// <exception cref="ClusterUnavailableException">No silo is (or stays) alive.</exception>
    /// <exception cref="ModelFailedException">The model threw on a silo.</exception>
    public async Task<EstimationResult> EstimateAsync(
        ClusterEstimateRequest request, IProgress<EstimationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckFinite(request.P, "p");
        EstimatorKind? kind = ParseEstimator(request.Estimator);
        var job = new JobSpec
        {
            Model = request.Model,
            Settings = new Dictionary<string, double>(request.Settings),
            P = request.P,
            Estimator = kind is { } k ? Estimator.Name(k) : "value",
            Backend = request.Options.Backend.Name,
        };
        var (moments, partial, model, elapsed) = await RunAsync(job, kind, request.Options, progress, cancellationToken).ConfigureAwait(false);
        return new EstimationResult(
            model, job.Estimator, BackendName(kind, request.Options), request.P,
            moments[0].Mean, moments[0].StandardError, moments[0].StandardDeviation, moments[0].Count, elapsed, partial);
    }

    /// <summary>
    /// Runs an estimate of E[X(p)] (no direction) or of a directional derivative of a model of
    /// several parameters on the cluster, as <see cref="Estimator.Mean(IVectorStochasticModel, double[], EstimationOptions?, IProgress{EstimationProgress}?, CancellationToken)"/>
    /// or <see cref="Estimator.Directional"/> would give it.
    /// </summary>
    /// <param name="request">Model, parameters, direction (for a derivative), estimator and options.</param>
    /// <param name="progress">Receives progress after each batch.</param>
    /// <param name="cancellationToken">Stops the estimate; the result is then partial.</param>
    /// <exception cref="ArgumentException">An unknown estimator.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An invalid option, a parameter that is not finite.</exception>
    /// <exception cref="InvalidJobException">Wrong lengths, a missing direction, a model of one parameter.</exception>
    public async Task<VectorEstimationResult> EstimateVectorAsync(
        ClusterVectorRequest request, IProgress<EstimationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        EstimatorKind? kind = ParseEstimator(request.Estimator);
        JobSpec job = VectorJob(request, kind, gradient: false);
        var (moments, partial, model, elapsed) = await RunAsync(job, kind, request.Options, progress, cancellationToken).ConfigureAwait(false);
        return new VectorEstimationResult(
            model, job.Estimator, BackendName(kind, request.Options), job.Parameters!, job.Direction,
            moments[0].Mean, moments[0].StandardError, moments[0].StandardDeviation, moments[0].Count, elapsed, partial);
    }

    /// <summary>Runs an estimate of the gradient of a model of several parameters on the cluster, as <see cref="Estimator.Gradient"/> would give it.</summary>
    /// <param name="request">Model, parameters, estimator (not "value") and options; no direction.</param>
    /// <param name="progress">Receives progress after each batch.</param>
    /// <param name="cancellationToken">Stops the estimate; the result is then partial.</param>
    /// <exception cref="ArgumentException">An unknown estimator, or "value", or a direction.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An invalid option, a parameter that is not finite.</exception>
    /// <exception cref="InvalidJobException">Wrong lengths, a model of one parameter.</exception>
    public async Task<GradientResult> GradientAsync(
        ClusterVectorRequest request, IProgress<EstimationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        EstimatorKind kind = ParseEstimator(request.Estimator)
            ?? throw new ArgumentException("A gradient needs a derivative estimator (triple, score, score-cv, fd), not 'value'.", nameof(request));
        if (request.Direction is not null)
        {
            throw new ArgumentException("A gradient takes no direction.", nameof(request));
        }

        JobSpec job = VectorJob(request, kind, gradient: true);
        var (all, partial, model, elapsed) = await RunAsync(job, kind, request.Options, progress, cancellationToken).ConfigureAwait(false);
        int d = job.Parameters!.Count;
        Moments[] moments = all[..d];
        return new GradientResult(
            model, job.Estimator, BackendName(kind, request.Options), job.Parameters!,
            Array.ConvertAll(moments, m => m.Mean), Array.ConvertAll(moments, m => m.StandardError), Array.ConvertAll(moments, m => m.StandardDeviation),
            moments[0].Count, elapsed, partial)
        {
            Covariance = all[0].Count > 0 ? Estimator.GradientCovariance(all, d) : null,
            Chunk = kind == EstimatorKind.Triple ? request.Options.ChunkFor(d) : -1,
        };
    }

    /// <summary>
    /// Runs a job on the cluster as the local engine runs it: score-cv's baseline batch first, then
    /// the samples (fixed count or rounds until the target). The job's options fields are set here.
    /// </summary>
    private async Task<(Moments[] Moments, bool Partial, string Model, TimeSpan Elapsed)> RunAsync(
        JobSpec job, EstimatorKind? kind, EstimationOptions options, IProgress<EstimationProgress>? progress, CancellationToken cancellationToken)
    {
        options.Validate();
        job = job with
        {
            Seed = options.Seed,
            Backend = options.Backend.Name,
            Strategy = options.Strategy.ToString(),
            FiniteDifferenceStep = options.FiniteDifferenceStep,
            BlockSize = options.BlockSize,
            GradientChunk = options.GradientChunk,
        };
        var timer = Stopwatch.StartNew();
        var run = new Run(this, progress, cancellationToken);
        IReadOnlyList<SiloDescription> silos = await run.DiscoverAsync(job.Model).ConfigureAwait(false);
        string model = silos[0].Models.First(m => string.Equals(m, job.Model, StringComparison.OrdinalIgnoreCase));
        Moments[] moments;
        bool partial;
        if (kind == EstimatorKind.ScoreControlVariate)
        {
            // As the local engine: the baseline b is the mean of a separate batch on the baseline seed.
            EstimationOptions batch = Estimator.BaselineOptions(options);
            JobSpec baselineJob = job with { Estimator = "value", Seed = batch.Seed, Gradient = false, Direction = null };
            var (baseline, baselinePartial) = await run.SampleAsync(baselineJob, batch, reportProgress: false).ConfigureAwait(false);
            (moments, partial) = baselinePartial
                ? (new Moments[job.Dimension], true)
                : await run.SampleAsync(job with { Baseline = baseline[0].Mean }, options, reportProgress: true).ConfigureAwait(false);
        }
        else
        {
            (moments, partial) = await run.SampleAsync(job, options, reportProgress: true).ConfigureAwait(false);
        }

        LastRun = run.Statistics();
        return (moments, partial, model, timer.Elapsed);
    }

    private static JobSpec VectorJob(ClusterVectorRequest request, EstimatorKind? kind, bool gradient)
    {
        for (int k = 0; k < request.Parameters.Count; k++)
        {
            CheckFinite(request.Parameters[k], $"p[{k}]");
        }

        for (int k = 0; k < (request.Direction?.Count ?? 0); k++)
        {
            CheckFinite(request.Direction![k], $"direction[{k}]");
        }

        return new JobSpec
        {
            Model = request.Model,
            Parameters = [.. request.Parameters],
            Direction = request.Direction is { } d ? [.. d] : null,
            Gradient = gradient,
            Estimator = kind is { } k2 ? Estimator.Name(k2) : "value",
            Backend = request.Options.Backend.Name,
        };
    }

    /// <summary>Null for "value", else the estimator of the short name.</summary>
    private static EstimatorKind? ParseEstimator(string name) =>
        string.Equals(name, "value", StringComparison.OrdinalIgnoreCase) ? null
        : Estimator.TryParse(name, out EstimatorKind kind) ? kind
        : throw new ArgumentException($"Unknown estimator '{name}': use triple, score, score-cv, fd or value.", nameof(name));

    private static string BackendName(EstimatorKind? kind, EstimationOptions options) =>
        kind is { } k ? Estimator.BackendName(k, options) : "double";

    private static void CheckFinite(double value, string name)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite, but is {value}.");
        }
    }

    /// <summary>The worker grain of a silo, keyed by the silo's address so that each silo has its own.</summary>
    private IEstimationWorkerGrain Worker(SiloAddress silo) => _grains.GetGrain<IEstimationWorkerGrain>(silo.ToParsableString());

    /// <summary>Calls a silo's worker with a placement hint, so that a new activation goes to that silo.</summary>
    private static async Task<T> OnSilo<T>(SiloAddress silo, Func<Task<T>> call)
    {
        // RequestContext is async-local: the hint set here does not leak to the caller's other calls.
        RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
        try
        {
            return await call().ConfigureAwait(false);
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }
    }
}
