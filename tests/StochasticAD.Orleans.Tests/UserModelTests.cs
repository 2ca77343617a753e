using StochasticAD.Models;
using StochasticAD.Random;

namespace StochasticAD.Orleans.Tests;

/// <summary>A user's model, as a silo finds it in an assembly: a public StochasticModel with a parameterless constructor.</summary>
public sealed class CoinFlipsModel : StochasticModel
{
    public override string Name => "coin-flips";

    public override string Description => "X = number of heads in 5 flips of a p-coin; dE/dp = 5";

    public override double DefaultP => 0.3;

    public override string Range => "0 < p < 1";

    public override bool IsValid(double p) => p is > 0 and < 1;

    public override T Run<T>(T p, StochasticRandom rng)
    {
        T heads = T.Zero;
        for (int k = 0; k < 5; k++)
        {
            heads += rng.Bernoulli(p);
        }

        return heads;
    }
}

/// <summary>A user's model that fails: the cluster reports the model's error instead of retrying it on other silos.</summary>
public sealed class BrokenModel : StochasticModel
{
    public override string Name => "broken";

    public override string Description => "throws on every run";

    public override double DefaultP => 0.5;

    public override string Range => "any p";

    public override bool IsValid(double p) => true;

    public override T Run<T>(T p, StochasticRandom rng) => throw new InvalidOperationException("the broken model broke");
}

public sealed class UserModelTests
{
    [Fact]
    public void A_silo_finds_the_public_models_of_an_assembly()
    {
        var registry = new ModelRegistry(ModelRegistry.EntriesOf(typeof(CoinFlipsModel).Assembly));
        Assert.Contains("coin-flips", registry.Names);
        Assert.Contains("random-walk", registry.Names);
        Assert.IsType<CoinFlipsModel>(ModelCatalog.Create(registry.Find("COIN-FLIPS")!));
    }

    [Fact]
    public async Task A_user_model_runs_on_the_cluster_with_the_local_bits()
    {
        var builder = new global::Orleans.TestingHost.InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.AddEstimationWorkers(new ModelRegistry(ModelRegistry.EntriesOf(typeof(CoinFlipsModel).Assembly)), threads: 1));
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var options = new EstimationOptions { Seed = 41, Samples = 20_000 };
        EstimationResult remote = await new ClusterEstimator(cluster.Client).EstimateAsync(new ClusterEstimateRequest { Model = "coin-flips", P = 0.3, Options = options });
        EstimationResult local = Estimator.Derivative(new CoinFlipsModel(), 0.3, EstimatorKind.Triple, options);
        TestClusters.AssertSameBits(local, remote, "coin-flips seed 41");
        Assert.InRange((remote.Mean - 5) / remote.StandardError, -4, 4);

        var failed = await Assert.ThrowsAsync<ModelFailedException>(
            () => new ClusterEstimator(cluster.Client).EstimateAsync(new ClusterEstimateRequest { Model = "broken", P = 0.5, Options = options }));
        Assert.Contains("the broken model broke", failed.Message, StringComparison.Ordinal);
    }
}
