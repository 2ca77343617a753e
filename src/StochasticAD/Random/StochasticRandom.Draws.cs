using System.Numerics;
using System.Runtime.CompilerServices;
using StochasticAD.Distributions;

namespace StochasticAD.Random;

// The draws, generic over the number type. With T = double each is a plain sample at full
// speed (the typeof test is folded away by the JIT); with T = StochasticTriple<TJumps> it
// returns a triple whose jumps carry the derivative (Random/TripleDraws.cs); other number
// types (float, Half, decimal) sample through double.
public sealed partial class StochasticRandom
{
    // ---------------------------------------------------------------- discrete

    /// <summary>A Bernoulli draw: 1 with probability <paramref name="p"/>, else 0.</summary>
    /// <param name="p">Success probability, in [0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is NaN or outside [0, 1] (on any path).</exception>
    /// <param name="options">How the derivative of the draw is formed (strategy, coupling); the defaults suit almost every model.</param>
    public T Bernoulli<T>(T p, DrawOptions options = default) where T : INumber<T>
    {
        NotInBranchArm<T>(nameof(Bernoulli));
        if (typeof(T) == typeof(double))
        {
            return FromDouble<T>(new Bernoulli(AsDouble(p)).Sample(this));
        }

        return DrawRules<T>.Instance.Bernoulli(this, p, options);
    }

    /// <summary>A binomial draw: successes in <paramref name="n"/> trials of probability <paramref name="p"/>.</summary>
    /// <param name="n">Number of trials, ≥ 0.</param>
    /// <param name="p">Success probability, in [0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative, or <paramref name="p"/> is NaN or outside [0, 1].</exception>
    /// <param name="options">How the derivative of the draw is formed (strategy, coupling); the defaults suit almost every model.</param>
    public T Binomial<T>(int n, T p, DrawOptions options = default) where T : INumber<T>
    {
        NotInBranchArm<T>(nameof(Binomial));
        if (typeof(T) == typeof(double))
        {
            return FromDouble<T>(new Binomial(n, AsDouble(p)).Sample(this));
        }

        return DrawRules<T>.Instance.Binomial(this, n, p, options);
    }

    /// <summary>
    /// A binomial draw whose number of trials is itself a number of the model (e.g. the result
    /// of an earlier draw), so it may carry jumps: a jump Δn adds Binomial(Δn, p) successes or
    /// removes a hypergeometric share of them (method §4).
    /// </summary>
    /// <param name="n">Number of trials: a whole number ≥ 0 on every path.</param>
    /// <param name="p">Success probability, in [0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative or not whole, or <paramref name="p"/> is outside [0, 1].</exception>
    /// <param name="options">How the derivative of the draw is formed (strategy, coupling); the defaults suit almost every model.</param>
    public T Binomial<T>(T n, T p, DrawOptions options = default) where T : INumber<T>
    {
        NotInBranchArm<T>(nameof(Binomial));
        if (typeof(T) == typeof(double))
        {
            return FromDouble<T>(new Binomial(WholeNumber(AsDouble(n), nameof(n)), AsDouble(p)).Sample(this));
        }

        return DrawRules<T>.Instance.Binomial(this, n, p, options);
    }

    /// <summary>
    /// A binomial draw with a number of trials of the model's type and a constant probability,
    /// so that <c>rng.Binomial(n, 0.7)</c> compiles in code generic over T; the same draw as
    /// <see cref="Binomial{T}(T, T, DrawOptions)"/> with p converted to T.
    /// </summary>
    /// <param name="n">Number of trials: a whole number ≥ 0 on every path (e.g. an earlier draw).</param>
    /// <param name="p">Success probability, in [0, 1].</param>
    /// <param name="options">How the derivative of the draw is formed (strategy, coupling); the defaults suit almost every model.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative or not whole, or <paramref name="p"/> is outside [0, 1].</exception>
    public T Binomial<T>(T n, double p, DrawOptions options = default) where T : INumber<T> =>
        Binomial(n, T.CreateChecked(p), options);

    /// <summary>
    /// A binomial draw of plain numbers. It exists so that <c>rng.Binomial(10, 0.5)</c> picks one
    /// overload: both <see cref="Binomial{T}(int, T, DrawOptions)"/> and
    /// <see cref="Binomial{T}(T, double, DrawOptions)"/> would otherwise fit it equally well.
    /// </summary>
    /// <param name="n">Number of trials, ≥ 0.</param>
    /// <param name="p">Success probability, in [0, 1].</param>
    /// <param name="options">Ignored for plain numbers; accepted for symmetry with the generic draws.</param>
    /// <returns>The number of successes.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative, or <paramref name="p"/> is NaN or outside [0, 1].</exception>
    public double Binomial(int n, double p, DrawOptions options = default) => Binomial<double>(n, p, options);

    /// <summary>A geometric draw on 0, 1, 2, …: the failures before the first success.</summary>
    /// <param name="p">Success probability, in (0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is NaN or outside (0, 1].</exception>
    /// <param name="options">How the derivative of the draw is formed (strategy, coupling); the defaults suit almost every model.</param>
    public T Geometric<T>(T p, DrawOptions options = default) where T : INumber<T>
    {
        NotInBranchArm<T>(nameof(Geometric));
        if (typeof(T) == typeof(double))
        {
            return FromDouble<T>(new Geometric(AsDouble(p)).Sample(this));
        }

        return DrawRules<T>.Instance.Geometric(this, p, options);
    }

    /// <summary>A Poisson draw with rate <paramref name="lambda"/>.</summary>
    /// <param name="lambda">The rate, finite and ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lambda"/> is NaN, infinite or negative.</exception>
    /// <param name="options">How the derivative of the draw is formed (strategy, coupling); the defaults suit almost every model.</param>
    public T Poisson<T>(T lambda, DrawOptions options = default) where T : INumber<T>
    {
        NotInBranchArm<T>(nameof(Poisson));
        if (typeof(T) == typeof(double))
        {
            return FromDouble<T>(new Poisson(AsDouble(lambda)).Sample(this));
        }

        return DrawRules<T>.Instance.Poisson(this, lambda, options);
    }

    /// <summary>
    /// A categorical draw: index k ∈ {0, …, K − 1} with probability <paramref name="probabilities"/>[k].
    /// The entries may be triples (each with its own derivative); categories of probability 0 are allowed.
    /// </summary>
    /// <param name="probabilities">K ≥ 1 entries, each ≥ 0, summing to 1 within <see cref="Categorical.SumTolerance"/>.</param>
    /// <exception cref="ArgumentException">The vector is empty or does not sum to 1.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An entry is negative or not finite.</exception>
    /// <param name="options">How the derivative of the draw is formed (strategy, coupling); the defaults suit almost every model.</param>
    public T Categorical<T>(ReadOnlySpan<T> probabilities, DrawOptions options = default) where T : INumber<T>
    {
        NotInBranchArm<T>(nameof(Categorical));
        if (typeof(T) == typeof(double))
        {
            ReadOnlySpan<double> p = System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(
                ref Unsafe.As<T, double>(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(probabilities)), probabilities.Length);
            return FromDouble<T>(new Categorical(p).Sample(this));
        }

        return DrawRules<T>.Instance.Categorical(this, probabilities, options);
    }

    /// <summary>A categorical draw from an array of probabilities; see <see cref="Categorical{T}(ReadOnlySpan{T}, DrawOptions)"/>.</summary>
    public T Categorical<T>(T[] probabilities, DrawOptions options = default) where T : INumber<T> => Categorical<T>(probabilities.AsSpan(), options);

    // ---------------------------------------------------------------- continuous (reparameterised: the same code serves every T)

    /// <summary>A normal draw mean + sd·z with z ~ N(0, 1): reparameterised, so a derivative or jump of either parameter passes through with the same z.</summary>
    /// <param name="mean">The mean.</param>
    /// <param name="standardDeviation">The standard deviation, ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="standardDeviation"/> is negative or NaN, or <paramref name="mean"/> is NaN.</exception>
    public T Normal<T>(T mean, T standardDeviation) where T : INumber<T>
    {
        NotInBranchArm<T>(nameof(Normal));
        NotNaN(Primal(mean), nameof(mean));
        DistributionChecks.NonNegative(Primal(standardDeviation), nameof(standardDeviation));
        return mean + (standardDeviation * T.CreateTruncating(StandardNormal()));
    }

    /// <summary>A uniform draw on [lower, upper) as lower + (upper − lower)·u.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The bounds are not finite or <paramref name="upper"/> &lt; <paramref name="lower"/>.</exception>
    public T Uniform<T>(T lower, T upper) where T : INumber<T>
    {
        NotInBranchArm<T>(nameof(Uniform));
        double a = Primal(lower), b = Primal(upper);
        if (!double.IsFinite(a))
        {
            throw new ArgumentOutOfRangeException(nameof(lower), a, $"lower must be finite, but is {a}.");
        }

        if (!double.IsFinite(b) || b < a)
        {
            throw new ArgumentOutOfRangeException(nameof(upper), b, $"upper must be finite and >= lower = {a}, but is {b}.");
        }

        return lower + ((upper - lower) * T.CreateTruncating(NextDouble()));
    }

    /// <summary>An exponential draw with the given rate, as e / rate with e ~ Exp(1).</summary>
    /// <param name="rate">The rate, &gt; 0 (the mean is 1 / rate).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rate"/> is not &gt; 0.</exception>
    public T Exponential<T>(T rate) where T : INumber<T>
    {
        NotInBranchArm<T>(nameof(Exponential));
        double r = Primal(rate);
        if (!(r > 0) || double.IsPositiveInfinity(r))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), r, $"rate must be finite and > 0, but is {r}.");
        }

        return T.CreateTruncating(-Math.Log(NextDoubleNonZero())) / rate;
    }

    /// <summary>A log-normal draw exp(μ + σ·z) with z ~ N(0, 1).</summary>
    /// <param name="mu">The mean of the logarithm.</param>
    /// <param name="sigma">The standard deviation of the logarithm, ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sigma"/> is negative or NaN, or <paramref name="mu"/> is NaN.</exception>
    public T LogNormal<T>(T mu, T sigma) where T : INumber<T>, IExponentialFunctions<T>
    {
        NotInBranchArm<T>(nameof(LogNormal));
        NotNaN(Primal(mu), nameof(mu));
        DistributionChecks.NonNegative(Primal(sigma), nameof(sigma));
        return T.Exp(mu + (sigma * T.CreateTruncating(StandardNormal())));
    }

    /// <summary>A standard normal sample (Marsaglia's polar method, one pair at a time).</summary>
    public double StandardNormal()
    {
        if (_hasSpareNormal)
        {
            _hasSpareNormal = false;
            return _spareNormal;
        }

        double u, v, s;
        do
        {
            u = (2 * NextDouble()) - 1;
            v = (2 * NextDouble()) - 1;
            s = (u * u) + (v * v);
        }
        while (s >= 1 || s == 0);

        double factor = Math.Sqrt(-2 * Math.Log(s) / s);
        _spareNormal = v * factor;
        _hasSpareNormal = true;
        return u * factor;
    }

    private double _spareNormal;
    private bool _hasSpareNormal;

    // ---------------------------------------------------------------- helpers

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double AsDouble<T>(T value) => Unsafe.As<T, double>(ref value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static T FromDouble<T>(double value) => Unsafe.As<double, T>(ref value);

    /// <summary>Throws <see cref="DrawInBranchArmException"/> for a draw of triples inside an arm of <see cref="Branch"/>.If; free for double (the test folds away).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void NotInBranchArm<T>(string draw)
    {
        if (typeof(T) != typeof(double) && BranchArms.Inside)
        {
            throw DrawInBranchArmException.ForDraw(draw);
        }
    }

    /// <summary>The primal value of any number: itself for double, the value of a triple, a conversion otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double Primal<T>(T value) where T : INumber<T> =>
        typeof(T) == typeof(double) ? AsDouble(value) : double.CreateTruncating(value);

    internal static int WholeNumber(double value, string name)
    {
        if (!(value >= 0) || value > int.MaxValue || Math.Floor(value) != value)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a whole number >= 0, but is {value}.");
        }

        return (int)value;
    }

    private static void NotNaN(double value, string name)
    {
        if (double.IsNaN(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must not be NaN.");
        }
    }
}
