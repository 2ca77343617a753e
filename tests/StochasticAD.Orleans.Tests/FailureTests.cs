using System.Diagnostics;
using Xunit.Abstractions;

namespace StochasticAD.Orleans.Tests;

/// <summary>Silos stopped (cleanly or not) in the middle of a job: the job completes with the same bits; cancellation.</summary>
public sealed class FailureTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Silos_stopped_or_killed_mid_job_leave_the_result_complete_and_identical()
    {
        var request = new ClusterEstimateRequest
        {
            Model = "random-walk", P = 10, Estimator = "triple",
            Settings = new Dictionary<string, double> { ["steps"] = 200 },
            Options = new() { Seed = 21, Samples = 60_000 },
        };
        EstimationResult local = TestClusters.Local(request);
        await using var cluster = await TestClusters.StartAsync(3);

        // Short batches, so that the stopped silo has work in flight when it goes.
        var estimator = new ClusterEstimator(cluster.Client, new ClusterEstimatorOptions { TargetBatchDuration = TimeSpan.FromMilliseconds(50) });
        var fifth = new TaskCompletionSource();
        var twoFifths = new TaskCompletionSource();
        var progress = new Progress(p =>
        {
            if (p.Completed >= request.Options.Samples / 5)
            {
                fifth.TrySetResult();
            }

            if (p.Completed >= 2 * request.Options.Samples / 5)
            {
                twoFifths.TrySetResult();
            }
        });
        Task<EstimationResult> job = estimator.EstimateAsync(request, progress);

        // One silo leaves cleanly, another dies without a word; the primary finishes the job.
        await fifth.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var stopped = cluster.Silos[2];
        await cluster.StopSiloAsync(stopped);
        await twoFifths.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var killed = cluster.Silos[1];
        await cluster.KillSiloAsync(killed);
        EstimationResult remote = await job.WaitAsync(TimeSpan.FromSeconds(90));
        TestClusters.AssertSameBits(local, remote, $"silos stopped and killed mid-job, seed {request.Options.Seed}");
        ClusterRunStatistics run = estimator.LastRun!;
        output.WriteLine($"stopped {stopped.SiloAddress}, killed {killed.SiloAddress}; batches {run.Batches}, re-dispatched {run.Redispatched}, silos {string.Join(", ", run.Silos)}");
        Assert.Contains(stopped.SiloAddress.ToString(), run.Silos);
        Assert.Contains(killed.SiloAddress.ToString(), run.Silos);
    }

    /// <summary>Reports synchronously (System.Progress posts to the thread pool and may report late).</summary>
    private sealed class Progress(Action<EstimationProgress> report) : IProgress<EstimationProgress>
    {
        public void Report(EstimationProgress value) => report(value);
    }

    [Fact]
    public async Task Cancellation_stops_every_silos_work_promptly_and_returns_a_partial_result()
    {
        await using var cluster = await TestClusters.StartAsync(2);
        var estimator = new ClusterEstimator(cluster.Client);
        var request = new ClusterEstimateRequest
        {
            Model = "random-walk", P = 10, Estimator = "triple",
            Settings = new Dictionary<string, double> { ["steps"] = 1000 },
            Options = new() { Seed = 31, Samples = 100_000_000 },
        };
        using var cts = new CancellationTokenSource();
        var started = new TaskCompletionSource();
        Task<EstimationResult> job = estimator.EstimateAsync(request, new Progress(_ => started.TrySetResult()), cts.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var timer = Stopwatch.StartNew();
        await cts.CancelAsync();
        EstimationResult partial = await job.WaitAsync(TimeSpan.FromSeconds(30));
        TimeSpan toReturn = timer.Elapsed;
        Assert.True(partial.Partial);
        Assert.InRange(partial.Samples, 1, request.Options.Samples - 1);

        // Every silo's worker stops its threads soon after.
        foreach (var silo in cluster.GetActiveSilos())
        {
            var worker = cluster.Client.GetGrain<IEstimationWorkerGrain>(silo.SiloAddress.ToParsableString());
            while ((await worker.DescribeAsync()).RunningBatches > 0)
            {
                // Generous for a loaded test machine: a batch stops after its current sample (about 0.1 ms here).
                Assert.True(timer.Elapsed < TimeSpan.FromSeconds(10), $"The silo {silo.SiloAddress} still runs a batch {timer.Elapsed} after cancellation.");
                await Task.Delay(20);
            }
        }

        output.WriteLine($"returned {toReturn.TotalMilliseconds:F0} ms after cancellation with {partial.Samples} samples; every silo idle after {timer.Elapsed.TotalMilliseconds:F0} ms");
        Assert.True(toReturn < TimeSpan.FromSeconds(10), $"The estimate returned {toReturn} after cancellation.");
    }

    [Fact]
    public async Task Cancellation_reaches_inside_a_single_long_sample_on_a_silo()
    {
        // One sample of this board takes minutes (401² cells × 10 000 steps, a draw per cell and step):
        // only a token checked inside the sample (by its generator) stops it within seconds.
        await using var cluster = await TestClusters.StartAsync(1);
        var estimator = new ClusterEstimator(cluster.Client);
        var request = new ClusterEstimateRequest
        {
            Model = "game-of-life", P = 0.5, Estimator = "value",
            Settings = new Dictionary<string, double> { ["half-width"] = 200, ["steps"] = 10_000 },
            Options = new() { Seed = 37, Samples = 2, BlockSize = 1 },
        };
        using var cts = new CancellationTokenSource();
        Task<EstimationResult> job = estimator.EstimateAsync(request, null, cts.Token);
        var silo = cluster.GetActiveSilos().Single();
        var worker = cluster.Client.GetGrain<IEstimationWorkerGrain>(silo.SiloAddress.ToParsableString());
        var waiting = Stopwatch.StartNew();
        while ((await worker.DescribeAsync()).RunningBatches == 0)
        {
            Assert.True(waiting.Elapsed < TimeSpan.FromSeconds(60), "The silo never started the batch.");
            await Task.Delay(20);
        }

        await Task.Delay(500); // well inside the first sample
        var timer = Stopwatch.StartNew();
        await cts.CancelAsync();
        while ((await worker.DescribeAsync()).RunningBatches > 0)
        {
            Assert.True(timer.Elapsed < TimeSpan.FromSeconds(15), $"The silo still runs its batch {timer.Elapsed} after cancellation: the sample did not see the token.");
            await Task.Delay(20);
        }

        TimeSpan stopped = timer.Elapsed;
        EstimationResult partial = await job.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(partial.Partial);
        Assert.Equal(0, partial.Samples);
        output.WriteLine($"the silo stopped its one long sample {stopped.TotalMilliseconds:F0} ms after cancellation");
    }
}
