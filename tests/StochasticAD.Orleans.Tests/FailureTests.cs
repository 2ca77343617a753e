using System.Diagnostics;

namespace StochasticAD.Orleans.Tests;

/// <summary>A silo stopped in the middle of a job: the job completes with the same bits.</summary>
public sealed class FailureTests
{
    [Fact]
    public async Task A_silo_stopped_mid_job_leaves_the_result_complete_and_identical()
    {
        var request = new ClusterEstimateRequest
        {
            Model = "random-walk", P = 10, Estimator = "triple",
            Settings = new Dictionary<string, double> { ["steps"] = 200 },
            Options = new() { Seed = 21, Samples = 120_000 },
        };
        EstimationResult local = TestClusters.Local(request);
        await using var cluster = await TestClusters.StartAsync(3);

        // Short batches, so that the stopped silo has work in flight when it goes.
        var estimator = new ClusterEstimator(cluster.Client, new ClusterEstimatorOptions { TargetBatchDuration = TimeSpan.FromMilliseconds(50) });
        var halfway = new TaskCompletionSource();
        var progress = new Progress(p =>
        {
            if (p.Completed >= request.Options.Samples / 5)
            {
                halfway.TrySetResult();
            }
        });
        Task<EstimationResult> job = estimator.EstimateAsync(request, progress);
        await halfway.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await cluster.StopSiloAsync(cluster.Silos[^1]);
        EstimationResult remote = await job.WaitAsync(TimeSpan.FromSeconds(90));
        TestClusters.AssertSameBits(local, remote, $"silo stopped mid-job, seed {request.Options.Seed}");
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
                Assert.True(timer.Elapsed < TimeSpan.FromSeconds(5), $"The silo {silo.SiloAddress} still runs a batch {timer.Elapsed} after cancellation.");
                await Task.Delay(20);
            }
        }

        Assert.True(toReturn < TimeSpan.FromSeconds(5), $"The estimate returned {toReturn} after cancellation.");
    }
}
