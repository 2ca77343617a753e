using System.Reflection;
using Microsoft.Extensions.Options;

namespace StochasticAD.Orleans;

/// <summary>
/// Runs batches of a job on its silo with the engine's own block primitive, so each block's partial
/// sums are bit for bit those of the local engine.
/// </summary>
internal sealed class EstimationWorkerGrain(ModelRegistry models, IOptions<WorkerOptions> options, ILocalSiloDetails silo) : Grain, IEstimationWorkerGrain
{
    private (JobSpec Spec, VectorSample Sample)? _last;
    private int _running;

    public async Task<BatchResult> RunBatchAsync(BatchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Count <= 0 || request.Start < 0)
        {
            throw new InvalidJobException($"A batch needs Start >= 0 and Count > 0, but has Start = {request.Start}, Count = {request.Count}.");
        }

        VectorSample sample = Sampler(request.Job);
        int threads = options.Value.EffectiveThreads;
        int blockSize = request.Job.BlockSize;

        // Off the grain scheduler and off the thread pool (which also carries the silo's messaging): a batch
        // is up to seconds of CPU work on a thread of its own.
        Interlocked.Increment(ref _running);
        (Moments[] Blocks, bool[] Done) run;
        try
        {
            run = await Task.Factory.StartNew(
                () =>
                {
                    try
                    {
                        return Estimator.RunBlocks(sample, request.Job.Dimension, request.Start, request.Count, blockSize, threads, null, cancellationToken);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
                    {
                        throw new ModelFailedException($"The model {request.Job.Model} failed at p = {request.Job.P}: {ex.GetType().Name}: {ex.Message}");
                    }
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default).ConfigureAwait(true);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }

        var (blocks, done) = run;
        if (Array.IndexOf(done, false) >= 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new OperationCanceledException("The batch stopped before its end.");
        }

        return new BatchResult
        {
            Counts = Array.ConvertAll(blocks, m => m.Count),
            Means = Array.ConvertAll(blocks, m => m.Mean),
            SquaredDeviations = Array.ConvertAll(blocks, m => m.M2),
            Silo = silo.SiloAddress.ToString(),
        };
    }

    public Task<SiloDescription> DescribeAsync() => Task.FromResult(new SiloDescription
    {
        ProtocolVersion = ClusterProtocol.Version,
        LibraryVersion = typeof(Estimator).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "",
        Models = models.Names,
        Threads = options.Value.EffectiveThreads,
        Silo = silo.SiloAddress.ToString(),
        RunningBatches = Volatile.Read(ref _running),
    });

    /// <summary>The job's per-sample function (the last one is kept: consecutive batches usually share their job).</summary>
    private VectorSample Sampler(JobSpec job)
    {
        if (_last is { } last && JobEquals(last.Spec, job))
        {
            return last.Sample;
        }

        VectorSample sample = JobSampler.Create(job, models);
        _last = (job, sample);
        return sample;
    }

    private static bool JobEquals(JobSpec a, JobSpec b) =>
        a with { Settings = b.Settings, Parameters = b.Parameters, Direction = b.Direction } == b
        && a.Settings.Count == b.Settings.Count && a.Settings.All(kv => b.Settings.TryGetValue(kv.Key, out double v) && v.Equals(kv.Value))
        && SameNumbers(a.Parameters, b.Parameters) && SameNumbers(a.Direction, b.Direction);

    private static bool SameNumbers(IReadOnlyList<double>? a, IReadOnlyList<double>? b) =>
        a is null ? b is null : b is not null && a.SequenceEqual(b);
}
