using System.Diagnostics;
using System.Globalization;
using StochasticAD.Distributions;
using StochasticAD.Random;
using Xunit.Abstractions;

namespace StochasticAD.Tests;

/// <summary>
/// Goodness of fit of the samplers at small, moderate and huge parameters: a chi-square test of
/// <see cref="Samples"/> draws (fixed seed, printed) in about <see cref="Bins"/> bins of nearly
/// equal probability, whose expected counts come from the distribution's CDF. The test fails
/// when the statistic exceeds the 0.999 quantile of chi-square with (bins − 1) degrees of
/// freedom: a correct sampler fails one case in a thousand seeds, and these seeds are fixed.
/// Also: the draws whose value cannot fit an int are refused with a typed exception, in bounded time.
/// </summary>
public class SamplerGoodnessOfFitTests(ITestOutputHelper output)
{
    private const int Samples = 20_000;
    private const int Bins = 20;
    private const double Level = 0.999;

    public static TheoryData<string, long> DiscreteCases => new()
    {
        // Poisson: inversion below a mean of 10, PTRS from 10 on.
        { "Poisson(0.5)", 7001 }, { "Poisson(7)", 7002 }, { "Poisson(10)", 7003 }, { "Poisson(35.5)", 7004 },
        { "Poisson(10000)", 7005 }, { "Poisson(1e9)", 7006 }, { "Poisson(2e9)", 7007 },

        // Binomial: inversion below n·min(p, 1 − p) = 10, BTRS from there; p > ½ by symmetry.
        { "Binomial(5, 0.3)", 7101 }, { "Binomial(20, 0.5)", 7102 }, { "Binomial(1000, 0.005)", 7103 }, { "Binomial(1000, 0.37)", 7104 },
        { "Binomial(1000000, 0.9)", 7105 }, { "Binomial(1000000000, 0.5)", 7106 }, { "Binomial(2147483647, 1e-8)", 7107 },

        // Geometric: closed form.
        { "Geometric(0.9)", 7201 }, { "Geometric(0.3)", 7202 }, { "Geometric(0.001)", 7203 }, { "Geometric(1e-8)", 7204 },

        // Negative binomial: gamma–Poisson mixture; hypergeometric: inversion from the mode; discrete uniform.
        { "NegativeBinomial(2.5, 0.4)", 7601 }, { "NegativeBinomial(0.3, 0.001)", 7602 }, { "NegativeBinomial(1000000, 0.5)", 7603 },
        { "Hypergeometric(20, 8, 6)", 7604 }, { "Hypergeometric(1000000, 300000, 50000)", 7605 }, { "Hypergeometric(2000000000, 1000000000, 1000)", 7606 },
        { "DiscreteUniform(-3, 7)", 7607 },
    };

    private static IDiscreteDistribution Discrete(string name)
    {
        string[] a = name[(name.IndexOf('(', StringComparison.Ordinal) + 1)..^1].Split(", ");
        double P(int i) => double.Parse(a[i], CultureInfo.InvariantCulture);
        return name[..name.IndexOf('(', StringComparison.Ordinal)] switch
        {
            "Poisson" => new Poisson(P(0)),
            "Binomial" => new Binomial(int.Parse(a[0], CultureInfo.InvariantCulture), P(1)),
            "Geometric" => new Geometric(P(0)),
            "NegativeBinomial" => NegativeBinomialFamily.Instance.At([P(0), P(1)]),
            "Hypergeometric" => HypergeometricFamily.Instance.At([P(0), P(1), P(2)]),
            "DiscreteUniform" => DiscreteUniformFamily.Instance.At([P(0), P(1)]),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown family"),
        };
    }

    [Theory]
    [MemberData(nameof(DiscreteCases))]
    public void Discrete_sampler_fits_its_distribution(string name, long seed)
    {
        IDiscreteDistribution dist = Discrete(name);

        // Bins [lo_j, hi_j] cut at the quantiles j/Bins (merged where they coincide); the last is open.
        var upper = new List<int>();
        for (int j = 1; j < Bins; j++)
        {
            int q = dist.Quantile((double)j / Bins);
            if (upper.Count == 0 || q > upper[^1])
            {
                upper.Add(q);
            }
        }

        var expected = new double[upper.Count + 1];
        double previous = 0;
        for (int j = 0; j < upper.Count; j++)
        {
            double cdf = dist.Cdf(upper[j]);
            expected[j] = (cdf - previous) * Samples;
            previous = cdf;
        }

        expected[^1] = (1 - previous) * Samples;

        var rng = new StochasticRandom(seed);
        var observed = new double[expected.Length];
        for (int i = 0; i < Samples; i++)
        {
            int x = dist.Sample(rng);
            int bin = upper.BinarySearch(x);
            observed[bin < 0 ? ~bin : bin]++;
        }

        if (expected[^1] == 0)
        {
            // A finite support ends at the last cut: the open bin above it has no mass, and must stay empty.
            Assert.Equal(0, observed[^1]);
            expected = expected[..^1];
            observed = observed[..^1];
        }

        AssertChiSquare(name, seed, observed, expected);
    }

    public static TheoryData<double, long> GammaCases => new() { { 0.3, 7301 }, { 1, 7302 }, { 7.5, 7303 }, { 1e6, 7304 } };

    [Theory]
    [MemberData(nameof(GammaCases))]
    public void Gamma_sampler_fits_its_distribution(double shape, long seed)
    {
        var expected = new double[Bins];
        Array.Fill(expected, (double)Samples / Bins);
        var edges = new double[Bins - 1];
        for (int j = 1; j < Bins; j++)
        {
            edges[j - 1] = MathNet.Numerics.Distributions.Gamma.InvCDF(shape, 1, (double)j / Bins);
        }

        var rng = new StochasticRandom(seed);
        var observed = new double[Bins];
        for (int i = 0; i < Samples; i++)
        {
            int bin = Array.BinarySearch(edges, Samplers.Gamma(rng, shape));
            observed[bin < 0 ? ~bin : bin]++;
        }

        AssertChiSquare(string.Create(CultureInfo.InvariantCulture, $"Gamma({shape}, 1)"), seed, observed, expected);
    }

    private void AssertChiSquare(string name, long seed, double[] observed, double[] expected)
    {
        double statistic = 0;
        for (int j = 0; j < expected.Length; j++)
        {
            statistic += (observed[j] - expected[j]) * (observed[j] - expected[j]) / expected[j];
        }

        int df = expected.Length - 1;
        double threshold = MathNet.Numerics.Distributions.ChiSquared.InvCDF(df, Level);
        string line = string.Create(
            CultureInfo.InvariantCulture,
            $"{name}: seed {seed}, N = {Samples}, {expected.Length} bins, chi-square = {statistic:F2}, threshold ({Level} quantile, df {df}) = {threshold:F2}, p = {1 - MathNet.Numerics.Distributions.ChiSquared.CDF(df, statistic):F3}");
        output.WriteLine(line);
        Assert.True(df >= 2, $"Too few bins to test. {line}");
        Assert.True(statistic <= threshold, $"The sampler does not fit its distribution. {line}");
    }

    // ---------------------------------------------------------------- draws that cannot fit an int

    public static TheoryData<string> OverflowCases => ["Poisson(3e9)", "Poisson(1e300)", "Poisson(2.2e9)", "Geometric(1e-300)", "Geometric(1e-15)"];

    [Theory]
    [MemberData(nameof(OverflowCases))]
    public void Draw_that_cannot_fit_an_int_throws_a_typed_exception(string name)
    {
        IDiscreteDistribution dist = Discrete(name);
        string parameter = name.StartsWith("Poisson", StringComparison.Ordinal) ? "lambda" : "p";
        var rng = new StochasticRandom(7401);
        var ex = Assert.Throws<DrawOverflowException>(() => dist.Sample(rng));
        output.WriteLine($"{name}: {ex.Message}");
        Assert.Equal(parameter, ex.ParamName);
        Assert.True(ex.Draw > int.MaxValue);

        // The triple path samples the same way, and the coupled quantile refuses too.
        var run = new DifferentiationRun();
        var theta = StochasticTriple<StochasticAD.Backends.PrunedJumps>.Parameter(double.Parse(name[(name.IndexOf('(', StringComparison.Ordinal) + 1)..^1], CultureInfo.InvariantCulture), 1, run);
        Assert.Throws<DrawOverflowException>(() => parameter == "lambda" ? rng.Poisson(theta) : rng.Geometric(theta));
        Assert.Throws<DrawOverflowException>(() => dist.Quantile(0.5));
    }

    [Fact]
    public void Huge_binomial_and_poisson_draws_take_bounded_time()
    {
        // Not a speed assertion: the old samplers looped for ever (or 19 s per draw); these finish.
        // (Hypergeometric(2e9, 1e9, 1e9) walks from its mode: about σ ≈ 11 000 steps a draw.)
        var rng = new StochasticRandom(7501);
        var watch = Stopwatch.StartNew();
        long sum = 0;
        for (int i = 0; i < 1000; i++)
        {
            sum += (long)(rng.Binomial(1_000_000_000, 0.5) + rng.Binomial(int.MaxValue, 0.999) + rng.Poisson(2e9) + rng.Geometric(1e-8)
                + rng.Hypergeometric(2e9, 1e9, 1e9) + rng.NegativeBinomial(1e9, 0.5));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"6000 huge draws in {watch.Elapsed.TotalMilliseconds:F1} ms (sum {sum})"));
        Assert.True(sum > 0);
    }
}
