using System.Globalization;
using StochasticAD.Random;
using Xunit.Abstractions;

namespace StochasticAD.Engine.Tests;

/// <summary>Gradient and directional estimates of the engine on a two-parameter model with an exact gradient.</summary>
public class VectorEstimatorTests(ITestOutputHelper output)
{
    private static readonly double[] At = [0.3, 0.6];

    // E[X] = 10·p1·p2 + p2, so ∇E[X] = (10·p2, 10·p1 + 1) = (6, 4) at (0.3, 0.6).
    private static readonly double[] ExactGradient = [10 * At[1], (10 * At[0]) + 1];

    [Theory]
    [InlineData(EstimatorKind.Triple)]
    [InlineData(EstimatorKind.Score)]
    [InlineData(EstimatorKind.ScoreControlVariate)]
    [InlineData(EstimatorKind.FiniteDifference)]
    public void Gradient_is_unbiased_per_component(EstimatorKind kind)
    {
        // fd is exact in expectation here: E[X] is linear in each parameter.
        var options = new EstimationOptions { Seed = 17, Samples = 20_000 };
        GradientResult r = Estimator.Gradient(new BinomialTimesP2(), At, kind, options);
        Assert.Equal(20_000, r.Samples);
        Assert.False(r.Partial);
        for (int k = 0; k < 2; k++)
        {
            AssertUnbiased($"{Estimator.Name(kind)} ∂/∂p{k + 1}", r.Mean[k], r.StandardError[k], ExactGradient[k], options.Seed);
        }
    }

    [Theory]
    [InlineData(1.0, -2.0)]
    [InlineData(-1.0, 0.5)]
    [InlineData(0.0, 1.0)]
    public void Directional_is_the_gradient_times_the_direction_in_expectation(double d1, double d2)
    {
        double[] direction = [d1, d2];
        double exact = (ExactGradient[0] * d1) + (ExactGradient[1] * d2);
        var options = new EstimationOptions { Seed = 23, Samples = 20_000 };
        foreach (EstimatorKind kind in new[] { EstimatorKind.Triple, EstimatorKind.Score, EstimatorKind.FiniteDifference })
        {
            VectorEstimationResult r = Estimator.Directional(new BinomialTimesP2(), At, direction, kind, options);
            Assert.Equal(direction, r.Direction);
            AssertUnbiased(string.Create(CultureInfo.InvariantCulture, $"{Estimator.Name(kind)} along ({d1}, {d2})"), r.Mean, r.StandardError, exact, options.Seed);
        }
    }

    [Fact]
    public void Mean_of_a_vector_model_matches_the_exact_mean()
    {
        var options = new EstimationOptions { Seed = 5, Samples = 20_000 };
        VectorEstimationResult r = Estimator.Mean(new BinomialTimesP2(), At, options);
        Assert.Null(r.Direction);
        AssertUnbiased("E[X]", r.Mean, r.StandardError, (10 * At[0] * At[1]) + At[1], options.Seed);
    }

    [Theory]
    [InlineData(EstimatorKind.Triple)]
    [InlineData(EstimatorKind.ScoreControlVariate)]
    [InlineData(EstimatorKind.FiniteDifference)]
    public void Same_seed_gives_bit_identical_gradients_and_directionals_with_one_or_two_threads(EstimatorKind kind)
    {
        var one = new EstimationOptions { Seed = 9, Samples = 3000, MaxDegreeOfParallelism = 1 };
        var two = one with { MaxDegreeOfParallelism = 2 };
        GradientResult a = Estimator.Gradient(new BinomialTimesP2(), At, kind, one);
        GradientResult b = Estimator.Gradient(new BinomialTimesP2(), At, kind, two);
        for (int k = 0; k < 2; k++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(a.Mean[k]), BitConverter.DoubleToInt64Bits(b.Mean[k]));
            Assert.Equal(BitConverter.DoubleToInt64Bits(a.StandardDeviation[k]), BitConverter.DoubleToInt64Bits(b.StandardDeviation[k]));
        }

        VectorEstimationResult c = Estimator.Directional(new BinomialTimesP2(), At, [1, -2], kind, one);
        VectorEstimationResult d = Estimator.Directional(new BinomialTimesP2(), At, [1, -2], kind, two);
        Assert.Equal(BitConverter.DoubleToInt64Bits(c.Mean), BitConverter.DoubleToInt64Bits(d.Mean));
        Assert.Equal(BitConverter.DoubleToInt64Bits(c.StandardDeviation), BitConverter.DoubleToInt64Bits(d.StandardDeviation));
    }

    [Fact]
    public void Gradient_components_use_common_random_numbers()
    {
        // One scalar run per parameter (GradientChunk = -1): sample i of component k equals the directional sample along e_k on the same stream.
        var options = new EstimationOptions { Seed = 31, Samples = 1, MaxDegreeOfParallelism = 1, GradientChunk = -1 };
        GradientResult g = Estimator.Gradient(new BinomialTimesP2(), At, EstimatorKind.Triple, options);
        VectorEstimationResult e1 = Estimator.Directional(new BinomialTimesP2(), At, [1, 0], EstimatorKind.Triple, options);
        VectorEstimationResult e2 = Estimator.Directional(new BinomialTimesP2(), At, [0, 1], EstimatorKind.Triple, options);
        Assert.Equal(e1.Mean, g.Mean[0]);
        Assert.Equal(e2.Mean, g.Mean[1]);
    }

    [Fact]
    public void Target_standard_error_holds_for_every_component()
    {
        var options = new EstimationOptions { Seed = 3, TargetStandardError = 0.1, MinSamples = 500 };
        GradientResult r = Estimator.Gradient(new BinomialTimesP2(), At, EstimatorKind.Triple, options);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"samples {r.Samples}, stderr ({r.StandardError[0]:G3}, {r.StandardError[1]:G3})"));
        Assert.All(r.StandardError, se => Assert.True(se <= 0.1, $"stderr {se}"));
    }

    [Fact]
    public void Bad_vectors_fail_loudly_naming_the_parameter()
    {
        var model = new BinomialTimesP2();
        ArgumentException wrongLength = Assert.Throws<ArgumentException>(() => Estimator.Gradient(model, [0.3]));
        Assert.Equal("p", wrongLength.ParamName);
        ArgumentException wrongDirection = Assert.Throws<ArgumentException>(() => Estimator.Directional(model, At, [1, 2, 3]));
        Assert.Equal("direction", wrongDirection.ParamName);
        ArgumentOutOfRangeException notFinite = Assert.Throws<ArgumentOutOfRangeException>(() => Estimator.Gradient(model, [0.3, double.NaN]));
        Assert.Equal("p[1]", notFinite.ParamName);
        ArgumentOutOfRangeException badDirection = Assert.Throws<ArgumentOutOfRangeException>(() => Estimator.Directional(model, At, [double.PositiveInfinity, 0]));
        Assert.Equal("direction[0]", badDirection.ParamName);
    }

    private void AssertUnbiased(string label, double mean, double stderr, double exact, long seed)
    {
        double z = (mean - exact) / stderr;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label}: seed {seed}, mean = {mean:G8} ± {stderr:G4}, exact = {exact:G10}, z = {z:F2}"));
        Assert.True(double.IsFinite(mean) && stderr > 0, $"{label}: mean {mean} ± {stderr}");
        Assert.True(Math.Abs(z) <= 4, $"{label}: mean {mean} ± {stderr}, exact {exact}, z = {z:F2}");
    }

    /// <summary>X = Binomial(10, p1)·p2 + Bernoulli(p2): E[X] = 10·p1·p2 + p2.</summary>
    private sealed class BinomialTimesP2 : IVectorStochasticModel
    {
        public string Name => "binomial-times-p2";

        public int Dimension => 2;

        T IVectorStochasticModel.Run<T>(ReadOnlySpan<T> p, StochasticRandom rng) =>
            (rng.Binomial(10, p[0]) * p[1]) + rng.Bernoulli(p[1]);
    }
}
