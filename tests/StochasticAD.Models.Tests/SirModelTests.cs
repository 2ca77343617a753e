using System.Globalization;
using StochasticAD.Random;
using Xunit.Abstractions;
using StochasticAD.Tests.Statistics;

namespace StochasticAD.Models.Tests;

/// <summary>
/// The agent-based SIR model: its exact count chain against plain Monte Carlo of the agents,
/// triple estimates against the chain's exact derivative in β and γ (both directions), and
/// triples against finite differences with common random numbers for a larger population.
/// </summary>
public class SirModelTests(ITestOutputHelper output)
{
    // The small population of the exact comparisons: N = 6, T = 4, one initially infected.
    private const int SmallAgents = 6, SmallSteps = 4;

    [Theory]
    [InlineData(1, 0.5, 0.3)]
    [InlineData(2, 0.8, 0.5)]
    public void Exact_chain_matches_plain_Monte_Carlo_of_the_agents(int infected, double beta, double gamma)
    {
        var model = new SirModel(SmallAgents, infected, SmallSteps, beta, gamma);
        double exact = SirModel.ExactEverInfected(SmallAgents, infected, SmallSteps, beta, gamma);
        const long seed = 11;
        var rng = new StochasticRandom(seed);
        var stats = Estimates.Sample(() => model.Run(beta, rng), 200_000);
        AssertClose($"E[N - S_T], I0 = {infected}, β = {beta}, γ = {gamma}", exact, 0, stats, seed);
    }

    [Fact]
    public void Exact_chain_has_the_obvious_values_in_the_trivial_cases()
    {
        Assert.Equal(2, SirModel.ExactEverInfected(10, 2, 0, 0.5, 0.5), 12);
        Assert.Equal(2, SirModel.ExactEverInfected(10, 2, 5, 0.0, 0.5), 12);
        Assert.Equal(0, SirModel.ExactEverInfected(10, 0, 5, 0.9, 0.5), 12);

        // One step, one infected among N: one contact infects with probability β·(N − 1)/N.
        Assert.Equal(1 + (0.6 * 4 / 5), SirModel.ExactEverInfected(5, 1, 1, 0.6, 0.3), 12);

        // Everyone is infected at the start: nobody can be added.
        Assert.Equal(4, SirModel.ExactEverInfected(4, 4, 3, 0.7, 0.2), 12);
    }

    [Theory]
    [InlineData(false, 0.3)]
    [InlineData(true, 0.4)]
    public void Exact_derivative_by_dual_numbers_matches_a_difference_quotient_of_the_exact_mean(bool pIsGamma, double p)
    {
        var model = new SirModel(SmallAgents, 1, SmallSteps, beta: 0.5, gamma: 0.3, pIsGamma);
        const double h = 1e-5;
        double quotient = (model.ExactMean(p + h)!.Value - model.ExactMean(p - h)!.Value) / (2 * h);
        double dual = model.ExactDerivative(p)!.Value;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"p is {(pIsGamma ? "γ" : "β")} = {p}: AD {dual:R}, difference quotient {quotient:R}"));
        Assert.Equal(quotient, dual, 1e-6);
    }

    [Theory]
    [InlineData(false, 0.3, 1)]
    [InlineData(false, 0.3, -1)]
    [InlineData(false, 0.7, 1)]
    [InlineData(false, 0.7, -1)]
    [InlineData(true, 0.3, 1)]
    [InlineData(true, 0.3, -1)]
    public void Triple_estimate_matches_the_exact_derivative_for_a_small_population(bool pIsGamma, double p, int direction)
    {
        var model = new SirModel(SmallAgents, 1, SmallSteps, beta: 0.5, gamma: 0.3, pIsGamma);
        double exact = direction * model.ExactDerivative(p)!.Value;
        long seed = 100 + (pIsGamma ? 10 : 0) + (direction > 0 ? 1 : 2) + (int)(p * 100);
        var rng = new StochasticRandom(seed);
        var stats = Estimates.Sample(() => Derivative.Estimate(q => model.Run(q, rng), p, direction), 40_000);
        AssertClose($"{direction:+0;-0}·dE/d{(pIsGamma ? "γ" : "β")} at {p}, N = {SmallAgents}, T = {SmallSteps}", exact, 0, stats, seed);
    }

    [Fact]
    public void Triple_and_finite_differences_agree_for_a_larger_population()
    {
        var model = new SirModel(agents: 100, infected: 1, steps: 10, beta: 0.5, gamma: 0.25);
        const double p = 0.5;
        var options = new EstimationOptions { Seed = 7, Samples = 4_000 };
        EstimationResult triple = Estimator.Derivative(model, p, EstimatorKind.Triple, options);
        EstimationResult fd = Estimator.Derivative(model, p, EstimatorKind.FiniteDifference, options with { Seed = 8, FiniteDifferenceStep = 0.01 });
        double exact = model.ExactDerivative(p)!.Value;
        double combined = Math.Sqrt((triple.StandardError * triple.StandardError) + (fd.StandardError * fd.StandardError));
        double z = (triple.Mean - fd.Mean) / combined;
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"N = 100, T = 10, β = {p}: triple {triple.Mean:G6} ± {triple.StandardError:G3} (std {triple.StandardDeviation:G4}), " +
            $"fd-crn h = 0.01 {fd.Mean:G6} ± {fd.StandardError:G3} (std {fd.StandardDeviation:G4}), z = {z:F2}; exact chain {exact:G8}"));
        Assert.True(Math.Abs(z) <= 4, $"triple and fd-crn differ: z = {z:F2}");
        AssertClose("triple vs exact chain, N = 100", exact, 0, (triple.Mean, triple.StandardError, triple.StandardDeviation, triple.Samples), 7);
    }

    [Fact]
    [Trait("Category", "Long")]
    public void Reference_derivative_beyond_the_exact_limit_is_finite_differences_and_matches_triples()
    {
        var model = new SirModel(agents: 200, infected: 2, steps: 8, beta: 0.4, gamma: 0.3);
        const double p = 0.4;
        Assert.Null(model.ExactDerivative(p));
        ReferenceValue reference = model.ReferenceDerivative(p)!.Value;
        Assert.StartsWith("fd-crn", reference.Source, StringComparison.Ordinal);
        EstimationResult triple = Estimator.Derivative(model, p, EstimatorKind.Triple, new EstimationOptions { Seed = 9, Samples = 20_000 });
        AssertClose($"triple vs {reference.Source}", reference.Value, reference.StandardError,
            (triple.Mean, triple.StandardError, triple.StandardDeviation, triple.Samples), 9);
    }

    [Fact]
    public void Bad_settings_and_parameters_fail_naming_the_value()
    {
        var infected = Assert.Throws<ArgumentOutOfRangeException>(() => new SirModel(agents: 5, infected: 6));
        Assert.Equal("infected", infected.ParamName);
        Assert.Equal(6, infected.ActualValue);
        var viaCatalog = Assert.Throws<ArgumentOutOfRangeException>(
            () => ModelCatalog.Create("sir", new Dictionary<string, double> { ["agents"] = 5, ["infected"] = 6 }));
        Assert.Equal("infected", viaCatalog.ParamName);
        Assert.Equal("agents", Assert.Throws<ArgumentOutOfRangeException>(() => new SirModel(agents: 0)).ParamName);
        Assert.Equal("gamma", Assert.Throws<ArgumentOutOfRangeException>(() => new SirModel(gamma: 1.5)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SirModel().Run(1.5, new StochasticRandom(1)));
        Assert.False(new SirModel().IsValid(1));
        Assert.Null(new SirModel().ExactDerivative(0));
    }

    [Fact]
    public void Catalog_setting_wrt_chooses_gamma_as_p()
    {
        StochasticModel model = ModelCatalog.Create("sir", new Dictionary<string, double> { ["wrt"] = 1, ["gamma"] = 0.4 });
        Assert.Equal(0.4, model.DefaultP);
        Assert.Contains("γ", model.Description, StringComparison.Ordinal);

        // A larger γ ends infections sooner: fewer ever infected.
        Assert.True(model.ExactDerivative(0.4) < 0);
    }

    /// <summary>Prints mean ± stderr, the reference and z, and fails when |z| &gt; 4 (the reference's own stderr counted in).</summary>
    private void AssertClose(string label, double reference, double referenceStdErr, (double Mean, double StdErr, double Std, long N) stats, long seed)
    {
        double combined = Math.Sqrt((stats.StdErr * stats.StdErr) + (referenceStdErr * referenceStdErr));
        double z = (stats.Mean - reference) / combined;
        string line = string.Create(
            CultureInfo.InvariantCulture,
            $"{label}: seed {seed}, N = {stats.N}, mean = {stats.Mean:G8} ± {stats.StdErr:G4} (std {stats.Std:G4}), reference = {reference:G10} ± {referenceStdErr:G3}, z = {z:F2}");
        output.WriteLine(line);
        Assert.True(double.IsFinite(stats.Mean) && combined > 0, line);
        Assert.True(Math.Abs(z) <= 4, $"|z| > 4. {line}");
    }
}
