using StochasticAD.Random;

namespace StochasticAD.Distributions;

/// <summary>
/// The hypergeometric distribution: successes among <c>draws</c> items taken without replacement
/// from a population of <c>population</c> items of which <c>successes</c> are successes. Its
/// parameters are whole numbers: they may be random (carry jumps, carried by coupled inversion),
/// but have no continuous derivative. Sampling costs O(standard deviation) steps; the CDF and the
/// quantile (used when a parameter carries a jump) O(k − lowest value).
/// </summary>
public sealed class HypergeometricFamily : DiscreteFamily
{
    private HypergeometricFamily()
        : base("Hypergeometric", "population", "successes", "draws")
    {
    }

    /// <summary>The family; parameters (population, successes, draws).</summary>
    public static HypergeometricFamily Instance { get; } = new();

    /// <inheritdoc/>
    public override bool IsDiscreteParameter(int index) => true;

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not a whole number ≥ 0, or successes or draws exceed the population.</exception>
    public override void Validate(ReadOnlySpan<double> parameters)
    {
        double population = parameters[0], successes = parameters[1], draws = parameters[2];
        if (!DiscreteUniformFamily.IsWhole(population) || population < 0)
        {
            throw OutOfRange(0, population, "must be a whole number >= 0");
        }

        if (!DiscreteUniformFamily.IsWhole(successes) || successes < 0 || successes > population)
        {
            throw OutOfRange(1, successes, $"must be a whole number in [0, population = {population}]");
        }

        if (!DiscreteUniformFamily.IsWhole(draws) || draws < 0 || draws > population)
        {
            throw OutOfRange(2, draws, $"must be a whole number in [0, population = {population}]");
        }
    }

    /// <inheritdoc/>
    public override int SupportMinimum(ReadOnlySpan<double> parameters) => (int)Math.Max(0, parameters[2] + parameters[1] - parameters[0]);

    /// <inheritdoc/>
    public override int SupportMaximum(ReadOnlySpan<double> parameters) => (int)Math.Min(parameters[1], parameters[2]);

    /// <inheritdoc/>
    public override double Pmf(int k, ReadOnlySpan<double> parameters)
    {
        if (k < SupportMinimum(parameters) || k > SupportMaximum(parameters))
        {
            return 0;
        }

        double n = parameters[0], s = parameters[1], d = parameters[2];
        return Math.Exp(Samplers.LogChoose(s, k) + Samplers.LogChoose(n - s, d - k) - Samplers.LogChoose(n, d));
    }

    /// <inheritdoc/>
    /// <remarks>Inversion from the mode outwards: expected steps of the order of the standard deviation.</remarks>
    public override int Sample(StochasticRandom rng, ReadOnlySpan<double> parameters)
    {
        ArgumentNullException.ThrowIfNull(rng);
        return Samplers.Hypergeometric(rng, (int)parameters[0], (int)parameters[1], (int)parameters[2]);
    }

    /// <inheritdoc/>
    public override T Cdf<T>(int k, ReadOnlySpan<T> parameters)
    {
        // The parameters are whole numbers without a dual part: the sum runs in double.
        Span<double> p = [double.CreateTruncating(parameters[0]), double.CreateTruncating(parameters[1]), double.CreateTruncating(parameters[2])];
        int lo = SupportMinimum(p), hi = SupportMaximum(p);
        if (k < lo)
        {
            return T.Zero;
        }

        if (k >= hi)
        {
            return T.One;
        }

        double sum = 0;
        for (int j = lo; j <= k; j++)
        {
            sum += Pmf(j, p);
        }

        return T.CreateTruncating(Math.Min(sum, 1));
    }

    /// <inheritdoc/>
    public override int Quantile(double u, ReadOnlySpan<double> parameters)
    {
        int lo = SupportMinimum(parameters), hi = SupportMaximum(parameters);
        double cdf = 0;
        for (int k = lo; k < hi; k++)
        {
            cdf += Pmf(k, parameters);
            if (cdf >= u)
            {
                return k;
            }
        }

        return hi;
    }
}
