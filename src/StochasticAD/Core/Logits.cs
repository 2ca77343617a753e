using System.Numerics;

namespace StochasticAD;

/// <summary>
/// Softmax and log-softmax over any number type, for the probabilities of a categorical draw
/// given as logits: <c>rng.Categorical(Logits.Softmax(logits))</c>. With triples each
/// probability carries the derivative of the logits (dual parts and jumps).
/// </summary>
/// <remarks>
/// Numerically stable: the largest logit m is subtracted before exponentiating, so no
/// exponential overflows and the largest term is exactly e⁰ = 1. <c>T.Max</c> never throws for
/// triples (it evaluates the maximum on each jump's path), and the result does not depend on m
/// mathematically, so subtracting it changes no derivative.
/// </remarks>
public static class Logits
{
    /// <summary>pₖ = exp(xₖ − m) / Σⱼ exp(xⱼ − m), with m = maxⱼ xⱼ.</summary>
    /// <typeparam name="T">The number type: <c>double</c> or a stochastic triple.</typeparam>
    /// <param name="logits">The logits x₁, …, x_K (K ≥ 1), finite.</param>
    /// <returns>The probabilities, a new array that sums to 1 (up to rounding).</returns>
    /// <exception cref="ArgumentException">The span is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A logit is not finite.</exception>
    public static T[] Softmax<T>(ReadOnlySpan<T> logits) where T : INumber<T>, IExponentialFunctions<T>
    {
        T max = Max(logits);
        var result = new T[logits.Length];
        T sum = T.Zero;
        for (int k = 0; k < logits.Length; k++)
        {
            result[k] = T.Exp(logits[k] - max);
            sum += result[k];
        }

        for (int k = 0; k < result.Length; k++)
        {
            result[k] /= sum;
        }

        return result;
    }

    /// <summary>log pₖ = xₖ − m − log Σⱼ exp(xⱼ − m), with m = maxⱼ xⱼ: the log-probabilities without forming tiny probabilities.</summary>
    /// <typeparam name="T">The number type: <c>double</c> or a stochastic triple.</typeparam>
    /// <param name="logits">The logits x₁, …, x_K (K ≥ 1), finite.</param>
    /// <returns>The log-probabilities, a new array.</returns>
    /// <exception cref="ArgumentException">The span is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A logit is not finite.</exception>
    public static T[] LogSoftmax<T>(ReadOnlySpan<T> logits) where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>
    {
        T max = Max(logits);
        T sum = T.Zero;
        foreach (T x in logits)
        {
            sum += T.Exp(x - max);
        }

        T logNormaliser = max + T.Log(sum);
        var result = new T[logits.Length];
        for (int k = 0; k < logits.Length; k++)
        {
            result[k] = logits[k] - logNormaliser;
        }

        return result;
    }

    /// <summary>The softmax of an array of logits; see <see cref="Softmax{T}(ReadOnlySpan{T})"/>.</summary>
    /// <typeparam name="T">The number type.</typeparam>
    /// <param name="logits">The logits.</param>
    /// <returns>The probabilities.</returns>
    public static T[] Softmax<T>(T[] logits) where T : INumber<T>, IExponentialFunctions<T> => Softmax<T>(logits.AsSpan());

    /// <summary>The log-softmax of an array of logits; see <see cref="LogSoftmax{T}(ReadOnlySpan{T})"/>.</summary>
    /// <typeparam name="T">The number type.</typeparam>
    /// <param name="logits">The logits.</param>
    /// <returns>The log-probabilities.</returns>
    public static T[] LogSoftmax<T>(T[] logits) where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T> =>
        LogSoftmax<T>(logits.AsSpan());

    private static T Max<T>(ReadOnlySpan<T> logits) where T : INumber<T>
    {
        if (logits.IsEmpty)
        {
            throw new ArgumentException("The logits must have at least one entry, but are empty.", nameof(logits));
        }

        T max = logits[0];
        for (int k = 0; k < logits.Length; k++)
        {
            double primal = Random.StochasticRandom.Primal(logits[k]);
            if (!double.IsFinite(primal))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(logits), primal, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"logits[{k}] must be finite, but is {primal}."));
            }

            max = T.Max(max, logits[k]);
        }

        return max;
    }
}
