using MathNet.Numerics;

namespace StochasticAD.Distributions;

/// <summary>The pieces of the gamma family's implicit reparameterisation (method §14).</summary>
internal static class GammaFunctions
{
    /// <summary>Stops the series after this many terms (reached only far in a tail, where the terms left are negligible).</summary>
    private const int MaxTerms = 10_000_000;

    /// <summary>
    /// dG/dk at G = <paramref name="x"/> for G ~ Gamma(k, 1) sampled by inversion: −(∂P(k, x)/∂k) / g(x),
    /// with P the regularized lower incomplete gamma and g the density. From the series
    /// P(k, x) = Σₙ tₙ, tₙ = x^(k+n) e^(−x) / Γ(k + n + 1), whose k-derivative is Σₙ tₙ·(log x − ψ(k + n + 1)).
    /// Each tₙ/g(x) = x^(n+1)·Γ(k)/Γ(k + n + 1) is formed by its recurrence rₙ = rₙ₋₁·x/(k + n), r₀ = x/k,
    /// which neither underflows nor overflows for draws short of absurd tails. About |x − k| + 40√k terms.
    /// </summary>
    public static double ShapeDerivative(double k, double x)
    {
        if (x == 0)
        {
            return 0; // an underflowed draw (tiny k): it stays 0 for nearby k
        }

        double logX = Math.Log(x);
        double r = x / k;
        double psi = SpecialFunctions.DiGamma(k + 1);
        double sum = r * (logX - psi), total = r;
        for (int n = 1; n < MaxTerms; n++)
        {
            r *= x / (k + n);
            psi += 1 / (k + n);
            sum += r * (logX - psi);
            total += r;
            if (k + n > x && r < 1e-17 * total)
            {
                break;
            }
        }

        return -sum;
    }

    /// <summary>The value of Gamma(<paramref name="newShape"/>, 1) at the same CDF level as <paramref name="x"/> has under Gamma(<paramref name="shape"/>, 1).</summary>
    public static double SameLevel(double shape, double x, double newShape)
    {
        double level = SpecialFunctions.GammaLowerRegularized(shape, x);
        return level <= 0 ? 0 : level >= 1 ? x * newShape / shape : SpecialFunctions.GammaLowerRegularizedInv(newShape, level);
    }
}
