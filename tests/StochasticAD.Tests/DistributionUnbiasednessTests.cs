using System.Globalization;
using System.Numerics;
using StochasticAD.Random;
using StochasticAD.Tests.Statistics;
using Xunit.Abstractions;
using Triple = StochasticAD.StochasticTriple<StochasticAD.Backends.PrunedJumps>;

namespace StochasticAD.Tests;

/// <summary>
/// Statistical tests: the mean of many derivative estimates (default pruned backend) must be
/// within 4 standard errors of the exact derivative of the program's mean, for every
/// distribution, several test functions and both directions (+1: right rules, −1: left rules,
/// whose mean is −dE/dθ). Every case has its own fixed, printed seed, so the tests are
/// deterministic. Also: the argument checks of the draws, with double and triple parameters.
/// </summary>
public class DistributionUnbiasednessTests(ITestOutputHelper output)
{
    /// <summary>Estimates per case: a few tens of milliseconds each.</summary>
    private const int N = 20_000;

    private static string Dir(double direction) => direction > 0 ? "+1" : "-1";

    private static string Label(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    // ============================================================================ one-parameter discrete families

    private static readonly string[] s_families = ["Bernoulli", "Binomial", "Geometric", "Poisson"];
    private static readonly string[] s_functions = ["7x-3", "(x+1)^2", "sqrt(x+1)"];

    public static TheoryData<string, string, double, long> FamilyCases
    {
        get
        {
            var data = new TheoryData<string, string, double, long>();
            long seed = 1001;
            foreach (string family in s_families)
            {
                foreach (string function in s_functions)
                {
                    data.Add(family, function, +1, seed++);
                    data.Add(family, function, -1, seed++);
                }
            }

            return data;
        }
    }

    /// <summary>The test functions, once for every number type (double for the exact sums, triples for the estimates).</summary>
    private static T F<T>(string function, T x) where T : INumber<T>, IRootFunctions<T> => function switch
    {
        "7x-3" => (T.CreateChecked(7) * x) - T.CreateChecked(3),
        "(x+1)^2" => (x + T.One) * (x + T.One),
        "sqrt(x+1)" => T.Sqrt(x + T.One),
        _ => throw new ArgumentOutOfRangeException(nameof(function), function, "unknown test function"),
    };

    private static Triple Draw(string family, StochasticRandom rng, Triple q) => family switch
    {
        "Bernoulli" => rng.Bernoulli(q),
        "Binomial" => rng.Binomial(10, q),
        "Geometric" => rng.Geometric(q),
        "Poisson" => rng.Poisson(q),
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "unknown family"),
    };

    private static (double Theta, Func<double, int, double> Pmf, int? MaxK) Family(string family) => family switch
    {
        "Bernoulli" => (0.3, Estimates.BernoulliPmf, 1),
        "Binomial" => (0.4, (p, k) => Estimates.BinomialPmf(10, p, k), 10),
        "Geometric" => (0.35, Estimates.GeometricPmf, null),
        "Poisson" => (2.5, Estimates.PoissonPmf, null),
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "unknown family"),
    };

    [Theory]
    [MemberData(nameof(FamilyCases))]
    public void Discrete_family_derivative_is_unbiased(string family, string function, double direction, long seed)
    {
        var rng = new StochasticRandom(seed);
        var (theta, pmf, maxK) = Family(family);
        double exact = direction * Estimates.ExactDerivative(pmf, k => F<double>(function, k), theta, maxK);
        var stats = Estimates.Sample(() => Derivative.Estimate(q => F(function, Draw(family, rng, q)), theta, direction), N);
        Estimates.AssertUnbiased(Label($"{family}({theta}), f = {function}, direction {Dir(direction)}"), exact, stats, output, seed: seed);
    }

    /// <summary>The exact-sum derivatives agree with closed forms (a second computation of the reference values).</summary>
    [Fact]
    public void Exact_derivatives_match_closed_forms()
    {
        static double D(string family, string function)
        {
            var (theta, pmf, maxK) = Family(family);
            return Estimates.ExactDerivative(pmf, k => F<double>(function, k), theta, maxK);
        }

        // Bernoulli: E[7X−3] = 7p − 3; (X+1)² = 1 + 3X on {0, 1}; √(X+1) = 1 + (√2 − 1)X.
        Assert.Equal(7, D("Bernoulli", "7x-3"), 8);
        Assert.Equal(3, D("Bernoulli", "(x+1)^2"), 8);
        Assert.Equal(Math.Sqrt(2) - 1, D("Bernoulli", "sqrt(x+1)"), 8);

        // Binomial(10, p): E[X] = np; E[(X+1)²] = np(1−p) + (np+1)², derivative n(1−2p) + 2n(np+1) = 2 + 100 at p = 0.4.
        Assert.Equal(70, D("Binomial", "7x-3"), 7);
        Assert.Equal(102, D("Binomial", "(x+1)^2"), 7);

        // Geometric(p): E[X] = (1−p)/p, derivative −1/p²; E[(X+1)²] = (2−p)/p², derivative (p−4)/p³.
        Assert.Equal(-7 / (0.35 * 0.35), D("Geometric", "7x-3"), 6);
        Assert.Equal((0.35 - 4) / (0.35 * 0.35 * 0.35), D("Geometric", "(x+1)^2"), 6);

        // Poisson(λ): E[X] = λ; E[(X+1)²] = λ + (λ+1)², derivative 1 + 2(λ+1) = 8 at λ = 2.5.
        Assert.Equal(7, D("Poisson", "7x-3"), 7);
        Assert.Equal(8, D("Poisson", "(x+1)^2"), 7);

        // Thinning: Binomial(Binomial(10, p), 0.3) ~ Binomial(10, 0.3p); E[Y²] = 3p + 8.1p².
        Assert.Equal(3 + (16.2 * 0.4), Estimates.ExactDerivative((p, k) => Estimates.BinomialPmf(10, 0.3 * p, k), k => (double)k * k, 0.4, 10), 7);
    }

    // ============================================================================ categorical

    /// <summary>
    /// Probabilities [0, p², 0, 0, 1 − p²] at p = 0.6: E[f(K)] = f(1)p² + f(4)(1 − p²), so
    /// dE/dp = 2p(f(1) − f(4)): −3.6 for f(k) = k, −18 for f(k) = k². The zero entries between
    /// the two live categories must be walked past by the jumps.
    /// </summary>
    [Theory]
    [InlineData("k", +1, 2001)]
    [InlineData("k", -1, 2002)]
    [InlineData("k^2", +1, 2003)]
    [InlineData("k^2", -1, 2004)]
    public void Categorical_with_zero_entries_is_unbiased(string function, double direction, long seed)
    {
        const double P = 0.6;
        Func<double, double> f = function == "k" ? k => k : k => k * k;
        double exact = direction * 2 * P * (f(1) - f(4));
        double bySum = direction * Estimates.ExactDerivative((p, k) => k == 1 ? p * p : k == 4 ? 1 - (p * p) : 0, k => f(k), P, 4);
        Assert.Equal(exact, bySum, 7);

        var rng = new StochasticRandom(seed);
        var stats = Estimates.Sample(
            () => Derivative.Estimate(
                q =>
                {
                    Triple k = rng.Categorical(new Triple[] { 0, q * q, 0, 0, 1 - (q * q) });
                    return function == "k" ? k : k * k;
                },
                P,
                direction),
            N);
        Estimates.AssertUnbiased(Label($"Categorical [0, p², 0, 0, 1−p²] (p = {P}), f = {function}, direction {Dir(direction)}"), exact, stats, output, seed: seed);
    }

    /// <summary>
    /// Categories of probability 0 that gain probability as q grows from 0 (right direction
    /// only; the left one leaves the valid range). The jump must go to a zero-probability
    /// category, walking down (the lower edge of the drawn cell moves up) or up (the upper edge moves down):
    /// [q, 1−q]: always K = 1; E[K] = 1 − q, derivative −1;
    /// [q, 0, 1−q]: E[K] = 2(1 − q), derivative −2 (past a category whose δ is 0);
    /// [q/2, q/2, 1−q]: E[K] = q/2 + 2(1 − q), derivative −1.5 (the walk stops at 1 or 0 with chance ½ each);
    /// [1−q, q]: always K = 0; E[K] = q, derivative +1 (walking up);
    /// [1−q, 0, q]: E[K] = 2q, derivative +2 (walking up past a category whose δ is 0);
    /// [0.5−q, q, 0.5]: E[K] = q + 1, derivative +1 (walking up, the zero category comes before a live one).
    /// </summary>
    [Theory]
    [InlineData("[q, 1-q]", -1.0, 2101)]
    [InlineData("[q, 0, 1-q]", -2.0, 2102)]
    [InlineData("[q/2, q/2, 1-q]", -1.5, 2103)]
    [InlineData("[1-q, q]", 1.0, 2104)]
    [InlineData("[1-q, 0, q]", 2.0, 2105)]
    [InlineData("[0.5-q, q, 0.5]", 1.0, 2106)]
    public void Categorical_zero_probability_category_gains_mass(string vector, double exact, long seed)
    {
        var rng = new StochasticRandom(seed);
        Triple[] Probabilities(Triple q) => vector switch
        {
            "[q, 1-q]" => [q, 1 - q],
            "[q, 0, 1-q]" => [q, 0, 1 - q],
            "[q/2, q/2, 1-q]" => [q / 2, q / 2, 1 - q],
            "[1-q, q]" => [1 - q, q],
            "[1-q, 0, q]" => [1 - q, 0, q],
            "[0.5-q, q, 0.5]" => [0.5 - q, q, 0.5],
            _ => throw new ArgumentOutOfRangeException(nameof(vector), vector, "unknown vector"),
        };

        var stats = Estimates.Sample(() => Derivative.Estimate(q => rng.Categorical(Probabilities(q)), 0.0, 1), N);
        Estimates.AssertUnbiased(Label($"Categorical {vector} at q = 0, f = k, direction +1"), exact, stats, output, seed: seed);
    }

    // ============================================================================ binomials with a random number of trials

    /// <summary>Binomial(Binomial(10, p), p) ~ Binomial(10, p²): dE/dp = 20p (method §10).</summary>
    [Theory]
    [InlineData(0.5, +1, 3001)]
    [InlineData(0.5, -1, 3002)]
    [InlineData(0.3, +1, 3003)]
    [InlineData(0.3, -1, 3004)]
    public void Nested_binomials_are_unbiased(double p, double direction, long seed)
    {
        double exact = direction * 20 * p;
        Assert.Equal(exact, direction * Estimates.ExactDerivative((t, k) => Estimates.BinomialPmf(10, t * t, k), k => k, p, 10), 7);

        var rng = new StochasticRandom(seed);
        var stats = Estimates.Sample(() => Derivative.Estimate(q => rng.Binomial(rng.Binomial(10, q), q), p, direction), N);
        Estimates.AssertUnbiased(Label($"Binomial(Binomial(10, p), p) (p = {p}), f = x, direction {Dir(direction)}"), exact, stats, output, seed: seed);
    }

    /// <summary>
    /// A jump in the number of trials only: Y = Binomial(M, 0.3) with M = Binomial(10, q), q = 0.4.
    /// E[Y] = 0.3·E[M] = 3q, so dE[Y]/dq = 3.
    /// E[Y²] = E[Var(Y | M)] + E[(0.3M)²] = 0.21·E[M] + 0.09·E[M²]
    ///       = 0.21·10q + 0.09·(10q(1 − q) + 100q²) = 2.1q + 0.9q − 0.9q² + 9q² = 3q + 8.1q²,
    /// so dE[Y²]/dq = 3 + 16.2q = 9.48 at q = 0.4. (Check by thinning: Y ~ Binomial(10, 0.3q),
    /// E[Y²] = 3q(1 − 0.3q) + 9q² = 3q + 8.1q²; also summed exactly below.)
    /// </summary>
    [Theory]
    [InlineData("y", +1, 3101)]
    [InlineData("y", -1, 3102)]
    [InlineData("y^2", +1, 3103)]
    [InlineData("y^2", -1, 3104)]
    public void Binomial_with_a_jump_in_trials_only_is_unbiased(string function, double direction, long seed)
    {
        const double Q = 0.4;
        double exact = direction * (function == "y" ? 3 : 3 + (16.2 * Q));
        Func<int, double> f = function == "y" ? k => k : k => (double)k * k;
        Assert.Equal(exact, direction * Estimates.ExactDerivative((t, k) => Estimates.BinomialPmf(10, 0.3 * t, k), f, Q, 10), 7);

        var rng = new StochasticRandom(seed);
        var stats = Estimates.Sample(
            () => Derivative.Estimate(
                q =>
                {
                    Triple y = rng.Binomial(rng.Binomial(10, q), (Triple)0.3);
                    return function == "y" ? y : y * y;
                },
                Q,
                direction),
            N);
        Estimates.AssertUnbiased(Label($"Binomial(Binomial(10, q), 0.3) (q = {Q}), f = {function}, direction {Dir(direction)}"), exact, stats, output, seed: seed);
    }

    // ============================================================================ parameters that already carry a jump (coupled inversion, method §4)

    public static TheoryData<string, double, long> CarriedCases
    {
        get
        {
            var data = new TheoryData<string, double, long>();
            long seed = 3201;
            foreach (string family in s_families.Append("Categorical"))
            {
                data.Add(family, +1, seed++);
                data.Add(family, -1, seed++);
            }

            return data;
        }
    }

    /// <summary>
    /// The parameter is θ' = s·q + c·B with B ~ Bernoulli(q), q = 0.4: it carries both a dual
    /// part (s) and, through B, a jump (c), so the draw creates a new jump and carries the old
    /// one by coupled inversion. X is a mixture: pmf(k) = (1 − q)·pmf(s·q, k) + q·pmf(s·q + c, k),
    /// whose E[(X+1)²] is summed exactly and differentiated in q.
    /// Bernoulli and Binomial(10): θ' = 0.5q + 0.5B (0.2 or 0.7); Geometric: 0.75q + 0.4B (0.3 or 0.7);
    /// Poisson: 2.5q + 2B (1 or 3). Categorical: [0.6 − 0.4B, 0.5q, 0.4 + 0.4B − 0.5q] with f(k) = (k+1)².
    /// </summary>
    [Theory]
    [MemberData(nameof(CarriedCases))]
    public void Draw_whose_parameter_carries_a_jump_is_unbiased(string family, double direction, long seed)
    {
        const double Q = 0.4;
        Func<double, int, double> mixture;
        int? maxK;
        Func<Triple, Triple> program;
        var rng = new StochasticRandom(seed);
        if (family == "Categorical")
        {
            static double Cat(double b, double t, int k) => k switch
            {
                0 => 0.6 - (0.4 * b),
                1 => 0.5 * t,
                2 => 0.4 + (0.4 * b) - (0.5 * t),
                _ => 0,
            };

            mixture = (t, k) => ((1 - t) * Cat(0, t, k)) + (t * Cat(1, t, k));
            maxK = 2;
            program = q =>
            {
                Triple b = rng.Bernoulli(q);
                Triple k = rng.Categorical(new Triple[] { 0.6 - (0.4 * b), 0.5 * q, 0.4 + (0.4 * b) - (0.5 * q) });
                return F("(x+1)^2", k);
            };
        }
        else
        {
            var (_, pmf, max) = Family(family);
            (double s, double c) = family switch
            {
                "Bernoulli" or "Binomial" => (0.5, 0.5),
                "Geometric" => (0.75, 0.4),
                _ => (2.5, 2.0),
            };
            mixture = (t, k) => ((1 - t) * pmf(s * t, k)) + (t * pmf((s * t) + c, k));
            maxK = max;
            program = q => F("(x+1)^2", Draw(family, rng, (s * q) + (c * rng.Bernoulli(q))));
        }

        double exact = direction * Estimates.ExactDerivative(mixture, k => F<double>("(x+1)^2", k), Q, maxK);
        var stats = Estimates.Sample(() => Derivative.Estimate(program, Q, direction), N);
        Estimates.AssertUnbiased(Label($"{family} with a jump in its parameter (q = {Q}), f = (x+1)^2, direction {Dir(direction)}"), exact, stats, output, seed: seed);
    }

    /// <summary>
    /// Binomial(n, p) where n and p both carry jumps.
    /// Same event: B ~ Bernoulli(q), Y = Binomial(5 + 5B, 0.2 + 0.5B): Y ~ Binomial(5, 0.2) or Binomial(10, 0.7),
    /// so dE[Y]/dq = 7 − 1 = 6 and dE[Y²]/dq = (2.1 + 49) − (0.8 + 1) = 49.3 (E[Y²] = npq + (np)²).
    /// Different events: Y = Binomial(Binomial(10, q), 0.2 + 0.5·Bernoulli(q)), independent draws, so
    /// E[Y] = 10q·(0.2 + 0.5q) = 2q + 5q² and dE[Y]/dq = 2 + 10q = 6 at q = 0.4 (the two events are pruned to one).
    /// </summary>
    [Theory]
    [InlineData("same event, y", +1, 3301)]
    [InlineData("same event, y", -1, 3302)]
    [InlineData("same event, y^2", +1, 3303)]
    [InlineData("same event, y^2", -1, 3304)]
    [InlineData("different events, y", +1, 3305)]
    [InlineData("different events, y", -1, 3306)]
    public void Binomial_with_jumps_in_trials_and_probability_is_unbiased(string name, double direction, long seed)
    {
        const double Q = 0.4;
        var rng = new StochasticRandom(seed);
        (double dE, Func<Triple, Triple> program) = name switch
        {
            "same event, y" => (6.0, (Func<Triple, Triple>)(q =>
            {
                Triple b = rng.Bernoulli(q);
                return rng.Binomial(5 + (5 * b), 0.2 + (0.5 * b));
            })),
            "same event, y^2" => (49.3, q =>
            {
                Triple b = rng.Bernoulli(q);
                Triple y = rng.Binomial(5 + (5 * b), 0.2 + (0.5 * b));
                return y * y;
            }),
            "different events, y" => (2 + (10 * Q), q => rng.Binomial(rng.Binomial(10, q), 0.2 + (0.5 * rng.Bernoulli(q)))),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown case"),
        };

        if (name.StartsWith("same event", StringComparison.Ordinal))
        {
            // Second computation: the mixture (1 − q)·Binomial(5, 0.2) + q·Binomial(10, 0.7), summed exactly.
            Func<int, double> f = name.EndsWith("y^2", StringComparison.Ordinal) ? k => (double)k * k : k => k;
            double bySum = Estimates.ExactDerivative(
                (t, k) => ((1 - t) * Estimates.BinomialPmf(5, 0.2, k)) + (t * Estimates.BinomialPmf(10, 0.7, k)), f, Q, 10);
            Assert.Equal(dE, bySum, 7);
        }

        var stats = Estimates.Sample(() => Derivative.Estimate(program, Q, direction), N);
        Estimates.AssertUnbiased(Label($"Binomial with jumps in n and p, {name} (q = {Q}), direction {Dir(direction)}"), direction * dE, stats, output, seed: seed);
    }

    // ============================================================================ continuous (reparameterised)

    public static TheoryData<string, double, long> ContinuousCases
    {
        get
        {
            var data = new TheoryData<string, double, long>();
            long seed = 4001;
            foreach (string name in new[] { "Normal(q, 2), x^2", "Normal(1, q), x^2", "Exponential(q), x", "Uniform(0, q), x^2", "LogNormal(q, 0.5), x" })
            {
                data.Add(name, +1, seed++);
                data.Add(name, -1, seed++);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(ContinuousCases))]
    public void Continuous_derivative_is_unbiased(string name, double direction, long seed)
    {
        var rng = new StochasticRandom(seed);
        (double q, double dE, Func<Triple, Triple> program) = name switch
        {
            // E[X²] = q² + 4.
            "Normal(q, 2), x^2" => (1.5, 2 * 1.5, (Func<Triple, Triple>)(t => { Triple x = rng.Normal(t, (Triple)2.0); return x * x; })),
            // E[X²] = 1 + q².
            "Normal(1, q), x^2" => (0.8, 2 * 0.8, t => { Triple x = rng.Normal((Triple)1.0, t); return x * x; }),
            // E[X] = 1/q.
            "Exponential(q), x" => (2.0, -1 / (2.0 * 2.0), t => rng.Exponential(t)),
            // E[X²] = q²/3.
            "Uniform(0, q), x^2" => (1.5, 2 * 1.5 / 3, t => { Triple x = rng.Uniform((Triple)0.0, t); return x * x; }),
            // E[X] = exp(q + 0.5²/2).
            "LogNormal(q, 0.5), x" => (0.2, Math.Exp(0.2 + 0.125), t => rng.LogNormal(t, (Triple)0.5)),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown case"),
        };

        var stats = Estimates.Sample(() => Derivative.Estimate(program, q, direction), N);
        Estimates.AssertUnbiased(Label($"{name} (q = {q}), direction {Dir(direction)}"), direction * dE, stats, output, seed: seed);
    }

    // ============================================================================ the "crazy" program of method §10

    private static T Crazy<T>(T p, StochasticRandom rng) where T : INumber<T>
    {
        T a = p * (T.One - p);
        T b = rng.Binomial(10, p);
        T c = (T.CreateChecked(2) * b) + (T.CreateChecked(3) * rng.Bernoulli(p));
        return a * c * rng.Normal(b, a);
    }

    /// <summary>E[X] = p(1−p)(20p + 210p²); at p = 0.6, dE/dp = 47.76.</summary>
    [Theory]
    [InlineData(+1, 5001)]
    [InlineData(-1, 5002)]
    public void Crazy_program_is_unbiased(double direction, long seed)
    {
        const double P = 0.6;

        // Second computation of the reference: d/dp of p(1−p)(20p + 210p²) = 20p² − 20p³ + 210p³ − 210p⁴
        // is 40p + 570p² − 840p³ = 24 + 205.2 − 181.44 = 47.76 at p = 0.6.
        double exact = direction * ((40 * P) + (570 * P * P) - (840 * P * P * P));
        Assert.Equal(direction * 47.76, exact, 10);

        var rng = new StochasticRandom(seed);
        var stats = Estimates.Sample(() => Derivative.Estimate(q => Crazy(q, rng), P, direction), N);
        Estimates.AssertUnbiased(Label($"crazy program (p = {P}), direction {Dir(direction)}"), exact, stats, output, seed: seed);
    }

    // ============================================================================ argument checks

    /// <summary>An invalid-argument case: the call with double parameters, the calls with triple parameters, and what the exception must say.</summary>
    private sealed record Invalid(Action WithDoubles, Action[] WithTriples, Type Exception, string ParamName, string MessagePart);

    private static readonly double[] s_negativeEntry = [0.6, -0.1, 0.5];
    private static readonly double[] s_sumPointNine = [0.5, 0.4];

    private static string V(double value) => value.ToString(CultureInfo.CurrentCulture); // the library formats with the current culture

    /// <summary>A parameter triple (dual part 1) of the given run.</summary>
    private static Triple P(double value, DifferentiationRun run) => Triple.Parameter(value, 1, run);

    private static Invalid Case(string name)
    {
        var rng = new StochasticRandom(6001);
        var run = new DifferentiationRun();
        var outOfRange = typeof(ArgumentOutOfRangeException);
        return name switch
        {
            "Bernoulli p = -0.1" => new(() => rng.Bernoulli(-0.1), [() => rng.Bernoulli(P(-0.1, run)), () => Derivative.Estimate(q => rng.Bernoulli(q), -0.1)], outOfRange, "p", V(-0.1)),
            "Bernoulli p = 1.5" => new(() => rng.Bernoulli(1.5), [() => rng.Bernoulli(P(1.5, run)), () => Derivative.Estimate(q => rng.Bernoulli(q), 1.5)], outOfRange, "p", V(1.5)),
            "Bernoulli p = NaN" => new(() => rng.Bernoulli(double.NaN), [() => rng.Bernoulli(P(double.NaN, run)), () => rng.Bernoulli((Triple)double.NaN)], outOfRange, "p", V(double.NaN)),
            "Binomial n = -1" => new(
                () => rng.Binomial(-1, 0.5),
                [() => rng.Binomial(-1, P(0.5, run)), () => rng.Binomial((Triple)(-1.0), P(0.5, run))],
                outOfRange,
                "n",
                V(-1)),
            "Binomial n = -1 (n as a number)" => new(() => rng.Binomial(-1.0, 0.5), [() => rng.Binomial((Triple)(-1.0), (Triple)0.5)], outOfRange, "n", V(-1)),
            "Poisson lambda = -1" => new(() => rng.Poisson(-1.0), [() => rng.Poisson(P(-1, run)), () => Derivative.Estimate(q => rng.Poisson(q), -1)], outOfRange, "lambda", V(-1)),
            "Poisson lambda = NaN" => new(() => rng.Poisson(double.NaN), [() => rng.Poisson(P(double.NaN, run))], outOfRange, "lambda", V(double.NaN)),
            "Geometric p = 0" => new(() => rng.Geometric(0.0), [() => rng.Geometric(P(0, run)), () => Derivative.Estimate(q => rng.Geometric(q), 0)], outOfRange, "p", "but is " + V(0)),
            "Categorical negative entry" => new(
                () => rng.Categorical(s_negativeEntry),
                [() => rng.Categorical(new Triple[] { P(0.6, run), -0.1, 0.5 }), () => Derivative.Estimate(q => rng.Categorical(new Triple[] { q, -0.1, 1.1 - q }), 0.6)],
                outOfRange,
                "probabilities",
                V(-0.1)),
            "Categorical sum 0.9" => new(
                () => rng.Categorical(s_sumPointNine),
                [() => rng.Categorical(new Triple[] { P(0.5, run), 0.4 }), () => Derivative.Estimate(q => rng.Categorical(new Triple[] { q, 0.4 }), 0.5)],
                typeof(ArgumentException),
                "probabilities",
                V(0.9)),
            "Categorical empty" => new(
                () => rng.Categorical(Array.Empty<double>()),
                [() => rng.Categorical(Array.Empty<Triple>())],
                typeof(ArgumentException),
                "probabilities",
                "at least one entry"),
            "Normal sd = -1" => new(
                () => rng.Normal(0.0, -1.0),
                [() => rng.Normal((Triple)0.0, P(-1, run)), () => Derivative.Estimate(q => rng.Normal(q, (Triple)(-1.0)), 0)],
                outOfRange,
                "standardDeviation",
                V(-1)),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown case"),
        };
    }

    public static TheoryData<string> InvalidCases =>
    [
        "Bernoulli p = -0.1", "Bernoulli p = 1.5", "Bernoulli p = NaN", "Binomial n = -1", "Binomial n = -1 (n as a number)",
        "Poisson lambda = -1", "Poisson lambda = NaN", "Geometric p = 0",
        "Categorical negative entry", "Categorical sum 0.9", "Categorical empty", "Normal sd = -1",
    ];

    private void AssertRejected(string name, Action call, Invalid expected)
    {
        ArgumentException ex = Assert.ThrowsAny<ArgumentException>(call);
        output.WriteLine($"{name}: {ex.GetType().Name} (ParamName {ex.ParamName}): {ex.Message}");
        Assert.Equal(expected.Exception, ex.GetType());
        Assert.Equal(expected.ParamName, ex.ParamName);
        Assert.Contains(expected.MessagePart, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Invalid_parameters_are_rejected_with_double_parameters(string name)
    {
        Invalid c = Case(name);
        AssertRejected(name, c.WithDoubles, c);
    }

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Invalid_parameters_are_rejected_with_triple_parameters(string name)
    {
        Invalid c = Case(name);
        for (int i = 0; i < c.WithTriples.Length; i++)
        {
            AssertRejected(Label($"{name} [triple call {i}]"), c.WithTriples[i], c);
        }
    }
}
