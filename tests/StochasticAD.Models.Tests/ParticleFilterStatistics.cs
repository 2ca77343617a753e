using System.Globalization;
using StochasticAD.Tests.Statistics;
using Xunit.Abstractions;

namespace StochasticAD.Models.Tests;

/// <summary>The z-test of the particle-filter tests against a reference, on the shared <see cref="Estimates"/>.</summary>
internal static class ParticleFilterStatistics
{
    /// <summary>Mean, standard error and per-sample standard deviation of <paramref name="values"/>.</summary>
    public static (double Mean, double StdErr, double Std) Summary(IReadOnlyList<double> values)
    {
        (double mean, double stderr, double std, _) = Estimates.Summary(values);
        return (mean, stderr, std);
    }

    /// <summary>Prints label, seed, N, mean ± stderr, reference and z; returns z.</summary>
    public static double Report(ITestOutputHelper output, string label, long seed, IReadOnlyList<double> values, double reference)
    {
        (double mean, double stderr, double std) = Summary(values);
        double z = (mean - reference) / stderr;
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{label}: seed {seed}, N = {values.Count}, mean = {mean:G8} ± {stderr:G4} (std {std:G4}), reference = {reference:G10}, z = {z:F2}"));
        Assert.True(double.IsFinite(mean) && double.IsFinite(stderr), $"{label}: non-finite estimate {mean} ± {stderr}");
        return z;
    }

    /// <summary>Fails unless |z| ≤ 4 (after printing).</summary>
    public static void AssertUnbiased(ITestOutputHelper output, string label, long seed, IReadOnlyList<double> values, double reference)
    {
        double z = Report(output, label, seed, values, reference);
        Assert.True(Math.Abs(z) <= 4, string.Create(CultureInfo.InvariantCulture, $"{label}: |z| = {Math.Abs(z):F2} > 4: the estimator looks biased."));
    }
}
