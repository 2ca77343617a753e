using StochasticAD.Random;

namespace StochasticAD.Orleans.Tests;

/// <summary>A user's model of two parameters: X = Bernoulli(p₀) + 2 Bernoulli(p₁) + p₀p₁, ∇E[X] = (1 + p₁, 2 + p₀).</summary>
public sealed class TwoCoinsModel : IVectorStochasticModel
{
    public string Name => "two-coins";

    public int Dimension => 2;

    // An explicit implementation inherits the interface's model constraint (docs/writing-models.md).
    T IVectorStochasticModel.Run<T>(ReadOnlySpan<T> p, StochasticRandom rng) =>
        rng.Bernoulli(p[0]) + (T.CreateChecked(2) * rng.Bernoulli(p[1])) + (p[0] * p[1]);
}

/// <summary>Models of several parameters: E[X(p)], directional derivatives and gradients with the local engine's bits.</summary>
public sealed class VectorModelTests
{
    private static readonly double[] s_p = [0.3, 0.6];
    private static readonly double[] s_direction = [1, -2];

    [Fact]
    public async Task Gradients_directional_derivatives_and_means_of_a_vector_model_have_the_local_bits_on_two_silos()
    {
        var builder = new global::Orleans.TestingHost.InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) => silo.AddEstimationWorkers(
            new ModelRegistry(vectorModels: ModelRegistry.VectorEntriesOf(typeof(TwoCoinsModel).Assembly)), threads: 1));
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var estimator = new ClusterEstimator(cluster.Client);
        var model = new TwoCoinsModel();
        var local = new EstimationOptions { Seed = 51, Samples = 20_000, MaxDegreeOfParallelism = 2 };

        foreach (string kind in new[] { "triple", "score-cv", "fd" })
        {
            EstimatorKind k = Estimator.TryParse(kind, out var parsed) ? parsed : throw new ArgumentException(kind);
            var options = local with { Seed = local.Seed + kind.Length };
            GradientResult expected = Estimator.Gradient(model, s_p, k, options);
            GradientResult actual = await estimator.GradientAsync(new ClusterVectorRequest { Model = "two-coins", Parameters = s_p, Estimator = kind, Options = options });
            Assert.False(actual.Partial);
            Assert.Equal(expected.Samples, actual.Samples);
            for (int c = 0; c < 2; c++)
            {
                Assert.True(
                    BitConverter.DoubleToInt64Bits(expected.Mean[c]) == BitConverter.DoubleToInt64Bits(actual.Mean[c])
                    && BitConverter.DoubleToInt64Bits(expected.StandardError[c]) == BitConverter.DoubleToInt64Bits(actual.StandardError[c]),
                    $"{kind} gradient[{c}], seed {options.Seed}: local {expected.Mean[c]:R} ± {expected.StandardError[c]:R}, cluster {actual.Mean[c]:R} ± {actual.StandardError[c]:R}");
            }

            // Exact ∇E[X] = (1 + p₁, 2 + p₀); fd is exact here too (X is linear in each coin's probability).
            Assert.InRange((actual.Mean[0] - 1.6) / actual.StandardError[0], -4, 4);
            Assert.InRange((actual.Mean[1] - 2.3) / actual.StandardError[1], -4, 4);
        }

        VectorEstimationResult directional = await estimator.EstimateVectorAsync(new ClusterVectorRequest { Model = "two-coins", Parameters = s_p, Direction = s_direction, Options = local });
        AssertSameBits(Estimator.Directional(model, s_p, s_direction, EstimatorKind.Triple, local), directional, "directional");
        VectorEstimationResult mean = await estimator.EstimateVectorAsync(new ClusterVectorRequest { Model = "two-coins", Parameters = s_p, Estimator = "value", Options = local with { TargetStandardError = 0.01 } });
        AssertSameBits(Estimator.Mean(model, s_p, local with { TargetStandardError = 0.01 }), mean, "mean with a target stderr");

        await Assert.ThrowsAsync<InvalidJobException>(() => estimator.GradientAsync(new ClusterVectorRequest { Model = "two-coins", Parameters = [0.3], Options = local }));
        await Assert.ThrowsAsync<InvalidJobException>(() => estimator.EstimateVectorAsync(new ClusterVectorRequest { Model = "two-coins", Parameters = s_p, Options = local }));
        await Assert.ThrowsAsync<InvalidJobException>(() => estimator.EstimateAsync(new ClusterEstimateRequest { Model = "two-coins", P = 0.3, Options = local }));
    }

    private static void AssertSameBits(VectorEstimationResult expected, VectorEstimationResult actual, string what)
    {
        Assert.False(actual.Partial, what);
        Assert.Equal(expected.Samples, actual.Samples);
        Assert.True(
            BitConverter.DoubleToInt64Bits(expected.Mean) == BitConverter.DoubleToInt64Bits(actual.Mean)
            && BitConverter.DoubleToInt64Bits(expected.StandardError) == BitConverter.DoubleToInt64Bits(actual.StandardError),
            $"{what}: local {expected.Mean:R} ± {expected.StandardError:R}, cluster {actual.Mean:R} ± {actual.StandardError:R}");
        Assert.Equal((expected.Model, expected.Estimator, expected.Backend), (actual.Model, actual.Estimator, actual.Backend));
    }
}
