using Orleans.Concurrency;

namespace StochasticAD.Orleans;

/// <summary>
/// Runs batches of samples on one silo. The coordinator keys one worker per silo and places it there
/// with a placement hint; the worker runs one batch at a time on the silo's worker threads.
/// </summary>
public interface IEstimationWorkerGrain : IGrainWithStringKey
{
    /// <summary>Runs a batch and returns its per-block partial sums.</summary>
    /// <param name="request">The batch.</param>
    /// <param name="cancellationToken">Stops the batch (the call then throws <see cref="OperationCanceledException"/>).</param>
    /// <exception cref="UnknownModelException">The silo does not know the model.</exception>
    /// <exception cref="ClusterVersionMismatchException">The client's wire version differs from the silo's.</exception>
    /// <exception cref="InvalidJobException">The job's settings, parameter, estimator or options are invalid.</exception>
    Task<BatchResult> RunBatchAsync(BatchRequest request, CancellationToken cancellationToken);

    /// <summary>The silo's version, models, threads and running batches; answered even while a batch runs.</summary>
    [AlwaysInterleave]
    Task<SiloDescription> DescribeAsync();
}
