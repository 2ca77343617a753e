using System.Collections.Concurrent;
using System.Diagnostics;

namespace StochasticAD.Orleans;

public sealed partial class ClusterEstimator
{
    /// <summary>One estimate: the live silos, the batches, progress and statistics.</summary>
    private sealed class Run(ClusterEstimator owner, IProgress<EstimationProgress>? progress, CancellationToken cancellationToken)
    {
        private readonly ConcurrentDictionary<SiloAddress, bool> _failed = new();
        private readonly ConcurrentDictionary<string, bool> _used = new();
        private List<SiloAddress> _silos = [];
        private string _model = "";
        private string? _lastError;
        private int _batches;
        private int _redispatched;
        private long _completed;
        private long _planned;

        // Seconds per sample as the cluster delivers them (one silo's view); 0 until a batch returned.
        private double _secondsPerSample;

        public ClusterRunStatistics Statistics() => new(_batches, _redispatched, [.. _used.Keys.Order(StringComparer.Ordinal)]);

        /// <summary>
        /// Finds the live silos — every silo the membership lists as active that answers within
        /// <see cref="DescribeTimeout"/>, including one whose batch failed before (a call can fail while the
        /// cluster recovers from another silo's death) — and checks their version and that they know the model.
        /// </summary>
        public async Task<IReadOnlyList<SiloDescription>> DiscoverAsync(string model)
        {
            _model = model;
            DateTime deadline = DateTime.UtcNow + owner._options.NoSiloGracePeriod;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var hosts = await owner._grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).ConfigureAwait(false);
                var described = new List<(SiloAddress Silo, SiloDescription Description)>();
                foreach (SiloAddress silo in hosts.Keys.Order())
                {
                    try
                    {
                        SiloDescription d = await OnSilo(silo, () => owner.Worker(silo).DescribeAsync())
                            .WaitAsync(DescribeTimeout, cancellationToken).ConfigureAwait(false);
                        described.Add((silo, d));
                        _failed.TryRemove(silo, out _);
                    }
                    catch (Exception ex) when (ex is not ClusterEstimationException && !cancellationToken.IsCancellationRequested)
                    {
                        _failed[silo] = true;
                        _lastError = $"{silo}: {ex.GetType().Name}: {ex.Message}";
                    }
                }

                if (described.Count > 0)
                {
                    foreach (var (silo, d) in described)
                    {
                        if (d.ProtocolVersion != ClusterProtocol.Version)
                        {
                            throw new ClusterVersionMismatchException(
                                $"The silo {silo} speaks cluster protocol version {d.ProtocolVersion} (StochasticAD {d.LibraryVersion}) but this client speaks version {ClusterProtocol.Version}; run the same StochasticAD version on both.");
                        }

                        if (!d.Models.Contains(model, StringComparer.OrdinalIgnoreCase))
                        {
                            throw new UnknownModelException($"The silo {silo} does not know the model '{model}'. Its models: {string.Join(", ", d.Models)}.");
                        }
                    }

                    _silos = [.. described.Select(x => x.Silo)];
                    return [.. described.Select(x => x.Description)];
                }

                if (DateTime.UtcNow >= deadline)
                {
                    // A silo of another build may fail here before it can say its version: show its error.
                    throw new ClusterUnavailableException(
                        "No live silo is left in the cluster to run the estimate." + (_lastError is null ? "" : $" The last error: {_lastError}"));
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>The local engine's sample loop, with rounds dispatched to the cluster: fixed count, or rounds until the target.</summary>
        public async Task<(Moments[] Moments, bool Partial)> SampleAsync(JobSpec job, EstimationOptions options, bool reportProgress)
        {
            var total = new Moments[job.Dimension];
            IProgress<EstimationProgress>? report = reportProgress ? progress : null;
            if (options.TargetStandardError is null)
            {
                _planned = options.Samples;
                bool partial = await RoundAsync(job, 0, options.Samples, total, report).ConfigureAwait(false);
                return (total, partial);
            }

            long planned = Estimator.FirstRoundEnd(options);
            while (true)
            {
                _planned = planned;
                long start = total[0].Count;
                if (await RoundAsync(job, start, planned - start, total, report).ConfigureAwait(false))
                {
                    return (total, true);
                }

                if (Estimator.NextRoundEnd(options, total.AsSpan(0, job.TargetComponents)) is not long next)
                {
                    return (total, false);
                }

                planned = next;
            }
        }

        /// <summary>Samples [start, start + count) on the cluster and merges its blocks into <paramref name="total"/> in order; true when cancelled.</summary>
        private async Task<bool> RoundAsync(JobSpec job, long start, long count, Moments[] total, IProgress<EstimationProgress>? report)
        {
            var round = new Round(job, start, count);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            while (!stop.IsCancellationRequested && !round.Finished)
            {
                if (_silos.Count == 0)
                {
                    try
                    {
                        await DiscoverAsync(_model).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }
                }

                var loops = new List<Task>();
                int lanes = _silos.Count * owner._options.BatchesInFlightPerSilo;
                foreach (SiloAddress silo in _silos)
                {
                    for (int k = 0; k < owner._options.BatchesInFlightPerSilo; k++)
                    {
                        loops.Add(Task.Run(() => LaneAsync(silo, round, lanes, report, stop), CancellationToken.None));
                    }
                }

                await Task.WhenAll(loops).ConfigureAwait(false);

                _silos = [.. _silos.Where(s => !_failed.ContainsKey(s))];
            }

            return Estimator.MergeBlocks(round.Blocks, round.Done, total);
        }

        /// <summary>Sends batches to one silo until the round has none left, the silo fails, or the run stops.</summary>
        private async Task LaneAsync(SiloAddress silo, Round round, int lanes, IProgress<EstimationProgress>? report, CancellationTokenSource stop)
        {
            try
            {
                await SendBatchesAsync(silo, round, lanes, report, stop).ConfigureAwait(false);
            }
            catch (ClusterEstimationException)
            {
                // A job error (unknown model, bad setting, model failure, version, no silo left): stop the other silos too.
                await stop.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }

        private async Task SendBatchesAsync(SiloAddress silo, Round round, int lanes, IProgress<EstimationProgress>? report, CancellationTokenSource stop)
        {
            IEstimationWorkerGrain worker = owner.Worker(silo);
            while (!stop.IsCancellationRequested && !_failed.ContainsKey(silo) && round.TryTake(BlocksPerBatch(round, lanes), out Batch batch))
            {
                var request = new BatchRequest { Job = round.Job, Start = round.StartOf(batch), Count = round.CountOf(batch) };
                var timer = Stopwatch.StartNew();
                BatchResult result;
                try
                {
                    result = await OnSilo(silo, () => worker.RunBatchAsync(request, stop.Token)).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex) when (ex is not ClusterEstimationException)
                {
                    // The silo failed (stopped, crashed, unreachable): its batch runs again elsewhere.
                    _failed[silo] = true;
                    _lastError = $"{silo}: {ex.GetType().Name}: {ex.Message}";
                    if (batch.Attempts + 1 >= owner._options.MaxAttemptsPerBatch)
                    {
                        throw new ClusterUnavailableException(
                            $"A batch failed on {batch.Attempts + 1} silos; the last error: {ex.GetType().Name}: {ex.Message}", ex);
                    }

                    Interlocked.Increment(ref _redispatched);
                    round.Return(batch with { Attempts = batch.Attempts + 1 });
                    return;
                }

                round.Store(batch, result);
                _used[result.Silo] = true;
                Interlocked.Increment(ref _batches);
                Volatile.Write(ref _secondsPerSample, timer.Elapsed.TotalSeconds / request.Count);
                long now = Interlocked.Add(ref _completed, request.Count);
                report?.Report(new EstimationProgress(now, Math.Max(now, _planned)));
            }
        }

        /// <summary>Blocks per batch: about the target duration at the measured speed, and at most an even share of what is left.</summary>
        private long BlocksPerBatch(Round round, int lanes)
        {
            double secondsPerSample = Volatile.Read(ref _secondsPerSample);
            long byTime = secondsPerSample > 0
                ? (long)Math.Max(1, owner._options.TargetBatchDuration.TotalSeconds / secondsPerSample / round.Job.BlockSize)
                : 1;
            long share = Math.Max(1, round.BlocksLeft / (2L * lanes));
            return Math.Min(byTime, share);
        }
    }

    /// <summary>How long a silo may take to describe itself before it counts as gone for now.</summary>
    private static readonly TimeSpan DescribeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>A batch: blocks [FirstBlock, FirstBlock + Blocks) of a round.</summary>
    private readonly record struct Batch(long FirstBlock, long Blocks, int Attempts);

    /// <summary>The blocks of one round: which are handed out, which are done, and their sums.</summary>
    private sealed class Round(JobSpec job, long start, long count)
    {
        private readonly ConcurrentQueue<Batch> _returned = new();
        private long _nextBlock;
        private long _doneBlocks;

        public JobSpec Job { get; } = job;

        public long BlockCount { get; } = (count + job.BlockSize - 1) / job.BlockSize;

        public Moments[] Blocks { get; } = new Moments[(count + job.BlockSize - 1) / job.BlockSize * job.Dimension];

        public bool[] Done { get; } = new bool[(count + job.BlockSize - 1) / job.BlockSize];

        public bool Finished => Interlocked.Read(ref _doneBlocks) == BlockCount;

        public long BlocksLeft => Math.Max(0, BlockCount - Interlocked.Read(ref _nextBlock));

        public long StartOf(Batch b) => start + (b.FirstBlock * Job.BlockSize);

        public long CountOf(Batch b) => Math.Min(start + count, StartOf(b) + (b.Blocks * Job.BlockSize)) - StartOf(b);

        /// <summary>A returned batch first, else the next <paramref name="blocks"/> blocks; false when none is left.</summary>
        public bool TryTake(long blocks, out Batch batch)
        {
            if (_returned.TryDequeue(out batch))
            {
                return true;
            }

            long first = Interlocked.Add(ref _nextBlock, blocks) - blocks;
            if (first >= BlockCount)
            {
                batch = default;
                return false;
            }

            batch = new Batch(first, Math.Min(blocks, BlockCount - first), 0);
            return true;
        }

        public void Return(Batch batch) => _returned.Enqueue(batch);

        public void Store(Batch batch, BatchResult result)
        {
            int dimension = Job.Dimension;
            if (result.Counts.Length != batch.Blocks * dimension)
            {
                throw new ClusterEstimationException($"A silo returned {result.Counts.Length} block sums for a batch of {batch.Blocks} blocks of {dimension} components.");
            }

            for (int j = 0; j < result.Counts.Length; j++)
            {
                Blocks[(batch.FirstBlock * dimension) + j] = new Moments { Count = result.Counts[j], Mean = result.Means[j], M2 = result.SquaredDeviations[j] };
            }

            for (long b = batch.FirstBlock; b < batch.FirstBlock + batch.Blocks; b++)
            {
                Done[b] = true;
            }

            Interlocked.Add(ref _doneBlocks, batch.Blocks);
        }
    }
}
