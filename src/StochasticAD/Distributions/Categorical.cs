using System.Globalization;
using StochasticAD.Random;

namespace StochasticAD.Distributions;

/// <summary>
/// The categorical distribution on 0, 1, …, K − 1 with probabilities p₀ … p_{K−1}.
/// Sampled by inversion: k is drawn when a uniform U falls in (F(k − 1), F(k)].
/// </summary>
public sealed class Categorical : IDiscreteDistribution
{
    /// <summary>
    /// How far Σp may be from 1: |Σp − 1| ≤ 1e-8. Wide enough for probabilities normalised in
    /// floating point, narrow enough to catch a vector that was never normalised.
    /// </summary>
    public const double SumTolerance = 1e-8;

    private readonly double[] _cumulative;

    /// <summary>Creates the distribution.</summary>
    /// <param name="probabilities">K ≥ 1 probabilities, each finite and ≥ 0, summing to 1 within <see cref="SumTolerance"/>.</param>
    /// <exception cref="ArgumentException">The vector is empty, or its sum is not 1.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An entry is negative or not finite.</exception>
    public Categorical(ReadOnlySpan<double> probabilities)
    {
        Validate(probabilities, nameof(probabilities));
        _cumulative = new double[probabilities.Length];
        double sum = 0;
        for (int i = 0; i < probabilities.Length; i++)
        {
            sum += probabilities[i];
            _cumulative[i] = sum;
        }

        // Remove the rounding of the sum so that F(K − 1) is exactly 1.
        for (int i = 0; i < _cumulative.Length; i++)
        {
            _cumulative[i] /= sum;
        }

        _cumulative[^1] = 1;
    }

    /// <summary>The number of categories K.</summary>
    public int Count => _cumulative.Length;

    /// <inheritdoc/>
    public double Mean
    {
        get
        {
            double mean = 0;
            for (int k = 0; k < Count; k++)
            {
                mean += k * Pmf(k);
            }

            return mean;
        }
    }

    /// <summary>Checks a probability vector as the constructor does.</summary>
    public static void Validate(ReadOnlySpan<double> probabilities, string name)
    {
        if (probabilities.IsEmpty)
        {
            throw new ArgumentException("The probability vector must have at least one entry.", name);
        }

        double sum = 0;
        for (int i = 0; i < probabilities.Length; i++)
        {
            double p = probabilities[i];
            if (!(p >= 0) || double.IsPositiveInfinity(p))
            {
                throw new ArgumentOutOfRangeException(name, p, $"{name}[{i}] must be finite and >= 0, but is {p}.");
            }

            sum += p;
        }

        if (!(Math.Abs(sum - 1) <= SumTolerance))
        {
            throw new ArgumentException($"The entries of {name} must sum to 1 (within {SumTolerance}), but sum to {sum:R}.", name);
        }
    }

    /// <summary>
    /// Checks the derivatives of a probability vector: since the entries sum to 1 for every
    /// parameter, their derivatives must sum to 0 (within <see cref="SumTolerance"/> relative to
    /// the largest derivative). A vector that does not is not a family of distributions, and the
    /// derivative of a draw from it would be silently wrong.
    /// </summary>
    /// <param name="derivatives">The derivatives (dual parts) of the entries.</param>
    /// <param name="name">The parameter name for the message.</param>
    /// <exception cref="ArgumentException">A derivative is not finite, or they do not sum to 0.</exception>
    public static void ValidateDerivatives(ReadOnlySpan<double> derivatives, string name)
    {
        double sum = 0, largest = 0;
        for (int i = 0; i < derivatives.Length; i++)
        {
            double d = derivatives[i];
            if (!double.IsFinite(d))
            {
                throw new ArgumentOutOfRangeException(name, d, string.Create(CultureInfo.InvariantCulture, $"The derivative of {name}[{i}] must be finite, but is {d}."));
            }

            sum += d;
            largest = Math.Max(largest, Math.Abs(d));
        }

        if (!(Math.Abs(sum) <= SumTolerance * Math.Max(1, largest)))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The derivatives of the entries of {name} must sum to 0 (the entries sum to 1 for every parameter), but sum to {sum:G6}."),
                name);
        }
    }

    /// <inheritdoc/>
    public int Sample(StochasticRandom rng) => Quantile(rng.NextDoubleNonZero());

    /// <inheritdoc/>
    public double Pmf(int k) => k < 0 || k >= Count ? 0 : _cumulative[k] - (k == 0 ? 0 : _cumulative[k - 1]);

    /// <inheritdoc/>
    public double Cdf(int k) => k < 0 ? 0 : k >= Count ? 1 : _cumulative[k];

    /// <inheritdoc/>
    public int Quantile(double u)
    {
        int index = Array.BinarySearch(_cumulative, u);
        if (index < 0)
        {
            index = ~index;
        }
        else
        {
            // An exact hit on F(k) belongs to k; step back over zero-probability ties.
            while (index > 0 && _cumulative[index - 1] >= u)
            {
                index--;
            }
        }

        return Math.Min(index, Count - 1);
    }
}
