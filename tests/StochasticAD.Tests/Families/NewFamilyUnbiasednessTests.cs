using System.Globalization;
using MathNet.Numerics;
using StochasticAD.Backends;
using StochasticAD.Random;
using StochasticAD.Tests.Statistics;
using Xunit.Abstractions;

namespace StochasticAD.Tests.Families;

// The new families (negative binomial, multinomial, discrete uniform, hypergeometric, gamma,
// beta, Weibull, Laplace) and the extension point's example families (zero-inflated Poisson,
// beta-binomial), over every backend: the concrete classes only name the backend.

public sealed class PrunedNewFamilies(ITestOutputHelper output) : NewFamilyUnbiasednessTests<PrunedJumps>(output);

public sealed class PrunedWinsNewFamilies(ITestOutputHelper output) : NewFamilyUnbiasednessTests<PrunedJumps<ByWins>>(output);

public sealed class AggressiveNewFamilies(ITestOutputHelper output) : NewFamilyUnbiasednessTests<PrunedJumps<Aggressive>>(output);

public sealed class ExactNewFamilies(ITestOutputHelper output) : NewFamilyUnbiasednessTests<ExactJumps>(output);

public sealed class SmoothedNewFamilies(ITestOutputHelper output) : NewFamilyUnbiasednessTests<SmoothedJumps>(output);

/// <summary>
/// The mean of <see cref="N"/> derivative estimates must lie within 4 standard errors of the
/// exact derivative, in both directions (+1, and −1 whose mean is −dE/dq), with a fixed seed per
/// backend, case and direction (printed). The exact derivatives are central differences of exact
/// sums over pmfs written here independently of the library, or of closed forms. Backends that
/// keep jumps are tested with f(x) = (x + 1)²; the smoothing backend, unbiased only for functions
/// linear in the discrete values, with f(x) = x on the cases whose parameters are not themselves
/// discrete draws mixed nonlinearly.
/// </summary>
public abstract class NewFamilyUnbiasednessTests<TJumps>(ITestOutputHelper output) where TJumps : struct, IJumps<TJumps>
{
    private const int N = 10_000;
    private const double H = 1e-5;

    private static readonly ZeroInflatedPoisson s_zip = new();
    private static readonly BetaBinomial s_betaBinomial8 = new(8);

    private delegate StochasticTriple<TJumps> Program(StochasticRandom rng, StochasticTriple<TJumps> q);

    /// <summary>A case: the parameter q, the draw as a program of q, E_q[f(X)] exactly, and whether smoothing is unbiased for it with f(x) = x.</summary>
    private sealed record Case(double Q, Program Draw, Func<double, Func<double, double>, double> Expectation, bool Smoothable);

    private static StochasticTriple<TJumps> B(StochasticRandom rng, StochasticTriple<TJumps> q) => rng.Bernoulli(q);

    /// <summary>Σ_k pmf(q, k)·f(k) over k = 0 … maxK.</summary>
    private static Func<double, Func<double, double>, double> Sum(Func<double, int, double> pmf, int maxK) =>
        (q, f) => Estimates.Expectation(pmf, k => f(k), q, maxK);

    private static readonly Dictionary<string, Case> s_cases = new()
    {
        // ---- the extension point's examples
        ["ZIP(0.3, q)"] = new(2.5, (rng, q) => rng.Discrete(s_zip, [0.3, q]), Sum((q, k) => ZipPmf(0.3, q, k), 80), true),
        ["ZIP(q, 2.5)"] = new(0.3, (rng, q) => rng.Discrete(s_zip, [q, 2.5]), Sum((q, k) => ZipPmf(q, 2.5, k), 80), true),
        ["ZIP(0.2 + 0.2q, 3q)"] = new(1.0, (rng, q) => rng.Discrete(s_zip, [0.2 + (0.2 * q), 3 * q]), Sum((q, k) => ZipPmf(0.2 + (0.2 * q), 3 * q, k), 80), true),
        ["ZIP(0.25, 1 + q + 2·Bernoulli(q))"] = new(
            0.4,
            (rng, q) => rng.Discrete(s_zip, [0.25, 1 + q + (2 * B(rng, q))]),
            Sum((q, k) => ((1 - q) * ZipPmf(0.25, 1 + q, k)) + (q * ZipPmf(0.25, 3 + q, k)), 80),
            false),
        ["BetaBinomial(8, q, 2)"] = new(1.5, (rng, q) => rng.Discrete(s_betaBinomial8, [q, 2.0]), Sum((q, k) => BetaBinomialPmf(8, q, 2, k), 8), true),
        ["BetaBinomial(8, 2.5, q)"] = new(0.8, (rng, q) => rng.Discrete(s_betaBinomial8, [2.5, q]), Sum((q, k) => BetaBinomialPmf(8, 2.5, q, k), 8), true),

        // ---- negative binomial
        ["NegativeBinomial(q, 0.4)"] = new(2.5, (rng, q) => rng.NegativeBinomial(q, 0.4), Sum((q, k) => NegativeBinomialPmf(q, 0.4, k), 300), true),
        ["NegativeBinomial(3, q)"] = new(0.45, (rng, q) => rng.NegativeBinomial(3.0, q), Sum((q, k) => NegativeBinomialPmf(3, q, k), 300), true),
        ["NegativeBinomial(1.5 + 2·Bernoulli(q), 0.3 + 0.5q)"] = new(
            0.4,
            (rng, q) => rng.NegativeBinomial(1.5 + (2 * B(rng, q)), 0.3 + (0.5 * q)),
            Sum((q, k) => ((1 - q) * NegativeBinomialPmf(1.5, 0.3 + (0.5 * q), k)) + (q * NegativeBinomialPmf(3.5, 0.3 + (0.5 * q), k)), 300),
            false),

        // ---- multinomial: Y = N₀ + 2N₁ of Multinomial(n, [q/2, 0.3, 0.7 − q/2])
        ["Multinomial(6, [q/2, 0.3, 0.7 - q/2]), N0 + 2N1"] = new(
            0.6,
            (rng, q) => Weighted(rng.Multinomial(6, [q / 2, 0.3, 0.7 - (q / 2)])),
            Sum((q, y) => MultinomialWeightedPmf(6, q / 2, 0.3, y), 12),
            true),
        ["Multinomial(3 + Binomial(5, q), [q/2, 0.3, 0.7 - q/2]), N0 + 2N1"] = new(
            0.6,
            (rng, q) => Weighted(rng.Multinomial(3 + rng.Binomial(5, q), [q / 2, 0.3, 0.7 - (q / 2)])),
            Sum((q, y) => Mixture(5, q, m => MultinomialWeightedPmf(3 + m, q / 2, 0.3, y)), 16),
            false),

        // ---- discrete parameters carrying jumps
        ["DiscreteUniform(1, 2 + Binomial(6, q))"] = new(
            0.4,
            (rng, q) => rng.DiscreteUniform((StochasticTriple<TJumps>)1, 2 + rng.Binomial(6, q)),
            Sum((q, k) => Mixture(6, q, m => k >= 1 && k <= 2 + m ? 1.0 / (2 + m) : 0), 8),
            true),
        ["Hypergeometric(20, 3 + Binomial(10, q), 6)"] = new(
            0.4,
            (rng, q) => rng.Hypergeometric((StochasticTriple<TJumps>)20, 3 + rng.Binomial(10, q), (StochasticTriple<TJumps>)6),
            Sum((q, k) => Mixture(10, q, m => HypergeometricPmf(20, 3 + m, 6, k)), 6),
            true),
        ["Hypergeometric(20, 8, Binomial(12, q))"] = new(
            0.5,
            (rng, q) => rng.Hypergeometric((StochasticTriple<TJumps>)20, (StochasticTriple<TJumps>)8, rng.Binomial(12, q)),
            Sum((q, k) => Mixture(12, q, m => HypergeometricPmf(20, 8, m, k)), 8),
            true),

        // ---- continuous: E[X] and E[X²] in closed form
        ["Gamma(q, 2)"] = new(1.7, (rng, q) => rng.Gamma(q, (StochasticTriple<TJumps>)2), Moments(q => q / 2, q => q * (q + 1) / 4), true),
        ["Gamma(q, 1), q < 1"] = new(0.3, (rng, q) => rng.Gamma(q, (StochasticTriple<TJumps>)1), Moments(q => q, q => q * (q + 1)), true),
        ["Gamma(0.6, q)"] = new(1.3, (rng, q) => rng.Gamma((StochasticTriple<TJumps>)0.6, q), Moments(q => 0.6 / q, q => 0.96 / (q * q)), true),
        ["Gamma(q + 2·Bernoulli(q), 1)"] = new(
            0.4,
            (rng, q) => rng.Gamma(q + (2 * B(rng, q)), (StochasticTriple<TJumps>)1),
            (q, f) => ((1 - q) * Moments(k => k, k => k * (k + 1))(q, f)) + (q * Moments(k => k, k => k * (k + 1))(q + 2, f)),
            false),
        ["Beta(q, 2)"] = new(1.5, (rng, q) => rng.Beta(q, (StochasticTriple<TJumps>)2), Moments(q => q / (q + 2), q => q * (q + 1) / ((q + 2) * (q + 3))), true),
        ["Beta(q, 0.01), tiny shapes"] = new(0.02, (rng, q) => rng.Beta(q, (StochasticTriple<TJumps>)0.01), Moments(q => q / (q + 0.01), q => q * (q + 1) / ((q + 0.01) * (q + 1.01))), true),
        ["Beta(2, q)"] = new(0.7, (rng, q) => rng.Beta((StochasticTriple<TJumps>)2, q), Moments(q => 2 / (2 + q), q => 6 / ((2 + q) * (3 + q))), true),
        ["Weibull(q, 1.5)"] = new(
            1.8,
            (rng, q) => rng.Weibull(q, (StochasticTriple<TJumps>)1.5),
            Moments(q => 1.5 * SpecialFunctions.Gamma(1 + (1 / q)), q => 2.25 * SpecialFunctions.Gamma(1 + (2 / q))),
            true),
        ["Laplace(q, q/2)"] = new(0.8, (rng, q) => rng.Laplace(q, q / 2), Moments(q => q, q => 1.5 * q * q), true),
    };

    public static TheoryData<string, double> Cases
    {
        get
        {
            var data = new TheoryData<string, double>();
            foreach (string name in s_cases.Keys)
            {
                data.Add(name, +1);
                data.Add(name, -1);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void New_family_derivative_is_unbiased(string name, double direction)
    {
        Case c = s_cases[name];
        if (TJumps.Smooths && !c.Smoothable)
        {
            return; // smoothing is biased for these on purpose (method §7)
        }

        Func<double, double> f = TJumps.Smooths ? x => x : x => (x + 1) * (x + 1);
        string fName = TJumps.Smooths ? "x" : "(x+1)^2";
        double exact = direction * (c.Expectation(c.Q + H, f) - c.Expectation(c.Q - H, f)) / (2 * H);

        long seed = Seed($"{name}/{direction}");
        var rng = new StochasticRandom(seed);
        var stats = Estimates.Sample(
            () => Derivative.Estimate<TJumps>(
                q =>
                {
                    StochasticTriple<TJumps> x = c.Draw(rng, q);
                    return TJumps.Smooths ? x : (x + 1) * (x + 1);
                },
                c.Q,
                direction),
            N);
        Estimates.AssertUnbiased(
            string.Create(CultureInfo.InvariantCulture, $"[{TJumps.Name}] {name} (q = {c.Q}), f = {fName}, direction {(direction > 0 ? "+1" : "-1")}"),
            exact,
            stats,
            output,
            seed: seed);
    }

    /// <summary>The score-function mode of a user-defined family: E[f(X)·score] is the derivative too (method §11).</summary>
    [Theory]
    [InlineData("ZIP(0.2 + 0.2q, 3q)")]
    [InlineData("NegativeBinomial(q, 0.4)")]
    public void User_family_score_term_is_unbiased(string name)
    {
        if (TJumps.Smooths)
        {
            return;
        }

        Case c = s_cases[name];
        Func<double, double> f = x => (x + 1) * (x + 1);
        double exact = (c.Expectation(c.Q + H, f) - c.Expectation(c.Q - H, f)) / (2 * H);
        long seed = Seed($"score/{name}");
        var rng = new StochasticRandom(seed);
        var recorder = new ScoreRecorder();
        rng.Score = recorder;
        var stats = Estimates.Sample(
            () =>
            {
                recorder.Reset();
                StochasticTriple<TJumps> x = Derivative.Triple<TJumps>(q => c.Draw(rng, q), c.Q);
                return f(x.Value) * recorder.Score;
            },
            N);
        Estimates.AssertUnbiased(string.Create(CultureInfo.InvariantCulture, $"[{TJumps.Name}] score of {name}, f = (x+1)^2"), exact, stats, output, seed: seed);
    }

    // ---------------------------------------------------------------- helpers

    private static long Seed(string name) => Estimates.StableSeed($"{TJumps.Name}/{name}");

    private static StochasticTriple<TJumps> Weighted(StochasticTriple<TJumps>[] counts) => counts[0] + (2 * counts[1]);

    /// <summary>E[f(X)] for a continuous X from its first two moments; f is x (told by f(2) = 2) or (x + 1)².</summary>
    private static Func<double, Func<double, double>, double> Moments(Func<double, double> mean, Func<double, double> second) =>
        (q, f) => f(2) == 2 ? mean(q) : second(q) + (2 * mean(q)) + 1;

    /// <summary>Σ_m Binomial(size, q)(m)·g(m).</summary>
    private static double Mixture(int size, double q, Func<int, double> g)
    {
        double sum = 0;
        for (int m = 0; m <= size; m++)
        {
            sum += Estimates.BinomialPmf(size, q, m) * g(m);
        }

        return sum;
    }

    private static double ZipPmf(double pi, double lambda, int k) => (k == 0 ? pi : 0) + ((1 - pi) * Estimates.PoissonPmf(lambda, k));

    private static double NegativeBinomialPmf(double r, double p, int k) =>
        Math.Exp(SpecialFunctions.GammaLn(k + r) - SpecialFunctions.GammaLn(k + 1) - SpecialFunctions.GammaLn(r) + (r * Math.Log(p)) + (k * Math.Log(1 - p)));

    private static double BetaBinomialPmf(int n, double a, double b, int k) =>
        k < 0 || k > n ? 0 : Math.Exp(SpecialFunctions.BinomialLn(n, k) + SpecialFunctions.BetaLn(k + a, n - k + b) - SpecialFunctions.BetaLn(a, b));

    private static double HypergeometricPmf(int population, int successes, int draws, int k) =>
        k < 0 || k > successes || draws - k < 0 || draws - k > population - successes ? 0
        : Math.Exp(SpecialFunctions.BinomialLn(successes, k) + SpecialFunctions.BinomialLn(population - successes, draws - k) - SpecialFunctions.BinomialLn(population, draws));

    /// <summary>P(N₀ + 2N₁ = y) for (N₀, N₁, N₂) ~ Multinomial(n, [p0, p1, 1 − p0 − p1]), by enumeration.</summary>
    private static double MultinomialWeightedPmf(int n, double p0, double p1, int y)
    {
        double p2 = 1 - p0 - p1, sum = 0;
        for (int n1 = 0; 2 * n1 <= y && n1 <= n; n1++)
        {
            int n0 = y - (2 * n1);
            if (n0 + n1 > n)
            {
                continue;
            }

            int n2 = n - n0 - n1;
            sum += Math.Exp(SpecialFunctions.FactorialLn(n) - SpecialFunctions.FactorialLn(n0) - SpecialFunctions.FactorialLn(n1) - SpecialFunctions.FactorialLn(n2))
                * Math.Pow(p0, n0) * Math.Pow(p1, n1) * Math.Pow(p2, n2);
        }

        return sum;
    }
}
