namespace StochasticAD.Orleans.Tests;

/// <summary>1, 2 and 3 silos give the local engine's bits for the same request.</summary>
public sealed class SameBitsTests
{
    private static readonly ClusterEstimateRequest[] s_requests =
    [
        new() { Model = "random-walk", P = 10, Estimator = "triple", Options = new() { Seed = 11, Samples = 20_000, Backend = StochasticAD.Backends.BackendCatalog.Parse("smoothed") } },
        new() { Model = "random-walk", P = 10, Estimator = "fd", Options = new() { Seed = 12, Samples = 20_000, BlockSize = 100 } },
        new() { Model = "crazy", P = 0.6, Estimator = "score-cv", Options = new() { Seed = 13, Samples = 30_001, BaselineSamples = 777 } },
        new() { Model = "crazy", P = 0.6, Estimator = "value", Options = new() { Seed = 14, Samples = 5_000 } },
        new()
        {
            Model = "game-of-life", P = 0.5, Estimator = "triple",
            Settings = new Dictionary<string, double> { ["half-width"] = 2, ["steps"] = 3 },
            Options = new() { Seed = 15, TargetStandardError = 0.05, MinSamples = 500, MaxSamples = 60_000 },
        },
        new() { Model = "sir", P = 0.1, Estimator = "score", Settings = new Dictionary<string, double> { ["agents"] = 50, ["steps"] = 10 }, Options = new() { Seed = 16, Samples = 3_000 } },
    ];

    [Fact]
    public async Task One_two_and_three_silos_give_the_local_engines_bits()
    {
        EstimationResult[] local = Array.ConvertAll(s_requests, TestClusters.Local);
        await using var cluster = await TestClusters.StartAsync(1);
        var estimator = new ClusterEstimator(cluster.Client);
        for (int silos = 1; silos <= 3; silos++)
        {
            if (silos > 1)
            {
                await cluster.StartAdditionalSiloAsync();
                await cluster.WaitForLivenessToStabilizeAsync();
            }

            for (int r = 0; r < s_requests.Length; r++)
            {
                ClusterEstimateRequest request = s_requests[r];
                EstimationResult remote = await estimator.EstimateAsync(request);
                TestClusters.AssertSameBits(local[r], remote, $"{silos} silo(s), {request.Model} {request.Estimator} seed {request.Options.Seed}");
            }

            // The first request is long enough for every silo to get batches.
            await estimator.EstimateAsync(s_requests[0]);
            Assert.Equal(silos, estimator.LastRun!.Silos.Count);
        }
    }
}
