using System.Numerics;
using StochasticAD.Random;
using Xunit.Abstractions;
using StochasticAD.Tests.Statistics;

namespace StochasticAD.Tests;

/// <summary>The random walk of method §10: X₀ = 0, n steps of ±1, P(+1 | X) = exp(−X/p); output f(X) = X².</summary>
public class RandomWalkTests(ITestOutputHelper output)
{
    public static T Walk<T>(int n, T p, StochasticRandom rng) where T : INumber<T>, IExponentialFunctions<T>
    {
        T x = T.Zero;
        for (int i = 0; i < n; i++)
        {
            T up = rng.Bernoulli(T.Exp(-x / p));
            x += up + up - T.One;
        }

        return x * x;
    }

    /// <summary>E[X²] exactly, by propagating the distribution of X (the library model's chain).</summary>
    public static double ExactMeanOfSquare(int n, double p) => StochasticAD.Models.RandomWalkModel.ExactMeanOfSquare(n, p);

    [Fact]
    public void Exact_chain_reproduces_the_published_reference_values()
    {
        // Central difference on the exact (smooth) mean: error O(h²) ≈ 1e-7 here.
        const double h = 1e-3;
        double d = (ExactMeanOfSquare(50, 100 + h) - ExactMeanOfSquare(50, 100 - h)) / (2 * h);
        Assert.Equal(7.558188194, d, 5);
        Assert.Equal(1007.798935, ExactMeanOfSquare(100, 50), 5);
    }

    [Theory]
    [InlineData(1.0, 7.558188194)]
    [InlineData(-1.0, -7.558188194)]
    public void Mean_of_triple_estimates_matches_the_exact_derivative(double direction, double exact)
    {
        const long seed = 20240050;
        var rng = new StochasticRandom(seed);
        var stats = Estimates.Sample(() => Derivative.Estimate(q => Walk(50, q, rng), 100, direction), 20_000);
        Estimates.AssertUnbiased($"random walk n=50 p=100 f=X² direction {direction}", exact, stats, output, seed: seed);
    }
}
