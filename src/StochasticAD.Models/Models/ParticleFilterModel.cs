using System.Globalization;
using StochasticAD.Filtering;
using StochasticAD.Random;

namespace StochasticAD.Models;

/// <summary>
/// The particle filter of the Julia package's tutorial as a scalar model: the 2-D linear Gaussian
/// system of <see cref="LinearGaussianSystem"/> with Φ(p) = p·R(α), the seeded rotation scaled by
/// p; one run is a bootstrap particle filter with m particles and stratified resampling, and its
/// output is the likelihood estimate L̂ of the fixed observations (or log L̂). Exact values come
/// from the Kalman filter.
/// </summary>
/// <remarks>
/// The output is L̂ by default because L̂ is unbiased, so E[X(p)] is the Kalman likelihood and
/// the triple estimate's mean is its exact derivative: <c>stochad compare</c> then tests
/// unbiasedness. With <c>log = 1</c> the output is log L̂, what the tutorial differentiates;
/// E[log L̂] is below log p(y | Φ) and its derivative is biased by O(1/m), so the Kalman
/// d log p/dp is only a reference (<see cref="ReferenceDerivative"/>), not the exact derivative.
/// <c>stop-gradient = 1</c> switches the resampling to the biased stop-gradient weights ω/m: the
/// model's mean is unchanged, the derivative estimate is not.
/// </remarks>
public sealed class ParticleFilterModel : StochasticModel
{
    /// <summary>The default horizon T.</summary>
    public const int DefaultSteps = 20;

    /// <summary>The default number of particles m.</summary>
    public const int DefaultParticles = 1000;

    private readonly double[] _rotation;

    /// <summary>Creates the model.</summary>
    /// <param name="steps">The number of observations T, ≥ 1.</param>
    /// <param name="particles">The number of particles m, ≥ 1.</param>
    /// <param name="logScale">Output log L̂ instead of L̂.</param>
    /// <param name="gradient">How resampling passes the derivative on.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> or <paramref name="particles"/> is &lt; 1.</exception>
    public ParticleFilterModel(int steps = DefaultSteps, int particles = DefaultParticles, bool logScale = false, ResamplingGradient gradient = ResamplingGradient.NewWeight)
    {
        System = LinearGaussianSystem.Generate(steps);
        Filter = new ParticleFilter(System, particles, gradient);
        LogScale = logScale;
        _rotation = System.TruePhi;
    }

    /// <summary>The system and its observations.</summary>
    public LinearGaussianSystem System { get; }

    /// <summary>The particle filter a run uses.</summary>
    public ParticleFilter Filter { get; }

    /// <summary>Whether the output is log L̂ (true) or L̂ (false).</summary>
    public bool LogScale { get; }

    /// <inheritdoc/>
    public override string Name => "particle-filter";

    /// <inheritdoc/>
    public override string Description => string.Create(
        CultureInfo.InvariantCulture,
        $"2-D linear Gaussian model, Φ = p·rotation({System.Angle:F4}), T = {System.Steps}, bootstrap filter m = {Filter.Particles}, " +
        $"{(Filter.Gradient == ResamplingGradient.NewWeight ? "NewWeight" : "stop-gradient")} resampling; output {(LogScale ? "log L̂" : "L̂")}");

    /// <inheritdoc/>
    public override double DefaultP => 1;

    /// <inheritdoc/>
    public override bool IsValid(double p) => p > 0 && p <= 1.5;

    /// <inheritdoc/>
    public override string Range => "0 < p <= 1.5";

    /// <summary>Φ(p) = p·R(α), row-major.</summary>
    public double[] Phi(double p) => Array.ConvertAll(_rotation, e => p * e);

    /// <inheritdoc/>
    public override T Run<T>(T p, StochasticRandom rng)
    {
        CheckParameter(double.CreateTruncating(p));
        T[] phi = Array.ConvertAll(_rotation, e => p * T.CreateChecked(e));
        return LogScale ? Filter.LogLikelihood<T>(phi, rng) : Filter.Likelihood<T>(phi, rng);
    }

    /// <summary>The Kalman likelihood p(y | Φ(p)) (likelihood output only: E[log L̂] has no closed form).</summary>
    public override double? ExactMean(double p, CancellationToken cancellationToken = default) =>
        IsValid(p) && !LogScale ? Math.Exp(KalmanFilter.LogLikelihood<double>(System, Phi(p))) : null;

    /// <summary>The Kalman dp(y | Φ(p))/dp, exact by a dual pass along dΦ/dp = R(α) (likelihood output only).</summary>
    public override double? ExactDerivative(double p, CancellationToken cancellationToken = default) =>
        IsValid(p) && !LogScale ? ExactMean(p, cancellationToken)!.Value * KalmanLogDerivative(p) : null;

    /// <summary>
    /// For the likelihood output the exact derivative; for the log output the Kalman d log p/dp,
    /// which the mean of the estimates misses by the O(1/m) bias of log L̂.
    /// </summary>
    public override ReferenceValue? ReferenceDerivative(double p, CancellationToken cancellationToken = default)
    {
        if (!IsValid(p))
        {
            return null;
        }

        return LogScale
            ? new ReferenceValue(KalmanLogDerivative(p), 0, "Kalman d log L/dp (log of the estimate is biased at finite m)")
            : new ReferenceValue(ExactDerivative(p, cancellationToken)!.Value, 0, "exact (Kalman)");
    }

    private double KalmanLogDerivative(double p) => KalmanFilter.LogLikelihoodDirectional(System, Phi(p), _rotation);
}
