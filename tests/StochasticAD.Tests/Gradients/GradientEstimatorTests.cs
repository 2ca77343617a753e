using System.Globalization;
using StochasticAD.Models;
using StochasticAD.Tests.Statistics;
using Xunit.Abstractions;

namespace StochasticAD.Tests.Gradients;

/// <summary>Estimator.Gradient in one pass per chunk: per-component mean, standard error and covariance; the many-parameter models.</summary>
public class GradientEstimatorTests(ITestOutputHelper output)
{
    [Fact]
    public void Age_group_sir_one_pass_mean_equals_the_separate_runs_mean_component_by_component()
    {
        var model = new AgeGroupSirModel(groups: 10, groupSize: 30, steps: 15);
        double[] p = model.DefaultP();
        long seed = Estimates.StableSeed("sir age groups one pass");
        var onePass = Estimator.Gradient(model, p, options: new EstimationOptions { Samples = 4000, Seed = seed, GradientChunk = 0 });
        var separate = Estimator.Gradient(model, p, options: new EstimationOptions { Samples = 4000, Seed = seed + 1, GradientChunk = -1 });
        Assert.Equal(16, onePass.Chunk);
        Assert.Equal(-1, separate.Chunk);
        for (int j = 0; j < p.Length; j++)
        {
            double z = (onePass.Mean[j] - separate.Mean[j]) /
                Math.Sqrt((onePass.StandardError[j] * onePass.StandardError[j]) + (separate.StandardError[j] * separate.StandardError[j]));
            string line = string.Create(CultureInfo.InvariantCulture,
                $"beta[{j}]: seed {seed}, one pass {onePass.Mean[j]:G5} ± {onePass.StandardError[j]:G3}, separate {separate.Mean[j]:G5} ± {separate.StandardError[j]:G3}, z = {z:F2}, variance ratio {Math.Pow(onePass.StandardDeviation[j] / separate.StandardDeviation[j], 2):F2}");
            output.WriteLine(line);
            Assert.True(Math.Abs(z) <= 4, line);
        }
    }

    [Fact]
    public void Particle_filter_gradient_of_four_entries_in_one_pass_is_unbiased_with_its_covariance()
    {
        var model = new ParticleFilterPhiModel(steps: 5, particles: 50);
        double[] phi = model.DefaultP();
        double[] exact = model.ExactGradient(phi);
        long seed = Estimates.StableSeed("particle filter phi one pass");
        GradientResult result = Estimator.Gradient(model, phi, options: new EstimationOptions { Samples = 4000, Seed = seed, GradientChunk = 0 });
        Assert.Equal(4, result.Chunk);
        for (int j = 0; j < 4; j++)
        {
            Estimates.AssertUnbiased(
                $"particle filter ∂/∂{ParticleFilterPhiModel.ParameterNames()[j]}", exact[j],
                (result.Mean[j], result.StandardError[j], result.StandardDeviation[j], (int)result.Samples), output, seed: seed);
            Assert.Equal(result.StandardError[j] * result.StandardError[j], result.CovarianceOf(j, j), 1e-9 * Math.Max(1, result.CovarianceOf(j, j)));
        }

        // The covariance is symmetric and a valid one (|correlation| ≤ 1).
        for (int j = 0; j < 4; j++)
        {
            for (int k = 0; k < 4; k++)
            {
                Assert.Equal(result.CovarianceOf(j, k), result.CovarianceOf(k, j));
                Assert.True(Math.Abs(result.CovarianceOf(j, k)) <= (result.StandardError[j] * result.StandardError[k] * (1 + 1e-9)));
            }
        }
    }

    [Fact]
    public void A_bad_chunk_size_is_refused_by_name()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new EstimationOptions { GradientChunk = 3 }.Validate());
        Assert.Contains("GradientChunk", ex.Message, StringComparison.Ordinal);
        Assert.Contains("3", ex.Message, StringComparison.Ordinal);
    }
}
