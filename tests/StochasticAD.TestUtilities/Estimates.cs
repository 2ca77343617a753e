using System.Globalization;
using Xunit.Abstractions;

namespace StochasticAD.Tests.Statistics;

/// <summary>
/// Helpers for the statistical tests: the sample mean and standard error of repeated
/// derivative estimates, a z-test against an exact value, and exact derivatives of
/// E[f(X)] for discrete families computed from their probability mass functions.
/// </summary>
public static class Estimates
{
    /// <summary>Runs <paramref name="estimate"/> <paramref name="n"/> times (n ≥ 2) and returns the mean, its standard error, the per-sample standard deviation and n.</summary>
    public static (double Mean, double StdErr, double Std, int N) Sample(Func<double> estimate, int n)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 2);

        // Welford's update: stable for means far from zero.
        double mean = 0, m2 = 0;
        for (int i = 1; i <= n; i++)
        {
            double x = estimate();
            double d = x - mean;
            mean += d / i;
            m2 += d * (x - mean);
        }

        double std = Math.Sqrt(Math.Max(0, m2 / (n - 1)));
        return (mean, std / Math.Sqrt(n), std, n);
    }

    /// <summary>Mean, standard error, per-sample standard deviation and count of <paramref name="values"/> (at least 2).</summary>
    public static (double Mean, double StdErr, double Std, int N) Summary(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int i = 0;
        return Sample(() => values[i++], values.Count);
    }

    /// <summary>
    /// Prints the label, seed, mean ± standard error, exact value and z to the test output, and
    /// fails (showing all of them) if |z| &gt; <paramref name="maxZ"/> or the mean is not finite.
    /// With a zero standard error (a deterministic estimate) the mean must equal the exact value
    /// within 1e-9·max(1, |exact|).
    /// </summary>
    public static void AssertUnbiased(
        string label,
        double exact,
        (double Mean, double StdErr, double Std, int N) stats,
        ITestOutputHelper output,
        double maxZ = 4,
        long? seed = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        (double mean, double stderr, double std, int n) = stats;
        double z = (mean - exact) / stderr;
        string seedText = seed is { } s ? s.ToString(CultureInfo.InvariantCulture) : "(none)";
        string zText = stderr > 0
            ? z.ToString("F2", CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"n/a (zero variance, |mean - exact| = {Math.Abs(mean - exact):G2})");
        string line = string.Create(
            CultureInfo.InvariantCulture,
            $"{label}: seed {seedText}, N = {n}, mean = {mean:G8} ± {stderr:G4} (std {std:G4}), exact = {exact:G10}, z = {zText}");
        output.WriteLine(line);

        if (!double.IsFinite(mean) || !double.IsFinite(stderr))
        {
            Assert.Fail($"Non-finite estimate. {line}");
        }

        if (stderr == 0)
        {
            double tolerance = 1e-9 * Math.Max(1, Math.Abs(exact));
            if (!(Math.Abs(mean - exact) <= tolerance))
            {
                Assert.Fail(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Deterministic estimate {mean:R} differs from the exact value {exact:R} by more than {tolerance:G3}. {line}"));
            }

            return;
        }

        if (!(Math.Abs(z) <= maxZ))
        {
            Assert.Fail(string.Create(CultureInfo.InvariantCulture, $"|z| = {Math.Abs(z):F2} > {maxZ}: the estimator looks biased. {line}"));
        }
    }

    /// <summary>
    /// E[f(X)] = Σ_k f(k)·pmf(θ, k) over k = 0, 1, …: up to <paramref name="maxK"/> for a finite
    /// support, otherwise truncated once the remaining tail mass is below 1e-14 (see remarks).
    /// </summary>
    /// <remarks>
    /// For an unbounded support the sum stops at the first k past the mode (pmf decreasing)
    /// with pmf(k) &lt; 1e-18 and pmf(k)/pmf(k−1) ≤ 0.99: from there the pmfs used here
    /// (geometric, Poisson) decay at least geometrically with that ratio r, so the tail is at most
    /// pmf(k)·r/(1 − r) &lt; 1e-16. Functions f of polynomial growth keep the neglected part
    /// far below 1e-14 for the small parameters used in the tests.
    /// </remarks>
    public static double Expectation(Func<double, int, double> pmf, Func<int, double> f, double theta, int? maxK = null)
    {
        ArgumentNullException.ThrowIfNull(pmf);
        ArgumentNullException.ThrowIfNull(f);
        double sum = 0;
        double previous = double.NaN;
        const int Cap = 1_000_000;
        for (int k = 0; k <= (maxK ?? Cap); k++)
        {
            double pk = pmf(theta, k);
            sum += pk == 0 ? 0 : f(k) * pk;
            if (maxK is null && k > 0 && pk < 1e-18 && pk <= 0.99 * previous)
            {
                return sum;
            }

            previous = pk;
        }

        if (maxK is null)
        {
            throw new InvalidOperationException("The pmf's tail did not become negligible within the cap.");
        }

        return sum;
    }

    /// <summary>
    /// d/dθ E_θ[f(X)] by a central difference of step <paramref name="h"/> on the exact sum of
    /// <see cref="Expectation"/>: the sum is a smooth (analytic) function of θ, so the
    /// difference error is O(h²·E''') plus rounding O(1e-16/h), both far below the tests' tolerances.
    /// </summary>
    public static double ExactDerivative(Func<double, int, double> pmf, Func<int, double> f, double theta, int? maxK = null, double h = 1e-5) =>
        (Expectation(pmf, f, theta + h, maxK) - Expectation(pmf, f, theta - h, maxK)) / (2 * h);

    /// <summary>A seed from a name (FNV-1a, shifted to a positive long): stable across runs and platforms, unlike string.GetHashCode.</summary>
    public static long StableSeed(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        ulong h = 1469598103934665603UL;
        foreach (char c in name)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return (long)(h >> 20);
    }

    // ---------------------------------------------------------------- probability mass functions, written independently of the library

    /// <summary>Bernoulli(θ).</summary>
    public static double BernoulliPmf(double p, int k) => k == 0 ? 1 - p : k == 1 ? p : 0;

    /// <summary>Binomial(n, θ).</summary>
    public static double BinomialPmf(int n, double p, int k)
    {
        if (k < 0 || k > n)
        {
            return 0;
        }

        double c = 1;
        for (int i = 1; i <= k; i++)
        {
            c = c * (n - k + i) / i;
        }

        return c * Math.Pow(p, k) * Math.Pow(1 - p, n - k);
    }

    /// <summary>Geometric(θ) on 0, 1, …: failures before the first success.</summary>
    public static double GeometricPmf(double p, int k) => k < 0 ? 0 : p * Math.Pow(1 - p, k);

    /// <summary>Poisson(λ).</summary>
    public static double PoissonPmf(double lambda, int k)
    {
        if (k < 0)
        {
            return 0;
        }

        double logP = -lambda + (k * Math.Log(lambda));
        for (int i = 2; i <= k; i++)
        {
            logP -= Math.Log(i);
        }

        return Math.Exp(logP);
    }
}
