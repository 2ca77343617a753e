using MathNet.Numerics;
using StochasticAD.Random;

namespace StochasticAD.Distributions;

/// <summary>
/// The negative binomial distribution NB(r, p) on 0, 1, 2, …: failures before the r-th success
/// in trials of success probability p, for real r &gt; 0 (P(X = k) = Γ(k + r)/(k!·Γ(r))·p^r·(1 − p)^k,
/// mean r(1 − p)/p). Built on <see cref="DiscreteFamily"/>: F(k) = I_p(r, k + 1) (the regularized
/// incomplete beta), ∂F/∂p is the beta density, ∂F/∂r comes from a dual-number evaluation of
/// F(k) = Σ_{j≤k} P(X = j) (O(k) operations).
/// </summary>
public sealed class NegativeBinomialFamily : DiscreteFamily
{
    private NegativeBinomialFamily()
        : base("NegativeBinomial", "r", "p")
    {
    }

    /// <summary>The family; parameters (r, p).</summary>
    public static NegativeBinomialFamily Instance { get; } = new();

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException">r is not finite and &gt; 0, or p is not in (0, 1].</exception>
    public override void Validate(ReadOnlySpan<double> parameters)
    {
        double r = parameters[0], p = parameters[1];
        if (!(r > 0) || double.IsPositiveInfinity(r))
        {
            throw OutOfRange(0, r, "must be finite and > 0");
        }

        if (!(p > 0 && p <= 1))
        {
            throw OutOfRange(1, p, "must be in (0, 1]");
        }
    }

    /// <inheritdoc/>
    public override double Pmf(int k, ReadOnlySpan<double> parameters)
    {
        double r = parameters[0], p = parameters[1];
        if (k < 0)
        {
            return 0;
        }

        if (p == 1)
        {
            return k == 0 ? 1 : 0;
        }

        return Math.Exp(SpecialFunctions.GammaLn(k + r) - SpecialFunctions.GammaLn(k + 1.0) - SpecialFunctions.GammaLn(r) + (r * Math.Log(p)) + (k * Accurate.Log1P(-p)));
    }

    /// <inheritdoc/>
    public override T Cdf<T>(int k, ReadOnlySpan<T> parameters)
    {
        if (k < 0)
        {
            return T.Zero;
        }

        if (typeof(T) == typeof(double))
        {
            double r = StochasticRandom.AsDouble(parameters[0]), p = StochasticRandom.AsDouble(parameters[1]);
            return StochasticRandom.FromDouble<T>(p == 1 ? 1 : SpecialFunctions.BetaRegularized(r, k + 1.0, p));
        }

        // Σ_{j≤k} P(X = j) in log space: log P(j) = log P(j − 1) + log((r + j − 1)/j) + log(1 − p).
        T rr = parameters[0], pp = parameters[1];
        T logQ = T.Log(T.One - pp);
        T logTerm = rr * T.Log(pp);
        T sum = T.Exp(logTerm);
        for (int j = 1; j <= k; j++)
        {
            T jj = T.CreateChecked(j);
            logTerm += T.Log((rr + jj - T.One) / jj) + logQ;
            sum += T.Exp(logTerm);
        }

        return sum;
    }

    /// <inheritdoc/>
    public override double CdfDerivative(int k, ReadOnlySpan<double> parameters, int parameter)
    {
        double r = parameters[0], p = parameters[1];
        if (k < 0 || p == 1)
        {
            return 0;
        }

        // ∂I_p(r, k + 1)/∂p = p^(r−1)·(1 − p)^k / B(r, k + 1).
        return parameter == 1
            ? Math.Exp(((r - 1) * Math.Log(p)) + (k * Accurate.Log1P(-p)) - SpecialFunctions.BetaLn(r, k + 1.0))
            : base.CdfDerivative(k, parameters, parameter);
    }

    /// <inheritdoc/>
    /// <remarks>As a gamma–Poisson mixture: Poisson(G·(1 − p)/p) with G ~ Gamma(r, 1); bounded expected time for every r and p.</remarks>
    public override int Sample(StochasticRandom rng, ReadOnlySpan<double> parameters)
    {
        ArgumentNullException.ThrowIfNull(rng);
        double r = parameters[0], p = parameters[1];
        if (p == 1)
        {
            return 0;
        }

        double rate = Samplers.Gamma(rng, r) * ((1 - p) / p);
        try
        {
            return Samplers.Poisson(rng, rate);
        }
        catch (DrawOverflowException ex)
        {
            throw new DrawOverflowException(Name, "p", p, ex.Draw);
        }
    }
}
