using System.Globalization;
using StochasticAD.Distributions;

namespace StochasticAD.Tests;

/// <summary>
/// The quantile search that starts from a guess (used for the coupled binomial draw, whose guess is
/// the primal outcome) must return exactly what bisection over the whole support returns, for every
/// u and every guess: it only changes where the search starts.
/// </summary>
public class QuantileSearchTests
{
    [Theory]
    [InlineData(0, 0.3)]
    [InlineData(1, 0.5)]
    [InlineData(7, 0.0)]
    [InlineData(7, 1.0)]
    [InlineData(12, 0.37)]
    [InlineData(40, 0.9)]
    public void Search_from_any_guess_equals_bisection_at_every_cell_edge(int n, double p)
    {
        var dist = new Binomial(n, p);
        var us = new List<double> { double.Epsilon, 1e-300, 0.5, 1 };
        for (int k = -1; k <= n; k++)
        {
            // The cell edges F(k) and their neighbours are where an off-by-one would show.
            double f = dist.Cdf(k);
            us.AddRange([f, Math.BitIncrement(f), Math.BitDecrement(f)]);
        }

        foreach (double u in us.Where(u => u > 0 && u <= 1))
        {
            int expected = dist.Quantile(u);
            for (int guess = -2; guess <= n + 2; guess++)
            {
                int actual = DistributionChecks.SearchQuantileNear(dist, u, guess, 0, n);
                Assert.True(expected == actual, string.Create(CultureInfo.InvariantCulture,
                    $"Binomial({n}, {p}), u = {u:R}, guess {guess}: near-search gave {actual}, bisection {expected}."));
            }
        }
    }

    [Fact]
    public void Search_from_random_guesses_equals_bisection_for_large_n()
    {
        const int Seed = 9301;
        var rng = new System.Random(Seed);
        foreach ((int n, double p) in new[] { (1000, 0.37), (100_000, 0.001), (int.MaxValue / 2, 0.5) })
        {
            var dist = new Binomial(n, p);
            for (int i = 0; i < 200; i++)
            {
                double u = 1 - rng.NextDouble(); // (0, 1]
                int guess = rng.Next(3) switch { 0 => rng.Next(0, n), 1 => dist.Quantile(u) + rng.Next(-3, 4), _ => n };
                int expected = dist.Quantile(u);
                int actual = DistributionChecks.SearchQuantileNear(dist, u, guess, 0, n);
                Assert.True(expected == actual, string.Create(CultureInfo.InvariantCulture,
                    $"seed {Seed}: Binomial({n}, {p}), u = {u:R}, guess {guess}: near-search gave {actual}, bisection {expected}."));
            }
        }
    }
}
