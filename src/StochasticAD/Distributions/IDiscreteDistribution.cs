using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using StochasticAD.Random;

namespace StochasticAD.Distributions;

/// <summary>
/// A distribution on the integers with the operations the differentiation needs: sampling,
/// the CDF and its inverse (the quantile), which couple the primal draw to a draw at a
/// perturbed parameter (method §4).
/// </summary>
public interface IDiscreteDistribution
{
    /// <summary>Draws a sample.</summary>
    int Sample(StochasticRandom rng);

    /// <summary>P(X = k).</summary>
    double Pmf(int k);

    /// <summary>P(X ≤ k); 0 below the support.</summary>
    double Cdf(int k);

    /// <summary>The smallest k with P(X ≤ k) ≥ <paramref name="u"/>, for u in (0, 1].</summary>
    int Quantile(double u);

    /// <summary>The mean.</summary>
    double Mean { get; }
}

/// <summary>
/// A discrete family with one real parameter θ that can carry a derivative: it knows how to
/// rebuild itself at another θ (for a jump's path) and the inversion rule that creates a new
/// jump from an infinitesimal change δ of θ (method §3).
/// </summary>
/// <remarks>
/// The built-in one-parameter families implement it with their closed-form rules. To define a
/// family of your own and draw from it, derive from <see cref="DiscreteFamily"/> instead: it
/// needs only the pmf and the CDF.
/// </remarks>
/// <typeparam name="TSelf">The implementing distribution.</typeparam>
public interface IDiscreteFamily<TSelf> : IDiscreteDistribution where TSelf : struct, IDiscreteFamily<TSelf>
{
    /// <summary>The parameter θ this instance was built with.</summary>
    double Parameter { get; }

    /// <summary>The same family at parameter <paramref name="theta"/> (validated as in the constructor).</summary>
    TSelf WithParameter(double theta);

    /// <summary>
    /// The "right" rule (method §3, the δ &gt; 0 column of the table, applied to any δ): the jump
    /// at sample <paramref name="x"/> when θ moves by <paramref name="dual"/>·ε; its weight has
    /// the sign of δ. (0, 0) where the rule makes no jump.
    /// </summary>
    (double Delta, double Weight) RightJump(int x, double dual);

    /// <summary>The "left" rule (the δ &lt; 0 column, applied to any δ); its weight has the sign of −δ.</summary>
    (double Delta, double Weight) LeftJump(int x, double dual);

    /// <summary>The success probability, for the straight-through strategy (Bernoulli and Binomial only).</summary>
    bool TryGetSuccessProbability(out double p);

    /// <summary>Whether the support is finite (so the alternatives of a carried jump can be enumerated).</summary>
    bool HasFiniteSupport { get; }

    /// <summary>∂/∂θ log P(X = <paramref name="x"/>; θ), the score of method §11; a term whose factor is 0 is left out, so θ at the edge of its range stays finite.</summary>
    double LogPmfDerivative(int x);
}

/// <summary>Shared checks and numerical helpers for the distributions.</summary>
internal static class DistributionChecks
{
    // The checks run on every draw: the test stays inline, the message is built out of line.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Probability(double p, string name)
    {
        if (!(p >= 0 && p <= 1))
        {
            ThrowOutOfRange(name, p, "The probability {0} must be in [0, 1], but is {1}.");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NonNegative(double value, string name)
    {
        if (!(value >= 0) || double.IsPositiveInfinity(value))
        {
            ThrowOutOfRange(name, value, "{0} must be finite and >= 0, but is {1}.");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NonNegative(int value, string name)
    {
        if (value < 0)
        {
            ThrowOutOfRange(name, value, "{0} must be >= 0, but is {1}.");
        }
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowOutOfRange(string name, object value, string format) =>
        throw new ArgumentOutOfRangeException(name, value, string.Format(CultureInfo.CurrentCulture, format, name, value));

    /// <summary>
    /// Smallest k in [lo, hi] with cdf(k) ≥ u, by bisection; cdf must be non-decreasing and
    /// cdf(hi) ≥ u. Used where the quantile has no closed form.
    /// </summary>
    public static int SearchQuantile<TCdf>(in TCdf cdf, double u, int lo, int hi) where TCdf : IDiscreteDistribution
    {
        while (lo < hi)
        {
            int mid = lo + ((hi - lo) / 2);
            if (cdf.Cdf(mid) >= u)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }

    /// <summary>
    /// Smallest k in [lo, hi] with cdf(k) ≥ u when the answer is expected near <paramref name="guess"/>:
    /// brackets it by steps of 1, 2, 4, … away from the guess, then bisects the bracket. The answer
    /// at the guess costs two CDF evaluations, at distance d about 2·log₂ d; cdf(hi) ≥ u as for
    /// <see cref="SearchQuantile{TCdf}(in TCdf, double, int, int)"/>.
    /// </summary>
    public static int SearchQuantileNear<TCdf>(in TCdf cdf, double u, int guess, int lo, int hi) where TCdf : IDiscreteDistribution
    {
        guess = Math.Clamp(guess, lo, hi);
        long step = 1;
        if (cdf.Cdf(guess) >= u)
        {
            // The answer is at or below the guess: find a k below with cdf(k) < u.
            int upper = guess;
            while (true)
            {
                long probe = guess - step;
                if (probe < lo)
                {
                    return SearchQuantile(cdf, u, lo, upper);
                }

                if (cdf.Cdf((int)probe) < u)
                {
                    return SearchQuantile(cdf, u, (int)probe + 1, upper);
                }

                upper = (int)probe;
                step *= 2;
            }
        }

        // The answer is above the guess: find a k above with cdf(k) ≥ u.
        int lower = guess + 1;
        while (true)
        {
            long probe = guess + step;
            if (probe >= hi)
            {
                return SearchQuantile(cdf, u, lower, hi);
            }

            if (cdf.Cdf((int)probe) >= u)
            {
                return SearchQuantile(cdf, u, lower, (int)probe);
            }

            lower = (int)probe + 1;
            step *= 2;
        }
    }

    /// <summary>
    /// The quantile of an unbounded distribution on <paramref name="lo"/>, <paramref name="lo"/> + 1, …:
    /// brackets by doubling the distance from a start, then bisects (about 2·log₂ k CDF evaluations).
    /// A quantile past int.MaxValue throws <see cref="DrawOverflowException"/> naming the parameter.
    /// </summary>
    public static int SearchUnboundedQuantile<TCdf>(in TCdf cdf, double u, int start, string distribution, string parameterName, double parameterValue, int lo = 0)
        where TCdf : IDiscreteDistribution
    {
        long hi = Math.Max(start, lo + 1L);
        while (cdf.Cdf((int)hi) < u)
        {
            if (hi == int.MaxValue)
            {
                throw new DrawOverflowException(distribution, parameterName, parameterValue, int.MaxValue + 1.0);
            }

            hi = Math.Min(int.MaxValue, lo + (2 * (hi - lo)));
        }

        return SearchQuantile(cdf, u, lo, (int)hi);
    }
}
