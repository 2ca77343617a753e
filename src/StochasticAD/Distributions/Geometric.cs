using StochasticAD.Random;

namespace StochasticAD.Distributions;

/// <summary>The geometric distribution on 0, 1, 2, …: failures before the first success, P(X = k) = (1 − p)^k p.</summary>
public readonly struct Geometric : IDiscreteFamily<Geometric>
{
    /// <summary>Creates the distribution.</summary>
    /// <param name="p">Success probability, in (0, 1] (at 0 no success ever comes).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is NaN or outside (0, 1].</exception>
    public Geometric(double p)
    {
        if (!(p > 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, $"The success probability p must be in (0, 1], but is {p}.");
        }

        P = p;
    }

    /// <summary>The success probability.</summary>
    public double P { get; }

    /// <inheritdoc/>
    public double Parameter => P;

    /// <inheritdoc/>
    public double Mean => (1 - P) / P;

    /// <inheritdoc/>
    public Geometric WithParameter(double theta) => new(theta);

    /// <inheritdoc/>
    public int Sample(StochasticRandom rng) => P == 1 ? 0 : Quantile(rng.NextDoubleNonZero());

    /// <inheritdoc/>
    public double Pmf(int k) => k < 0 ? 0 : Math.Pow(1 - P, k) * P;

    /// <inheritdoc/>
    public double Cdf(int k) => k < 0 ? 0 : -double.ExpM1((k + 1) * double.LogP1(-P));

    /// <inheritdoc/>
    public int Quantile(double u)
    {
        if (P == 1 || u <= P)
        {
            return 0;
        }

        // Closed form, then a step either way to absorb rounding at the cell edges.
        double guess = Math.Ceiling(double.LogP1(-u) / double.LogP1(-P)) - 1;
        int k = guess >= int.MaxValue ? int.MaxValue - 1 : Math.Max(0, (int)guess);
        while (k > 0 && Cdf(k - 1) >= u)
        {
            k--;
        }

        while (Cdf(k) < u && k < int.MaxValue - 1)
        {
            k++;
        }

        return k;
    }

    /// <inheritdoc/>
    public (double Delta, double Weight) RightJump(int x, double dual) => dual == 0 ? (0, 0) : x > 0 ? (-1, dual * x / (P * (1 - P))) : (0, 0);

    /// <inheritdoc/>
    public (double Delta, double Weight) LeftJump(int x, double dual) => dual == 0 ? (0, 0) : (1, -dual * (x + 1) / P);

    /// <inheritdoc/>
    public bool TryGetSuccessProbability(out double p)
    {
        p = double.NaN;
        return false;
    }

    /// <inheritdoc/>
    public bool HasFiniteSupport => false;

    /// <inheritdoc/>
    public double LogPmfDerivative(int x) => (1 / P) - (x > 0 ? x / (1 - P) : 0);
}
