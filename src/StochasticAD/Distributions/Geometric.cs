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
    public int Sample(StochasticRandom rng) => Samplers.Geometric(rng, P);

    /// <inheritdoc/>
    public double Pmf(int k) => k < 0 ? 0 : Math.Exp(k * Accurate.Log1P(-P)) * P;

    /// <inheritdoc/>
    public double Cdf(int k) => k < 0 ? 0 : -Accurate.ExpM1((k + 1) * Accurate.Log1P(-P));

    /// <inheritdoc/>
    public int Quantile(double u)
    {
        if (P == 1 || u <= P)
        {
            return 0;
        }

        // Closed form, then at most a few steps either way to absorb rounding at the cell edges
        // (the guess is off by at most one or two: its relative error is a few ulps).
        double guess = Math.Max(0, Math.Ceiling(Accurate.Log1P(-u) / Accurate.Log1P(-P)) - 1);
        int k = Samplers.Fit(guess, nameof(Geometric), "p", P);
        for (int step = 0; step < 4 && k > 0 && Cdf(k - 1) >= u; step++)
        {
            k--;
        }

        for (int step = 0; step < 4 && Cdf(k) < u; step++)
        {
            k = Samplers.Fit(k + 1.0, nameof(Geometric), "p", P);
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
