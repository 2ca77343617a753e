using System.Globalization;
using StochasticAD.Backends;
using StochasticAD.Random;
using Xunit.Abstractions;
using StochasticAD.Tests.Statistics;

namespace StochasticAD.Models.Tests;

/// <summary>The KL model: exact values, and the triple estimate is unbiased against the exact derivative.</summary>
public class KlPoissonNegBinModelTests(ITestOutputHelper output)
{
    private readonly KlPoissonNegBinModel _model = new();

    [Fact]
    public void Exact_values_match_the_tutorial_optimum()
    {
        double lambdaStar = _model.ExactMinimizer();
        double klStar = _model.ExactMean(lambdaStar)!.Value;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"λ* = {lambdaStar:R}, KL(λ*) = {klStar:R}"));
        Assert.Equal(28.8782, lambdaStar, 1e-4);
        Assert.Equal(0.313847, klStar, 1e-6);

        // The KL divergence is ≥ 0 and its minimum is the root of the derivative.
        Assert.True(_model.ExactMean(10) > klStar && _model.ExactMean(50) > klStar);
        Assert.True(_model.ExactDerivative(20) < 0 && _model.ExactDerivative(40) > 0);
    }

    [Theory]
    [InlineData(3.0)]
    [InlineData(28.8782)]
    [InlineData(60.0)]
    public void Exact_derivative_is_the_slope_of_the_exact_mean(double lambda)
    {
        const double h = 1e-4;
        double central = (_model.ExactMean(lambda + h)!.Value - _model.ExactMean(lambda - h)!.Value) / (2 * h);
        Assert.Equal(central, _model.ExactDerivative(lambda)!.Value, 1e-7);
    }

    [Fact]
    public void Log_pmfs_match_MathNet()
    {
        // MathNet's NegativeBinomial(r, p) counts failures before the r-th success, as ours does.
        var nb = new MathNet.Numerics.Distributions.NegativeBinomial(10, 0.25);
        var pois = new MathNet.Numerics.Distributions.Poisson(7.5);
        foreach (int k in new[] { 0, 1, 7, 30, 120 })
        {
            Assert.Equal(nb.ProbabilityLn(k), KlPoissonNegBinModel.LogNegBin(k), 1e-9);
            Assert.Equal(pois.ProbabilityLn(k), KlPoissonNegBinModel.LogPoisson(k, 7.5), 1e-9);
        }
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(10.0)]
    [InlineData(28.8782)]
    public void Mean_estimate_matches_the_exact_KL(double lambda)
    {
        var (mean, se) = Sample(i => _model.Run(lambda, StochasticRandom.ForStream(11, i)), 20_000);
        Report("E[X]", lambda, mean, se, _model.ExactMean(lambda)!.Value);
    }

    [Theory]
    [InlineData(0.5, 1.0)]
    [InlineData(0.5, -1.0)]
    [InlineData(10.0, 1.0)]
    [InlineData(10.0, -1.0)]
    [InlineData(28.8782, 1.0)]
    [InlineData(28.8782, -1.0)]
    [InlineData(45.0, 1.0)]
    [InlineData(45.0, -1.0)]
    public void Triple_estimate_is_unbiased(double lambda, double direction)
    {
        // direction −1 differentiates in −λ (the Poisson's left rule): its mean is −dKL/dλ.
        var (mean, se) = Sample(
            i => Derivative.Estimate(q => _model.Run(q, StochasticRandom.ForStream(23, i)), lambda, direction),
            20_000);
        Report($"dE/dλ, direction {direction}", lambda, mean, se, direction * _model.ExactDerivative(lambda)!.Value);
    }

    [Fact]
    public void Triple_estimate_is_unbiased_with_the_exact_backend()
    {
        const double lambda = 10;
        var (mean, se) = Sample(
            i => Derivative.Estimate<ExactJumps>(q => _model.Run(q, StochasticRandom.ForStream(29, i)), lambda),
            20_000);
        Report("dE/dλ (exact backend)", lambda, mean, se, _model.ExactDerivative(lambda)!.Value);
    }

    [Fact]
    public void Parameter_out_of_range_is_refused_with_its_value()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => _model.Run(-1.0, new StochasticRandom(1)));
        Assert.Equal("p", ex.ParamName);
        Assert.Equal(-1.0, (double)ex.ActualValue!);
        Assert.Null(_model.ExactMean(0));
    }

    /// <summary>Mean and standard error of sample(0), …, sample(n − 1).</summary>
    private static (double Mean, double StdErr) Sample(Func<long, double> sample, int n)
    {
        long i = 0;
        var stats = Estimates.Sample(() => sample(i++), n);
        return (stats.Mean, stats.StdErr);
    }

    private void Report(string what, double lambda, double mean, double se, double reference)
    {
        double z = (mean - reference) / se;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what} at λ = {lambda}: {mean:G7} ± {se:G3} vs exact {reference:G7}, z = {z:F2}"));
        Assert.True(Math.Abs(z) <= 4, $"|z| = {Math.Abs(z):F2} > 4");
    }
}
