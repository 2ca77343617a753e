using MathNet.Numerics;

namespace StochasticAD.Distributions;

/// <summary>
/// The pieces of the gamma family's implicit reparameterisation (method §14), on log G so that a
/// draw of a tiny shape, whose G underflows, keeps its derivative and its jumps.
/// </summary>
internal static class GammaFunctions
{
    /// <summary>Stops a series after this many terms (reached only far in a tail, where the terms left are negligible).</summary>
    private const int MaxTerms = 10_000_000;

    /// <summary>
    /// d(log G)/dk at log G = <paramref name="logX"/> for G ~ Gamma(k, 1) sampled by inversion:
    /// −(∂P(k, x)/∂k) / (x·g(x)), with P the regularized lower incomplete gamma and g the density.
    /// From the series P(k, x) = Σₙ tₙ, tₙ = x^(k+n) e^(−x) / Γ(k + n + 1), whose k-derivative is
    /// Σₙ tₙ·(log x − ψ(k + n + 1)). Each tₙ/(x·g(x)) = x^n·Γ(k)/Γ(k + n + 1) follows its recurrence
    /// sₙ = sₙ₋₁·x/(k + n), s₀ = 1/k: no underflow, and no overflow short of absurd tails.
    /// About |x − k| + 40√k terms.
    /// </summary>
    public static double RelativeShapeDerivative(double k, double logX)
    {
        double x = Math.Exp(logX);
        double s = 1 / k;
        double psi = SpecialFunctions.DiGamma(k + 1);
        double sum = s * (logX - psi), total = s;
        for (int n = 1; n < MaxTerms; n++)
        {
            s *= x / (k + n);
            psi += 1 / (k + n);
            sum += s * (logX - psi);
            total += s;
            if (k + n > x && s < 1e-17 * total)
            {
                break;
            }
        }

        return -sum;
    }

    /// <summary>
    /// log of the value of Gamma(<paramref name="newShape"/>, 1) at the CDF level that e^<paramref name="logX"/>
    /// has under Gamma(<paramref name="shape"/>, 1): the same uniform, inverted at the new shape.
    /// </summary>
    public static double SameLevelLog(double shape, double logX, double newShape)
    {
        if (double.IsNegativeInfinity(logX))
        {
            return logX;
        }

        double x = Math.Exp(logX);
        double level = SpecialFunctions.GammaLowerRegularized(shape, x);
        if (level >= 1)
        {
            return logX + Math.Log(newShape / shape); // beyond double resolution in the upper tail: scale with the mean
        }

        if (level > 1e-250)
        {
            return Math.Log(SpecialFunctions.GammaLowerRegularizedInv(newShape, level));
        }

        // Deep in the lower tail the level underflows: solve log P(newShape, e^y) = log P(shape, x) for y
        // by Newton's method, from the first-order solution of x^k / Γ(k + 1) = level.
        double target = LogLowerTail(shape, x, logX);
        double y = (target + SpecialFunctions.GammaLn(newShape + 1)) / newShape;
        for (int i = 0; i < 100; i++)
        {
            double xy = Math.Exp(y);
            double logP = LogLowerTail(newShape, xy, y);
            double slope = Math.Exp((newShape * y) - xy - SpecialFunctions.GammaLn(newShape) - logP); // d log P / d log x
            double step = (logP - target) / slope;
            y -= step;
            if (Math.Abs(step) <= 1e-13 * Math.Max(1, Math.Abs(y)))
            {
                break;
            }
        }

        return y;
    }

    /// <summary>log P(k, x) = k·log x − x − log Γ(k + 1) + log Σₙ xⁿ/((k + 1)…(k + n)), for small x.</summary>
    private static double LogLowerTail(double k, double x, double logX)
    {
        double term = 1, sum = 1;
        for (int n = 1; n < MaxTerms && term > 1e-17 * sum; n++)
        {
            term *= x / (k + n);
            sum += term;
        }

        return (k * logX) - x - SpecialFunctions.GammaLn(k + 1) + Math.Log(sum);
    }
}
