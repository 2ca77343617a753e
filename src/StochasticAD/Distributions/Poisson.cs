using StochasticAD.Random;

namespace StochasticAD.Distributions;

/// <summary>The Poisson distribution with rate λ on 0, 1, 2, ….</summary>
public readonly struct Poisson : IDiscreteFamily<Poisson>
{
    /// <summary>Creates the distribution.</summary>
    /// <param name="lambda">The rate (mean), finite and ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lambda"/> is NaN, infinite or negative.</exception>
    public Poisson(double lambda)
    {
        DistributionChecks.NonNegative(lambda, nameof(lambda));
        Lambda = lambda;
    }

    /// <summary>The rate λ.</summary>
    public double Lambda { get; }

    /// <inheritdoc/>
    public double Parameter => Lambda;

    /// <inheritdoc/>
    public double Mean => Lambda;

    /// <inheritdoc/>
    public Poisson WithParameter(double theta) => new(theta);

    /// <inheritdoc/>
    public int Sample(StochasticRandom rng) => Samplers.Poisson(rng, Lambda);

    /// <inheritdoc/>
    public double Pmf(int k) => k < 0 ? 0 : Lambda == 0 ? (k == 0 ? 1 : 0) : MathNet.Numerics.Distributions.Poisson.PMF(Lambda, k);

    /// <inheritdoc/>
    public double Cdf(int k) => k < 0 ? 0 : Lambda == 0 ? 1 : MathNet.Numerics.Distributions.Poisson.CDF(Lambda, k);

    /// <inheritdoc/>
    public int Quantile(double u) => Lambda == 0 ? 0 : DistributionChecks.SearchUnboundedQuantile(this, u, (int)Math.Min(Lambda + 1, int.MaxValue / 4), nameof(Poisson), "lambda", Lambda);

    /// <inheritdoc/>
    public (double Delta, double Weight) RightJump(int x, double dual) => dual == 0 ? (0, 0) : (1, dual);

    /// <inheritdoc/>
    public (double Delta, double Weight) LeftJump(int x, double dual) => dual == 0 ? (0, 0) : x > 0 ? (-1, -dual * x / Lambda) : (0, 0);

    /// <inheritdoc/>
    public bool TryGetSuccessProbability(out double p)
    {
        p = double.NaN;
        return false;
    }

    /// <inheritdoc/>
    public bool HasFiniteSupport => false;

    /// <inheritdoc/>
    public double LogPmfDerivative(int x) => (x > 0 ? x / Lambda : 0) - 1;
}
