using StochasticAD.Backends;
using StochasticAD.Filtering;
using StochasticAD.Random;
using Xunit.Abstractions;
using Triple = StochasticAD.StochasticTriple<StochasticAD.Backends.PrunedJumps>;

namespace StochasticAD.Models.Tests;

/// <summary>
/// The particle filter (method §8): the Kalman ground truth, the unbiasedness of the likelihood
/// estimate and of its NewWeight derivative in each entry of Φ, the bias of stop-gradient
/// resampling, the scalar catalog model, and input checks.
/// </summary>
public class ParticleFilterTests(ITestOutputHelper output)
{
    // A short horizon and few particles: the likelihood's derivative is unbiased at any m, and
    // the short run keeps the suite fast (the variance grows with T).
    private const int ShortSteps = 3, FewParticles = 100, Runs = 2000;

    private static readonly LinearGaussianSystem s_short = LinearGaussianSystem.Generate(ShortSteps);

    private static readonly string[] s_entryNames = ["Φ11", "Φ12", "Φ21", "Φ22"];

    // ------------------------------------------------------------------ the Kalman ground truth

    [Fact]
    public void Kalman_gradient_matches_central_differences()
    {
        var system = LinearGaussianSystem.Generate(ParticleFilterModel.DefaultSteps);
        double[] phi = system.TruePhi;
        double[] gradient = KalmanFilter.LogLikelihoodGradient(system, phi);
        for (int i = 0; i < 4; i++)
        {
            double[] up = (double[])phi.Clone(), down = (double[])phi.Clone();
            const double h = 1e-5;
            up[i] += h;
            down[i] -= h;
            double difference = (KalmanFilter.LogLikelihood<double>(system, up) - KalmanFilter.LogLikelihood<double>(system, down)) / (2 * h);
            output.WriteLine($"d log L/d{s_entryNames[i]}: dual {gradient[i]:G12}, central difference {difference:G12}");
            Assert.Equal(difference, gradient[i], 1e-5 * Math.Max(1, Math.Abs(difference)));
        }
    }

    [Fact]
    public void Kalman_log_likelihood_of_one_step_is_the_normal_density_of_the_first_observation()
    {
        // With a point start, y₁ ~ N(Φx₀, (q + r)·I).
        var system = LinearGaussianSystem.Generate(1);
        double[] phi = [0.9, -0.2, 0.3, 1.1];
        double mx = (phi[0] * system.Start[0]) + (phi[1] * system.Start[1]);
        double my = (phi[2] * system.Start[0]) + (phi[3] * system.Start[1]);
        (double yx, double yy) = system.Observation(1);
        double v = LinearGaussianSystem.ProcessVariance + LinearGaussianSystem.ObservationVariance;
        double expected = -Math.Log(2 * Math.PI * v) - ((((yx - mx) * (yx - mx)) + ((yy - my) * (yy - my))) / (2 * v));
        Assert.Equal(expected, KalmanFilter.LogLikelihood<double>(system, phi), 12);
    }

    // ------------------------------------------------------------------ the particle filter

    [Fact]
    public void Double_and_triple_runs_have_the_same_primal_value()
    {
        var filter = new ParticleFilter(s_short, FewParticles);
        double[] phi = s_short.TruePhi;
        double plain = filter.LogLikelihood<double>(phi, new StochasticRandom(5));
        Triple triple = Derivative.Triple(p => filter.LogLikelihood<Triple>([p, phi[1], phi[2], phi[3]], new StochasticRandom(5)), phi[0]);
        Assert.Equal(plain, triple.Value, 12);
        Assert.False(triple.HasJump);
    }

    [Fact]
    public void Likelihood_estimate_is_unbiased()
    {
        const long seed = 100;
        var filter = new ParticleFilter(s_short, FewParticles);
        double[] phi = s_short.TruePhi;
        double[] values = Enumerable.Range(0, Runs).Select(i => filter.Likelihood<double>(phi, StochasticRandom.ForStream(seed, i))).ToArray();
        ParticleFilterStatistics.AssertUnbiased(output, $"L̂ (T = {ShortSteps}, m = {FewParticles})", seed, values, Math.Exp(KalmanFilter.LogLikelihood<double>(s_short, phi)));
    }

    [Fact]
    public void NewWeight_derivative_of_the_likelihood_is_unbiased_in_each_entry_of_phi_and_both_directions_of_phi11()
    {
        const long seed = 200;
        var filter = new ParticleFilter(s_short, FewParticles);
        double[] phi = s_short.TruePhi;
        double[] exact = KalmanFilter.LikelihoodGradient(s_short, phi);
        double[][] perEntry = GradientSamples(filter, phi, seed, Runs);
        var leftPhi11 = new double[Runs];
        for (int run = 0; run < Runs; run++)
        {
            leftPhi11[run] = Derivative.Directional<PrunedJumps>(
                entries => filter.Likelihood<Triple>(entries, new StochasticRandom(seed + Runs + run)), phi, [-1, 0, 0, 0]);
        }

        for (int i = 0; i < 4; i++)
        {
            ParticleFilterStatistics.AssertUnbiased(output, $"dL̂/d{s_entryNames[i]} (NewWeight, T = {ShortSteps}, m = {FewParticles})", seed, perEntry[i], exact[i]);
        }

        ParticleFilterStatistics.AssertUnbiased(output, "dL̂/d(−Φ11) (direction −1)", seed + Runs, leftPhi11, -exact[0]);
    }

    [Fact]
    public void Stop_gradient_derivative_is_visibly_biased()
    {
        // Same setup as the unbiasedness test. The bias does not shrink with N, only the standard error does:
        // measured z = 22, −23, 16, −10 at this seed with N = 1000 (30, −31, 21, −13 at N = 2000), so the
        // check (|z| > 5) is far from marginal.
        const long seed = 300;
        const int runs = 1000;
        var filter = new ParticleFilter(s_short, FewParticles, ResamplingGradient.StopGradient);
        double[] phi = s_short.TruePhi;
        double[] exact = KalmanFilter.LikelihoodGradient(s_short, phi);
        double[][] perEntry = GradientSamples(filter, phi, seed, runs);

        for (int i = 0; i < 4; i++)
        {
            double z = ParticleFilterStatistics.Report(output, $"dL̂/d{s_entryNames[i]} (stop-gradient)", seed, perEntry[i], exact[i]);
            Assert.True(Math.Abs(z) > 5, $"stop-gradient in {s_entryNames[i]}: expected a visible bias, z = {z:F2}");
        }
    }

    [Fact]
    public void Stratified_resampling_never_picks_a_zero_weight_and_copies_in_proportion()
    {
        double[] probabilities = [0, 0.37, 0, 0.41, 0.22, 0];
        var chosen = new int[10];
        var counts = new double[probabilities.Length];
        var rng = new StochasticRandom(7);
        const int repeats = 2000;
        for (int r = 0; r < repeats; r++)
        {
            ParticleFilter.Stratified(probabilities, chosen, rng);
            foreach (int j in chosen)
            {
                counts[j]++;
            }
        }

        for (int j = 0; j < probabilities.Length; j++)
        {
            double meanCopies = counts[j] / repeats;
            output.WriteLine($"index {j}: p = {probabilities[j]}, mean copies {meanCopies:F4}, expected {10 * probabilities[j]}");
            if (probabilities[j] == 0)
            {
                Assert.Equal(0, counts[j]);
            }
            else
            {
                // Stratified: copies of j differ from m·p_j by less than 2, so the mean is within a few 1/√repeats.
                Assert.InRange(meanCopies, (10 * probabilities[j]) - 0.1, (10 * probabilities[j]) + 0.1);
            }
        }
    }

    // ------------------------------------------------------------------ the catalog model

    [Fact]
    public void Model_triple_estimate_matches_the_Kalman_derivative_along_the_rotation()
    {
        const long seed = 400;
        const int runs = 1000;
        var model = (ParticleFilterModel)ModelCatalog.Create("particle-filter", new Dictionary<string, double> { ["T"] = ShortSteps, ["m"] = FewParticles });
        double exact = model.ExactDerivative(1)!.Value;
        double kalmanLog = KalmanFilter.LogLikelihoodDirectional(model.System, model.Phi(1), model.System.TruePhi);
        Assert.Equal(model.ExactMean(1)!.Value * kalmanLog, exact, 1e-9 * Math.Abs(exact));
        double[] values = Enumerable.Range(0, runs).Select(i => Derivative.Estimate(p => model.Run(p, StochasticRandom.ForStream(seed, i)), 1)).ToArray();
        ParticleFilterStatistics.AssertUnbiased(output, "model particle-filter dL̂/dp at p = 1", seed, values, exact);
    }

    [Fact]
    public void Log_model_has_a_reference_but_no_exact_derivative()
    {
        var model = new ParticleFilterModel(ShortSteps, FewParticles, logScale: true);
        Assert.Null(model.ExactDerivative(1));
        Assert.Null(model.ExactMean(1));
        ReferenceValue reference = model.ReferenceDerivative(1)!.Value;
        Assert.Equal(KalmanFilter.LogLikelihoodDirectional(model.System, model.Phi(1), model.System.TruePhi), reference.Value, 12);
    }

    // ------------------------------------------------------------------ bad input

    [Fact]
    public void Bad_input_fails_loudly_naming_the_parameter()
    {
        Assert.Equal("steps", Assert.Throws<ArgumentOutOfRangeException>(() => LinearGaussianSystem.Generate(0)).ParamName);
        Assert.Equal("particles", Assert.Throws<ArgumentOutOfRangeException>(() => new ParticleFilter(s_short, 0)).ParamName);
        var filter = new ParticleFilter(s_short, 10);
        Assert.Equal("phi", Assert.Throws<ArgumentException>(() => filter.LogLikelihood<double>(new double[3], new StochasticRandom(1))).ParamName);
        Assert.Equal("phi", Assert.Throws<ArgumentException>(() => KalmanFilter.LogLikelihood<double>(s_short, new double[5])).ParamName);
        Assert.Equal("t", Assert.Throws<ArgumentOutOfRangeException>(() => s_short.Observation(ShortSteps + 1)).ParamName);
        var model = new ParticleFilterModel(ShortSteps, 10);
        Assert.Equal("p", Assert.Throws<ArgumentOutOfRangeException>(() => model.Run(2.0, new StochasticRandom(1))).ParamName);
    }

    // ------------------------------------------------------------------ long: the tutorial's size

    [Fact]
    [Trait("Category", "Long")]
    public void NewWeight_derivative_of_the_likelihood_is_unbiased_at_the_tutorial_size()
    {
        const long seed = 500;
        const int runs = 400;
        var system = LinearGaussianSystem.Generate(ParticleFilterModel.DefaultSteps);
        var filter = new ParticleFilter(system, ParticleFilterModel.DefaultParticles);
        double[] phi = system.TruePhi;
        double[] exact = KalmanFilter.LikelihoodGradient(system, phi);
        double[][] perEntry = GradientSamples(filter, phi, seed, runs);

        for (int i = 0; i < 4; i++)
        {
            ParticleFilterStatistics.AssertUnbiased(output, $"dL̂/d{s_entryNames[i]} (NewWeight, T = 20, m = 1000)", seed, perEntry[i], exact[i]);
        }
    }

    /// <summary>The likelihood-gradient estimates of runs seed, seed + 1, …, one array per entry of Φ.</summary>
    private static double[][] GradientSamples(ParticleFilter filter, double[] phi, long seed, int runs)
    {
        var perEntry = Enumerable.Range(0, 4).Select(_ => new double[runs]).ToArray();
        for (int run = 0; run < runs; run++)
        {
            double[] gradient = filter.EstimateGradient(phi, seed + run, logScale: false);
            for (int i = 0; i < 4; i++)
            {
                perEntry[i][run] = gradient[i];
            }
        }

        return perEntry;
    }
}
