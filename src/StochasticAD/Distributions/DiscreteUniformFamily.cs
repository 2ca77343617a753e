using StochasticAD.Random;

namespace StochasticAD.Distributions;

/// <summary>
/// The discrete uniform distribution on lower, lower + 1, …, upper. Its parameters are whole
/// numbers: they may be random (carry jumps, carried by coupled inversion), but have no
/// continuous derivative.
/// </summary>
public sealed class DiscreteUniformFamily : DiscreteFamily
{
    private DiscreteUniformFamily()
        : base("DiscreteUniform", "lower", "upper")
    {
    }

    /// <summary>The family; parameters (lower, upper).</summary>
    public static DiscreteUniformFamily Instance { get; } = new();

    /// <inheritdoc/>
    public override bool IsDiscreteParameter(int index) => true;

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException">A bound is not a whole number in the int range, or upper &lt; lower.</exception>
    public override void Validate(ReadOnlySpan<double> parameters)
    {
        double lower = parameters[0], upper = parameters[1];
        if (!IsWhole(lower))
        {
            throw OutOfRange(0, lower, "must be a whole number in the int range");
        }

        if (!IsWhole(upper) || upper < lower)
        {
            throw OutOfRange(1, upper, $"must be a whole number in the int range and >= lower = {lower}");
        }
    }

    internal static bool IsWhole(double value) => value >= int.MinValue && value <= int.MaxValue && Math.Floor(value) == value;

    /// <inheritdoc/>
    public override int SupportMinimum(ReadOnlySpan<double> parameters) => (int)parameters[0];

    /// <inheritdoc/>
    public override int SupportMaximum(ReadOnlySpan<double> parameters) => (int)parameters[1];

    /// <inheritdoc/>
    public override double Pmf(int k, ReadOnlySpan<double> parameters) =>
        k < parameters[0] || k > parameters[1] ? 0 : 1 / (parameters[1] - parameters[0] + 1);

    /// <inheritdoc/>
    public override T Cdf<T>(int k, ReadOnlySpan<T> parameters)
    {
        T lower = parameters[0], upper = parameters[1], kk = T.CreateChecked(k);
        return kk < lower ? T.Zero : kk >= upper ? T.One : (kk - lower + T.One) / (upper - lower + T.One);
    }

    /// <inheritdoc/>
    public override int Quantile(double u, ReadOnlySpan<double> parameters)
    {
        double lower = parameters[0], count = parameters[1] - lower + 1;
        return (int)Math.Clamp(lower + Math.Ceiling(u * count) - 1, lower, parameters[1]);
    }

    /// <inheritdoc/>
    public override int Sample(StochasticRandom rng, ReadOnlySpan<double> parameters)
    {
        ArgumentNullException.ThrowIfNull(rng);
        return (int)((long)parameters[0] + rng.NextInt64((long)(parameters[1] - parameters[0]) + 1));
    }
}
