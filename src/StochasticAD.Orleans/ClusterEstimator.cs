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

    /// <summary>Runs the estimate on the cluster.</summary>
    /// <param name="request">Model, settings, p, estimator and options.</param>
    /// <param name="progress">Receives progress after each batch.</param>
    /// <param name="cancellationToken">Stops the estimate; the result is then partial.</param>
    /// <returns>The estimate, as <see cref="Estimator.Mean(IStochasticModel, double, EstimationOptions?, IProgress{EstimationProgress}?, CancellationToken)"/> or <see cref="Estimator.Derivative"/> would give it.</returns>
    /// <exception cref="ArgumentException">An unknown estimator, a p that is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An invalid option.</exception>
    /// <exception cref="UnknownModelException">A silo does not know the model.</exception>
    /// <exception cref="InvalidJobException">A setting, p or the step is invalid for the model.</exception>
    /// <exception cref="ClusterVersionMismatchException">A silo runs another protocol version.</exception>
    /// <exception cref="ClusterUnavailableException">No silo is (or stays) alive.</exception>
    /// <exception cref="ModelFailedException">The model threw on a silo.</exception>
    public async Task<EstimationResult> EstimateAsync(
        ClusterEstimateRequest request, IProgress<EstimationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        EstimationOptions options = request.Options;
        options.Validate();
        if (!double.IsFinite(request.P))
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.P, $"p must be finite, but is {request.P}.");
        }

        bool value = string.Equals(request.Estimator, "value", StringComparison.OrdinalIgnoreCase);
        EstimatorKind kind = default;
        if (!value && !Estimator.TryParse(request.Estimator, out kind))
        {
            throw new ArgumentException($"Unknown estimator '{request.Estimator}': use triple, score, score-cv, fd or value.", nameof(request));
        }

        var timer = Stopwatch.StartNew();
        var run = new Run(this, progress, cancellationToken);
        IReadOnlyList<SiloDescription> silos = await run.DiscoverAsync(request.Model).ConfigureAwait(false);
        string model = silos[0].Models.First(m => string.Equals(m, request.Model, StringComparison.OrdinalIgnoreCase));
        var job = new JobSpec
        {
            Model = request.Model,
            Settings = new Dictionary<string, double>(request.Settings),
            P = request.P,
            Estimator = value ? "value" : Estimator.Name(kind),
            Seed = options.Seed,
            Backend = options.Backend,
            Strategy = options.Strategy.ToString(),
            FiniteDifferenceStep = options.FiniteDifferenceStep,
            BlockSize = options.BlockSize,
        };

        Moments moments;
        bool partial;
        if (!value && kind == EstimatorKind.ScoreControlVariate)
        {
            // As the local engine: the baseline b is the mean of a separate batch on the baseline seed.
            EstimationOptions batch = Estimator.BaselineOptions(options);
            var (baseline, baselinePartial) = await run.SampleAsync(job with { Estimator = "value", Seed = batch.Seed }, batch, reportProgress: false).ConfigureAwait(false);
            (moments, partial) = baselinePartial
                ? (default, true)
                : await run.SampleAsync(job with { Baseline = baseline.Mean }, options, reportProgress: true).ConfigureAwait(false);
        }
        else
        {
            (moments, partial) = await run.SampleAsync(job, options, reportProgress: true).ConfigureAwait(false);
        }

        LastRun = run.Statistics();
        return new EstimationResult(
            model, job.Estimator, value ? "double" : Estimator.BackendName(kind, options), request.P,
            moments.Mean, moments.StandardError, moments.StandardDeviation, moments.Count, timer.Elapsed, partial);
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
