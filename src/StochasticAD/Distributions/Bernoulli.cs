using StochasticAD.Random;

namespace StochasticAD.Distributions;

/// <summary>The Bernoulli distribution: 1 with probability p, else 0.</summary>
public readonly struct Bernoulli : IDiscreteFamily<Bernoulli>
{
    /// <summary>Creates the distribution.</summary>
    /// <param name="p">Success probability, in [0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is NaN or outside [0, 1].</exception>
    public Bernoulli(double p)
    {
        DistributionChecks.Probability(p, nameof(p));
        P = p;
    }

    /// <summary>The success probability.</summary>
    public double P { get; }

    /// <inheritdoc/>
    public double Parameter => P;

    /// <inheritdoc/>
    public double Mean => P;

    /// <inheritdoc/>
    public Bernoulli WithParameter(double theta) => new(theta);

    /// <inheritdoc/>
    public int Sample(StochasticRandom rng) => rng.NextDouble() < P ? 1 : 0;

    /// <inheritdoc/>
    public double Pmf(int k) => k == 0 ? 1 - P : k == 1 ? P : 0;

    /// <inheritdoc/>
    public double Cdf(int k) => k < 0 ? 0 : k == 0 ? 1 - P : 1;

    /// <inheritdoc/>
    public int Quantile(double u) => u <= 1 - P ? 0 : 1;

    /// <inheritdoc/>
    public (double Delta, double Weight) RightJump(int x, double dual) => dual == 0 ? (0, 0) : x == 0 ? (1, dual / (1 - P)) : (0, 0);

    /// <inheritdoc/>
    public (double Delta, double Weight) LeftJump(int x, double dual) => dual == 0 ? (0, 0) : x == 1 ? (-1, -dual / P) : (0, 0);

    /// <inheritdoc/>
    public bool TryGetSuccessProbability(out double p)
    {
        p = P;
        return true;
    }

    /// <inheritdoc/>
    public bool HasFiniteSupport => true;

    /// <inheritdoc/>
    public double LogPmfDerivative(int x) => x == 1 ? 1 / P : -1 / (1 - P);
}
