using StochasticAD.Random;

namespace StochasticAD.Distributions;

/// <summary>The binomial distribution: successes in n independent trials of probability p.</summary>
public readonly struct Binomial : IDiscreteFamily<Binomial>
{
    /// <summary>Creates the distribution.</summary>
    /// <param name="n">Number of trials, ≥ 0.</param>
    /// <param name="p">Success probability, in [0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative, or <paramref name="p"/> is NaN or outside [0, 1].</exception>
    public Binomial(int n, double p)
    {
        DistributionChecks.NonNegative(n, nameof(n));
        DistributionChecks.Probability(p, nameof(p));
        N = n;
        P = p;
    }

    /// <summary>The number of trials.</summary>
    public int N { get; }

    /// <summary>The success probability.</summary>
    public double P { get; }

    /// <inheritdoc/>
    public double Parameter => P;

    /// <inheritdoc/>
    public double Mean => N * P;

    /// <inheritdoc/>
    public Binomial WithParameter(double theta) => new(N, theta);

    /// <inheritdoc/>
    public int Sample(StochasticRandom rng) => Samplers.Binomial(rng, N, P);

    /// <inheritdoc/>
    public double Pmf(int k) => k < 0 || k > N ? 0 : MathNet.Numerics.Distributions.Binomial.PMF(P, N, k);

    /// <inheritdoc/>
    public double Cdf(int k) =>
        k < 0 ? 0 : k >= N ? 1 : P == 0 ? 1 : P == 1 ? 0 : MathNet.Numerics.Distributions.Binomial.CDF(P, N, k);

    /// <inheritdoc/>
    public int Quantile(double u) => DistributionChecks.SearchQuantile(this, u, 0, N);

    /// <summary>The quantile at <paramref name="u"/>, searched outward from <paramref name="guess"/> (about two CDF evaluations when the answer is the guess or next to it).</summary>
    internal int QuantileNear(double u, int guess) => DistributionChecks.SearchQuantileNear(this, u, guess, 0, N);

    /// <inheritdoc/>
    public (double Delta, double Weight) RightJump(int x, double dual) => dual == 0 ? (0, 0) : x < N ? (1, dual * (N - x) / (1 - P)) : (0, 0);

    /// <inheritdoc/>
    public (double Delta, double Weight) LeftJump(int x, double dual) => dual == 0 ? (0, 0) : x > 0 ? (-1, -dual * x / P) : (0, 0);

    /// <inheritdoc/>
    public bool TryGetSuccessProbability(out double p)
    {
        p = P;
        return true;
    }

    /// <inheritdoc/>
    public bool HasFiniteSupport => true;

    /// <inheritdoc/>
    public double LogPmfDerivative(int x) => (x > 0 ? x / P : 0) - (N - x > 0 ? (N - x) / (1 - P) : 0);
}
