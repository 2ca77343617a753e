using System.Numerics;
using StochasticAD.Filtering;
using StochasticAD.Random;

namespace StochasticAD.Models;

/// <summary>
/// The particle filter of <see cref="ParticleFilterModel"/> as a model of Φ's four entries
/// (row-major): output the likelihood estimate L̂, unbiased, as is its gradient; the exact gradient
/// comes from the Kalman filter.
/// </summary>
/// <param name="steps">Number of observations T.</param>
/// <param name="particles">Number of particles m.</param>
public sealed class ParticleFilterPhiModel(int steps = ParticleFilterModel.DefaultSteps, int particles = ParticleFilterModel.DefaultParticles)
    : IVectorStochasticModel
{
    private readonly ParticleFilterModel _scalar = new(steps, particles);

    /// <inheritdoc/>
    public string Name => "particle-filter-phi";

    /// <inheritdoc/>
    public int Dimension => 4;

    /// <summary>The filter.</summary>
    public ParticleFilter Filter => _scalar.Filter;

    /// <summary>Φ of the simulated system (p = 1 of the scalar model).</summary>
    public double[] DefaultP() => _scalar.Phi(1);

    /// <summary>phi11, phi12, phi21, phi22.</summary>
    public static string[] ParameterNames() => ["phi11", "phi12", "phi21", "phi22"];

    /// <summary>The Kalman filter's exact ∇ p(y | Φ).</summary>
    public double[] ExactGradient(ReadOnlySpan<double> phi) => KalmanFilter.LikelihoodGradient(_scalar.System, phi);

    /// <inheritdoc/>
    public T Run<T>(ReadOnlySpan<T> p, StochasticRandom rng)
        where T : INumber<T>, ISignedNumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IPowerFunctions<T>, IRootFunctions<T>,
            ITrigonometricFunctions<T>, IHyperbolicFunctions<T> =>
        _scalar.Filter.Likelihood(p, rng);
}
