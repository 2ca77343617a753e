using System.Reflection;
using Microsoft.Extensions.Options;

namespace StochasticAD.Orleans;

/// <summary>
/// Runs batches of a job on its silo with the engine's own block primitive, so each block's partial
/// sums are bit for bit those of the local engine.
/// </summary>
internal sealed class EstimationWorkerGrain(ModelRegistry models, IOptions<WorkerOptions> options, ILocalSiloDetails silo) : Grain, IEstimationWorkerGrain
{
    private int _running;

    public async Task<BatchResult> RunBatchAsync(BatchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Count <= 0 || request.Start < 0)
        {
            throw new InvalidJobException($"A batch needs Start >= 0 and Count > 0, but has Start = {request.Start}, Count = {request.Count}.");
        }

        // Built per batch (cheap next to a batch's samples) because it holds the batch's token: every
        // sample's generator checks it, so cancelling stops inside a long sample too.
        VectorSample sample = JobSampler.Create(request.Job, models, cancellationToken);
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
}
