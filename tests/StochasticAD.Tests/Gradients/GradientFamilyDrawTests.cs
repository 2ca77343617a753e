using System.Globalization;
using System.Numerics;
using MathNet.Numerics;
using StochasticAD.Backends;
using StochasticAD.Random;
using StochasticAD.Tests.Families;
using StochasticAD.Tests.Statistics;
using Xunit.Abstractions;

namespace StochasticAD.Tests.Gradients;

/// <summary>
/// The family draws of issue 12 with the gradient triple (negative binomial, hypergeometric,
/// discrete uniform, a user-defined family, and the gamma draw's shape): every component unbiased,
/// in both signs (sign −1 runs the program at −p with every parameter negated inside: the left rules).
/// </summary>
public class GradientFamilyDrawTests(ITestOutputHelper output)
{
    private const int Samples = 20_000;
    private static readonly ZeroInflatedPoisson s_zip = new();

    public static TheoryData<int> Signs() => new() { 1, -1 };

    /// <summary>NegativeBinomial(r, p) with r and p functions of (a, b), a pushing p up and b down: E[X + X²/10].</summary>
    private static T NegativeBinomial<T>(T[] v, StochasticRandom rng) where T : INumber<T>
    {
        T a = v[0], b = v[1];
        T x = rng.NegativeBinomial(T.One + a + (T.CreateChecked(2) * b), T.CreateChecked(0.25) + (T.CreateChecked(0.3) * a) - (T.CreateChecked(0.1) * b));
        return x + (x * x / T.CreateChecked(10));
    }

    private static double NegativeBinomialMean(double[] v)
    {
        double r = 1 + v[0] + (2 * v[1]), p = 0.25 + (0.3 * v[0]) - (0.1 * v[1]);
        double mean = r * (1 - p) / p, variance = r * (1 - p) / (p * p);
        return mean + ((variance + (mean * mean)) / 10);
    }

    /// <summary>Hypergeometric(20, Binomial(10, a), Binomial(8, b)) · (a + b): both counts carry jumps into the draw.</summary>
    private static T Hypergeometric<T>(T[] v, StochasticRandom rng) where T : INumber<T>
    {
        T successes = rng.Binomial(10, v[0]);
        T draws = rng.Binomial(8, v[1]);
        return rng.Hypergeometric(T.CreateChecked(20), successes, draws) * (v[0] + v[1]);
    }

    private static double HypergeometricMean(double[] v) => 10 * v[0] * 8 * v[1] / 20 * (v[0] + v[1]);

    /// <summary>U² with U ~ DiscreteUniform(Binomial(4, a), 4 + Binomial(4, b)).</summary>
    private static T DiscreteUniform<T>(T[] v, StochasticRandom rng) where T : INumber<T>
    {
        T u = rng.DiscreteUniform(rng.Binomial(4, v[0]), T.CreateChecked(4) + rng.Binomial(4, v[1]));
        return u * u;
    }

    private static double DiscreteUniformMean(double[] v)
    {
        double mean = 0;
        for (int l = 0; l <= 4; l++)
        {
            for (int m = 0; m <= 4; m++)
            {
                double squares = 0;
                for (int k = l; k <= 4 + m; k++)
                {
                    squares += k * k;
                }

                mean += BinomialPmf(4, v[0], l) * BinomialPmf(4, v[1], m) * squares / (5 + m - l);
            }
        }

        return mean;
    }

    /// <summary>A user-defined family (zero-inflated Poisson) whose π and λ are functions of (a, b) of opposite signs: E[X + X²/10].</summary>
    private static T ZeroInflated<T>(T[] v, StochasticRandom rng) where T : INumber<T>
    {
        T a = v[0], b = v[1];
        T pi = T.CreateChecked(0.2) + (T.CreateChecked(0.3) * a) - (T.CreateChecked(0.2) * b);
        T x = rng.Discrete(s_zip, [pi, T.One + a + (T.CreateChecked(2) * b)]);
        return x + (x * x / T.CreateChecked(10));
    }

    private static double ZeroInflatedMean(double[] v)
    {
        double pi = 0.2 + (0.3 * v[0]) - (0.2 * v[1]), lambda = 1 + v[0] + (2 * v[1]);
        return (1 - pi) * (lambda + ((lambda + (lambda * lambda)) / 10));
    }

    /// <summary>Gamma(1 + a + b, 2 + a − b)²: the shape through the implicit reparameterisation.</summary>
    private static T Gamma<T>(T[] v, StochasticRandom rng) where T : INumber<T>, IExponentialFunctions<T>
    {
        T g = rng.Gamma(T.One + v[0] + v[1], T.CreateChecked(2) + v[0] - v[1]);
        return g * g;
    }

    private static double GammaMean(double[] v)
    {
        double k = 1 + v[0] + v[1], rate = 2 + v[0] - v[1];
        return k * (k + 1) / (rate * rate);
    }

    private static double BinomialPmf(int n, double p, int k) => SpecialFunctions.Binomial(n, k) * Math.Pow(p, k) * Math.Pow(1 - p, n - k);

    private void AssertUnbiased(string label, int sign, Func<double[], double> mean, Func<GradientTriple<PrunedJumps, Partials2>[], StochasticRandom, GradientTriple<PrunedJumps, Partials2>> program, double[] p)
    {
        double[] at = [.. p.Select(x => sign * x)];
        double[] exact = GradientPrograms.ExactGradient(v => mean([.. v.Select(x => sign * x)]), at);
        string name = string.Create(CultureInfo.InvariantCulture, $"{label}, sign {sign}");
        long seed = Estimates.StableSeed(name);
        var rng = new StochasticRandom(seed);
        var runs = new double[Samples][];
        for (int i = 0; i < Samples; i++)
        {
            runs[i] = Derivative.Gradient<PrunedJumps, Partials2>(v => program([.. v.Select(x => x * sign)], rng), at);
        }

        for (int j = 0; j < p.Length; j++)
        {
            int component = j, next = 0;
            var stats = Estimates.Sample(() => runs[next++][component], Samples);
            Estimates.AssertUnbiased(string.Create(CultureInfo.InvariantCulture, $"{name} ∂/∂p{j}"), exact[j], stats, output, seed: seed);
        }
    }

    [Theory]
    [MemberData(nameof(Signs))]
    public void Negative_binomial_is_unbiased_per_component(int sign) =>
        AssertUnbiased("negative binomial", sign, NegativeBinomialMean, NegativeBinomial, [0.6, 0.5]);

    [Theory]
    [MemberData(nameof(Signs))]
    public void Hypergeometric_carries_the_jumps_of_its_counts(int sign) =>
        AssertUnbiased("hypergeometric", sign, HypergeometricMean, Hypergeometric, [0.4, 0.7]);

    [Theory]
    [MemberData(nameof(Signs))]
    public void Discrete_uniform_carries_the_jumps_of_its_bounds(int sign) =>
        AssertUnbiased("discrete uniform", sign, DiscreteUniformMean, DiscreteUniform, [0.3, 0.6]);

    [Theory]
    [MemberData(nameof(Signs))]
    public void A_user_defined_family_is_unbiased_per_component(int sign) =>
        AssertUnbiased("zero-inflated Poisson", sign, ZeroInflatedMean, ZeroInflated, [0.6, 0.5]);

    [Theory]
    [MemberData(nameof(Signs))]
    public void Gamma_shape_is_differentiated_per_component(int sign) =>
        AssertUnbiased("gamma", sign, GammaMean, Gamma, [0.8, 0.5]);

    [Fact]
    public void A_count_with_a_dual_part_fails_loudly()
    {
        var rng = new StochasticRandom(2);
        var ex = Assert.Throws<ArgumentException>(() =>
            Derivative.Gradient<PrunedJumps, Partials2>(v => rng.Hypergeometric(GradientTriple<PrunedJumps, Partials2>.FromDouble(20), v[0], v[1]), [5.0, 4.0]));
        Assert.Contains("successes", ex.Message, StringComparison.Ordinal);
    }
}
