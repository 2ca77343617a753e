using System.Globalization;
using StochasticAD.Distributions;
using StochasticAD.Random;
using StochasticAD.Tests.Statistics;
using Xunit.Abstractions;
using Triple = StochasticAD.StochasticTriple<StochasticAD.Backends.PrunedJumps>;

namespace StochasticAD.Tests.Families;

/// <summary>
/// The extension point's draw options (coupling modes, two-sided, enumeration coupling), its
/// derivative pieces against finite differences, the gamma's implicit derivative, and the
/// argument checks of the new draws (typed exceptions naming the parameter, with double and triple parameters).
/// </summary>
public class FamilyOptionsAndChecksTests(ITestOutputHelper output)
{
    private const int N = 10_000;
    private static readonly ZeroInflatedPoisson s_zip = new();
    private static readonly BetaBinomial s_betaBinomial8 = new(8);

    /// <summary>
    /// ZIP(0.2 + 0.2q, 3q) at q = 1 moves both edges of a cell in opposite ways for small k: every mode
    /// and strategy must still be unbiased, in both directions. Beta-binomial with a carried jump in α
    /// (α = 1 + q + 2·Bernoulli(q)) checks the enumeration coupling of a finite support.
    /// </summary>
    [Theory]
    [InlineData("ZIP", "AlwaysRight", +1, 8101)]
    [InlineData("ZIP", "AlwaysRight", -1, 8102)]
    [InlineData("ZIP", "AlwaysLeft", +1, 8103)]
    [InlineData("ZIP", "AlwaysLeft", -1, 8104)]
    [InlineData("ZIP", "TwoSided", +1, 8105)]
    [InlineData("ZIP", "TwoSided", -1, 8106)]
    [InlineData("BetaBinomial", "Enumeration", +1, 8107)]
    [InlineData("BetaBinomial", "Enumeration", -1, 8108)]
    [InlineData("BetaBinomial", "Inversion", +1, 8109)]
    [InlineData("BetaBinomial", "Inversion", -1, 8110)]
    public void Draw_options_keep_the_user_family_unbiased(string family, string option, double direction, long seed)
    {
        var options = option switch
        {
            "AlwaysRight" => new DrawOptions(Coupling: CouplingMode.AlwaysRight),
            "AlwaysLeft" => new DrawOptions(Coupling: CouplingMode.AlwaysLeft),
            "TwoSided" => new DrawOptions(Strategy: JumpStrategy.TwoSided),
            "Enumeration" => new DrawOptions(Propagation: PropagationCoupling.Enumeration),
            _ => default,
        };

        var rng = new StochasticRandom(seed);
        double q0;
        Func<double, int, double> pmf;
        Func<Triple, Triple> draw;
        int maxK;
        if (family == "ZIP")
        {
            q0 = 1;
            maxK = 80;
            pmf = (q, k) => s_zip.Pmf(k, [0.2 + (0.2 * q), 3 * q]);
            draw = q => rng.Discrete(s_zip, [0.2 + (0.2 * q), 3 * q], options);
        }
        else
        {
            q0 = 0.4;
            maxK = 8;
            pmf = (q, k) => ((1 - q) * s_betaBinomial8.Pmf(k, [1 + q, 2])) + (q * s_betaBinomial8.Pmf(k, [3 + q, 2]));
            draw = q => rng.Discrete(s_betaBinomial8, [1 + q + (2 * rng.Bernoulli(q)), 2.0], options);
        }

        double exact = direction * Estimates.ExactDerivative(pmf, k => (k + 1.0) * (k + 1), q0, maxK);
        var stats = Estimates.Sample(() => Derivative.Estimate(q => { Triple x = draw(q); return (x + 1) * (x + 1); }, q0, direction), N);
        Estimates.AssertUnbiased(string.Create(CultureInfo.InvariantCulture, $"{family} with {option} (q = {q0}), f = (x+1)^2, direction {direction:+0;-0}"), exact, stats, output, seed: seed);
    }

    [Fact]
    public void Dual_number_cdf_derivatives_match_finite_differences()
    {
        // The negative binomial: ∂F/∂p in closed form, ∂F/∂r by the dual-number evaluation of the CDF sum.
        var nb = NegativeBinomialFamily.Instance;
        foreach ((double r, double p, int k) in new[] { (2.5, 0.4, 0), (2.5, 0.4, 3), (0.7, 0.15, 12), (40.0, 0.8, 9) })
        {
            const double h = 1e-6;
            double byR = (nb.Cdf<double>(k, [r + h, p]) - nb.Cdf<double>(k, [r - h, p])) / (2 * h);
            double byP = (nb.Cdf<double>(k, [r, p + h]) - nb.Cdf<double>(k, [r, p - h])) / (2 * h);
            Assert.Equal(byR, nb.CdfDerivative(k, [r, p], 0), 7);
            Assert.Equal(byP, nb.CdfDerivative(k, [r, p], 1), 7);

            // The generic CDF sum (used for the dual numbers) agrees with the incomplete beta.
            var dual = new Triple[] { r, p };
            Assert.Equal(nb.Cdf<double>(k, [r, p]), nb.Cdf<Triple>(k, dual).Value, 12);
        }

        // The zero-inflated Poisson: both parameters by dual numbers.
        foreach ((double pi, double lambda, int k) in new[] { (0.3, 2.5, 0), (0.3, 2.5, 4), (0.05, 9.0, 11) })
        {
            const double h = 1e-6;
            Assert.Equal((s_zip.Cdf<double>(k, [pi + h, lambda]) - s_zip.Cdf<double>(k, [pi - h, lambda])) / (2 * h), s_zip.CdfDerivative(k, [pi, lambda], 0), 7);
            Assert.Equal((s_zip.Cdf<double>(k, [pi, lambda + h]) - s_zip.Cdf<double>(k, [pi, lambda - h])) / (2 * h), s_zip.CdfDerivative(k, [pi, lambda], 1), 7);
        }
    }

    [Theory]
    [InlineData(0.3, 0.05)]
    [InlineData(0.3, 0.9)]
    [InlineData(1.0, 0.5)]
    [InlineData(7.5, 0.01)]
    [InlineData(7.5, 0.999)]
    [InlineData(1e4, 0.3)]
    public void Gamma_shape_derivative_matches_the_quantile_at_a_fixed_level(double shape, double level)
    {
        double x = MathNet.Numerics.SpecialFunctions.GammaLowerRegularizedInv(shape, level);
        double h = 1e-5 * shape;
        double byQuantile = (MathNet.Numerics.SpecialFunctions.GammaLowerRegularizedInv(shape + h, level)
            - MathNet.Numerics.SpecialFunctions.GammaLowerRegularizedInv(shape - h, level)) / (2 * h);
        double implicitDerivative = x * GammaFunctions.RelativeShapeDerivative(shape, Math.Log(x));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"shape {shape}, level {level}: x = {x:G6}, dx/dk = {implicitDerivative:G10} (quantile difference {byQuantile:G10})"));
        Assert.Equal(byQuantile, implicitDerivative, 5 * Math.Max(1e-6, 1e-6 * Math.Abs(byQuantile)));
    }

    /// <summary>
    /// A shape jump of a draw deep in the lower tail (tiny shape, level below 1e-250, where the
    /// inverse CDF cannot be used): the new value solves x'^k'/Γ(k' + 1) = x^k/Γ(k + 1) to first
    /// order in x, on both sides of the switch to the Newton solution.
    /// </summary>
    [Theory]
    [InlineData(0.01, -56_000.0, 0.03)]
    [InlineData(0.01, -58_000.0, 0.03)]
    [InlineData(0.002, -300_000.0, 1.5)]
    public void Gamma_shape_jump_deep_in_the_lower_tail_keeps_the_level(double shape, double logX, double newShape)
    {
        double expected = ((shape * logX) - MathNet.Numerics.SpecialFunctions.GammaLn(shape + 1) + MathNet.Numerics.SpecialFunctions.GammaLn(newShape + 1)) / newShape;
        double actual = GammaFunctions.SameLevelLog(shape, logX, newShape);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"k {shape} -> {newShape}, log x = {logX}: log x' = {actual:R} (first order {expected:R})"));
        Assert.Equal(expected, actual, 1e-9 * Math.Abs(expected));
    }

    [Fact]
    public void Draws_work_with_double_and_other_number_types()
    {
        var rng = new StochasticRandom(8201);
        double zip = rng.Discrete(s_zip, [0.3, 2.5]);
        float nb = rng.NegativeBinomial(2.5f, 0.4f);
        double[] counts = rng.Multinomial(10, [0.2, 0.3, 0.5]);
        decimal[] countsM = rng.Multinomial(10, [0.2m, 0.3m, 0.5m]);
        double g = rng.Gamma(2.0, 3.0), b = rng.Beta(2.0, 2.0), w = rng.Weibull(1.5, 2.0), l = rng.Laplace(0.0, 1.0);
        float gf = rng.Gamma(2f, 3f);
        Assert.True(zip >= 0 && nb >= 0 && g > 0 && gf > 0 && b is > 0 and < 1 && w > 0 && double.IsFinite(l));
        Assert.Equal(10, counts.Sum());
        Assert.Equal(10m, countsM.Sum());
        Assert.InRange(rng.DiscreteUniform(3.0, 5.0), 3, 5);
        Assert.InRange(rng.Hypergeometric(20.0, 5.0, 8.0), 0, 5);
    }

    // ---------------------------------------------------------------- argument checks

    private sealed record Invalid(Action? WithDoubles, Action WithTriples, Type Exception, string ParamName, string MessagePart);

    private static Invalid Case(string name)
    {
        var rng = new StochasticRandom(8301);
        var run = new DifferentiationRun();
        Triple P(double v) => Triple.Parameter(v, 1, run);
        var outOfRange = typeof(ArgumentOutOfRangeException);
        return name switch
        {
            "NegativeBinomial r = -1" => new(() => rng.NegativeBinomial(-1.0, 0.5), () => rng.NegativeBinomial(P(-1), (Triple)0.5), outOfRange, "r", "-1"),
            "NegativeBinomial p = 0" => new(() => rng.NegativeBinomial(2.0, 0.0), () => rng.NegativeBinomial((Triple)2, P(0)), outOfRange, "p", "(0, 1]"),
            "ZIP pi = 1.5" => new(() => rng.Discrete(s_zip, [1.5, 2.0]), () => rng.Discrete(s_zip, [P(1.5), 2.0]), outOfRange, "pi", "1.5"),
            "ZIP one parameter" => new(() => rng.Discrete(s_zip, 0.5), () => rng.Discrete(s_zip, P(0.5)), typeof(ArgumentException), "parameters", "takes 2 parameters"),
            "DiscreteUniform upper < lower" => new(() => rng.DiscreteUniform(3.0, 2.0), () => rng.DiscreteUniform((Triple)3, (Triple)2), outOfRange, "upper", ">= lower"),
            "DiscreteUniform lower = 0.5" => new(() => rng.DiscreteUniform(0.5, 2.0), () => rng.DiscreteUniform((Triple)0.5, (Triple)2), outOfRange, "lower", "whole number"),
            "DiscreteUniform upper with a dual part" => new(null, () => rng.DiscreteUniform((Triple)0, P(4)), typeof(ArgumentException), "upper", "dual part"),
            "Hypergeometric successes > population" => new(() => rng.Hypergeometric(5.0, 6.0, 2.0), () => rng.Hypergeometric((Triple)5, (Triple)6, (Triple)2), outOfRange, "successes", "population"),
            "Multinomial sum 0.9" => new(() => rng.Multinomial(5, [0.5, 0.4]), () => rng.Multinomial(5, [P(0.5), 0.4]), typeof(ArgumentException), "probabilities", "sum to 1"),
            "Multinomial n = -1" => new(() => rng.Multinomial(-1, [0.5, 0.5]), () => rng.Multinomial(-1, [P(0.5), 0.5]), outOfRange, "n", "-1"),
            "Gamma shape = 0" => new(() => rng.Gamma(0.0, 1.0), () => rng.Gamma(P(0), (Triple)1), outOfRange, "shape", "> 0"),
            "Gamma rate = -2" => new(() => rng.Gamma(1.0, -2.0), () => rng.Gamma((Triple)1, P(-2)), outOfRange, "rate", "-2"),
            "Beta b = NaN" => new(() => rng.Beta(1.0, double.NaN), () => rng.Beta((Triple)1, P(double.NaN)), outOfRange, "b", "NaN"),
            "Weibull shape = 0" => new(() => rng.Weibull(0.0, 1.0), () => rng.Weibull(P(0), (Triple)1), outOfRange, "shape", "> 0"),
            "Laplace scale = 0" => new(() => rng.Laplace(0.0, 0.0), () => rng.Laplace((Triple)0, P(0)), outOfRange, "scale", "> 0"),
            "NegativeBinomial straight-through" => new(
                null,
                () => rng.NegativeBinomial(P(2), (Triple)0.5, new DrawOptions(Strategy: JumpStrategy.StraightThrough)),
                typeof(ArgumentException),
                "options",
                "straight-through"),
            "NegativeBinomial enumeration" => new(
                null,
                () => rng.NegativeBinomial(P(2), (Triple)0.5, new DrawOptions(Propagation: PropagationCoupling.Enumeration)),
                typeof(ArgumentException),
                "options",
                "finite support"),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown case"),
        };
    }

    public static TheoryData<string> InvalidCases =>
    [
        "NegativeBinomial r = -1", "NegativeBinomial p = 0", "ZIP pi = 1.5", "ZIP one parameter", "DiscreteUniform upper < lower",
        "DiscreteUniform lower = 0.5", "DiscreteUniform upper with a dual part", "Hypergeometric successes > population", "Multinomial sum 0.9",
        "Multinomial n = -1", "Gamma shape = 0", "Gamma rate = -2", "Beta b = NaN", "Weibull shape = 0", "Laplace scale = 0",
        "NegativeBinomial straight-through", "NegativeBinomial enumeration",
    ];

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Invalid_arguments_are_rejected_with_a_typed_exception(string name)
    {
        Invalid c = Case(name);
        foreach ((string path, Action? call) in new[] { ("double", c.WithDoubles), ("triple", c.WithTriples) })
        {
            if (call is null)
            {
                continue; // a check of triples only (a dual part, draw options)
            }

            ArgumentException ex = Assert.ThrowsAny<ArgumentException>(call);
            output.WriteLine($"{name} [{path}]: {ex.GetType().Name} (ParamName {ex.ParamName}): {ex.Message}");
            Assert.Equal(c.Exception, ex.GetType());
            Assert.Equal(c.ParamName, ex.ParamName);
            Assert.Contains(c.MessagePart, ex.Message, StringComparison.Ordinal);
        }
    }
}
