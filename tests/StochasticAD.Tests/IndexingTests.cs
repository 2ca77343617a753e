using StochasticAD.Random;
using Xunit.Abstractions;
using StochasticAD.Tests.Statistics;
using Triple = StochasticAD.StochasticTriple<StochasticAD.Backends.PrunedJumps>;

namespace StochasticAD.Tests;

public class IndexingTests(ITestOutputHelper output)
{
    private static double BinomialPmf(int n, double p, int k) => MathNet.Numerics.Distributions.Binomial.PMF(p, n, k);

    /// <summary>d/dp of E[g(K, p)] for K ~ Binomial(3, p), by central difference on the exact sum (smooth in p).</summary>
    private static double ExactDerivative(Func<int, double, double> g, double p)
    {
        static double Mean(Func<int, double, double> g, double p)
        {
            double m = 0;
            for (int k = 0; k <= 3; k++)
            {
                m += BinomialPmf(3, p, k) * g(k, p);
            }

            return m;
        }

        const double h = 1e-5;
        return (Mean(g, p + h) - Mean(g, p - h)) / (2 * h);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-1.0)]
    public void Array_of_doubles_indexed_by_a_draw(double direction)
    {
        double[] values = [1, 4, 9, 16];
        const long seed = 301;
        var rng = new StochasticRandom(seed);
        var stats = Estimates.Sample(() => Derivative.Estimate(q => Indexing.At(values, rng.Binomial(3, q)), 0.4, direction), 40_000);
        double exact = direction * ExactDerivative((k, _) => values[k], 0.4);
        Estimates.AssertUnbiased($"double[] indexed by Binomial(3, p)", exact, stats, output, seed: seed);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-1.0)]
    public void Array_of_triples_indexed_by_a_draw(double direction)
    {
        const long seed = 302;
        var rng = new StochasticRandom(seed);
        var stats = Estimates.Sample(
            () => Derivative.Estimate(
                q =>
                {
                    Triple[] values = [q, q * q, 2 * q, Triple.Exp(q)];
                    return Indexing.At(values, rng.Binomial(3, q));
                },
                0.4,
                direction),
            40_000);
        double exact = direction * ExactDerivative((k, p) => k switch { 0 => p, 1 => p * p, 2 => 2 * p, _ => Math.Exp(p) }, 0.4);
        Estimates.AssertUnbiased($"triple[] indexed by Binomial(3, p)", exact, stats, output, seed: seed);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-1.0)]
    public void Array_holding_the_index_itself(double direction)
    {
        const long seed = 303;
        var rng = new StochasticRandom(seed);
        var stats = Estimates.Sample(
            () => Derivative.Estimate(
                q =>
                {
                    Triple k = rng.Binomial(3, q);
                    Triple[] values = [k, 5.0, 2 * k, q];
                    return Indexing.At(values, k);
                },
                0.4,
                direction),
            40_000);

        // values[K] is 0, 5, 4 or p for K = 0, 1, 2, 3.
        double exact = direction * ExactDerivative((k, p) => k switch { 0 => 0, 1 => 5, 2 => 4, _ => p }, 0.4);
        Estimates.AssertUnbiased($"array holding its own index", exact, stats, output, seed: seed);
    }

    [Fact]
    public void Bad_indices_fail_loudly()
    {
        double[] values = [1, 2, 3];
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Indexing.At(values, 3.0));
        Assert.Equal("index", ex.ParamName);
        Assert.Contains("3", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Indexing.At(values, 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Indexing.At(values, (Triple)(-1.0)));
        var dual = Assert.Throws<ArgumentException>(() => Derivative.Estimate(q => Indexing.At(values, q), 1.0));
        Assert.Equal("index", dual.ParamName);
    }

    [Fact]
    public void Plain_double_indexing_is_plain()
    {
        double[] values = [1, 2, 3];
        Assert.Equal(3.0, Indexing.At(values, 2.0));
        Assert.Equal(2.0f, Indexing.At<float>([1f, 2f, 3f], 1f));
    }
}
