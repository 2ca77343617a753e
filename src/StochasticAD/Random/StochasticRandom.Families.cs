using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using StochasticAD.Distributions;

namespace StochasticAD.Random;

// The draws added with the extension point: user-defined discrete families, the families built
// on them (negative binomial, discrete uniform, hypergeometric), the multinomial, and the
// continuous families without a location-scale form (gamma, beta) plus Weibull and Laplace.
public sealed partial class StochasticRandom
{
    // ---------------------------------------------------------------- user-defined discrete families

    /// <summary>
    /// A draw from a discrete family of your own (see <see cref="DiscreteFamily"/>): new jumps from
    /// the parameters' dual parts by the CDF-edge rule, their jumps carried by coupled inversion.
    /// </summary>
    /// <param name="family">The family.</param>
    /// <param name="parameters">Its parameters, in the order of <see cref="DiscreteFamily.ParameterNames"/>.</param>
    /// <param name="options">How the derivative of the draw is formed; <see cref="JumpStrategy.StraightThrough"/> is not available.</param>
    /// <exception cref="ArgumentException">The number of parameters is wrong, or a discrete parameter carries a dual part.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The family's <see cref="DiscreteFamily.Validate"/> rejects the parameters.</exception>
    public T Discrete<T>(DiscreteFamily family, ReadOnlySpan<T> parameters, DrawOptions options = default) where T : INumber<T>
    {
        NotInBranchArm<T>(nameof(Discrete));
        ArgumentNullException.ThrowIfNull(family);
        if (typeof(T) == typeof(double))
        {
            family.CheckCount(parameters.Length);
            ReadOnlySpan<double> p = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, double>(ref MemoryMarshal.GetReference(parameters)), parameters.Length);
            return FromDouble<T>(SampleFamily(this, family, p));
        }

        return FamilyDraws<T>.Instance.Discrete(this, family, parameters, options);
    }

    /// <summary>A draw from a one-parameter family of your own; see <see cref="Discrete{T}(DiscreteFamily, ReadOnlySpan{T}, DrawOptions)"/>.</summary>
    /// <param name="family">The family.</param>
    /// <param name="parameter">Its parameter.</param>
    /// <param name="options">How the derivative of the draw is formed.</param>
    public T Discrete<T>(DiscreteFamily family, T parameter, DrawOptions options = default) where T : INumber<T> =>
        Discrete(family, new ReadOnlySpan<T>(in parameter), options);

    internal static int SampleFamily(StochasticRandom rng, DiscreteFamily family, ReadOnlySpan<double> parameters)
    {
        family.CheckCount(parameters.Length);
        family.Validate(parameters);
        return family.Sample(rng, parameters);
    }

    // ---------------------------------------------------------------- families built on the extension point

    /// <summary>
    /// A negative binomial draw: failures before the <paramref name="r"/>-th success in trials of
    /// success probability <paramref name="p"/> (mean r(1 − p)/p), differentiable in p and in a real r
    /// (see <see cref="NegativeBinomialFamily"/>).
    /// </summary>
    /// <param name="r">The number of successes, real, finite and &gt; 0.</param>
    /// <param name="p">The success probability, in (0, 1].</param>
    /// <param name="options">How the derivative of the draw is formed.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its range.</exception>
    /// <exception cref="DrawOverflowException">The draw does not fit an int (p tiny).</exception>
    public T NegativeBinomial<T>(T r, T p, DrawOptions options = default) where T : INumber<T> =>
        Discrete(NegativeBinomialFamily.Instance, [r, p], options);

    /// <summary>
    /// A uniform draw among the whole numbers <paramref name="lower"/> … <paramref name="upper"/>. The
    /// bounds may be random (earlier draws): their jumps are carried by coupled inversion; they have
    /// no continuous derivative (a dual part is refused, except on a smoothing backend).
    /// </summary>
    /// <param name="lower">The smallest value, a whole number.</param>
    /// <param name="upper">The largest value, a whole number ≥ lower.</param>
    /// <param name="options">How the derivative of the draw is formed.</param>
    /// <exception cref="ArgumentOutOfRangeException">A bound is not whole, or upper &lt; lower.</exception>
    public T DiscreteUniform<T>(T lower, T upper, DrawOptions options = default) where T : INumber<T> =>
        Discrete(DiscreteUniformFamily.Instance, [lower, upper], options);

    /// <summary>
    /// A hypergeometric draw: successes among <paramref name="draws"/> items taken without replacement
    /// from <paramref name="population"/> items of which <paramref name="successes"/> are successes. The
    /// counts may be random (their jumps are carried by coupled inversion); they have no continuous derivative.
    /// </summary>
    /// <param name="population">The population size, a whole number ≥ 0.</param>
    /// <param name="successes">The successes in it, a whole number in [0, population].</param>
    /// <param name="draws">The items taken, a whole number in [0, population].</param>
    /// <param name="options">How the derivative of the draw is formed.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is not whole or out of range.</exception>
    public T Hypergeometric<T>(T population, T successes, T draws, DrawOptions options = default) where T : INumber<T> =>
        Discrete(HypergeometricFamily.Instance, [population, successes, draws], options);

    // ---------------------------------------------------------------- multinomial (sequential binomials, method §15)

    /// <summary>
    /// A multinomial draw: how many of <paramref name="n"/> items fall in each of K categories, as
    /// K counts summing to n. Drawn as sequential binomials, count i ~ Binomial(n − earlier counts,
    /// pᵢ/(pᵢ + … + p_{K−1})), so the probabilities (which may be triples) and a random n are
    /// differentiated by the binomial's rules. Categories whose remaining mass is 0 get no draw (count 0).
    /// </summary>
    /// <param name="n">The number of items: a whole number ≥ 0 (may be an earlier draw).</param>
    /// <param name="probabilities">K ≥ 1 probabilities, each ≥ 0, summing to 1 within <see cref="Distributions.Categorical.SumTolerance"/>.</param>
    /// <param name="options">How the derivative of each binomial stage is formed.</param>
    /// <exception cref="ArgumentException">The vector is empty or does not sum to 1.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An entry is negative or not finite, or n is not a whole number ≥ 0.</exception>
    public T[] Multinomial<T>(T n, ReadOnlySpan<T> probabilities, DrawOptions options = default) where T : INumber<T>
    {
        NotInBranchArm<T>(nameof(Multinomial));
        int k = probabilities.Length;
        var primal = new double[k];
        for (int i = 0; i < k; i++)
        {
            primal[i] = Primal(probabilities[i]);
        }

        Distributions.Categorical.Validate(primal, nameof(probabilities));
        WholeNumber(Primal(n), nameof(n));

        // Tail masses pᵢ + (pᵢ₊₁ + …): a sum of non-negative terms is at least each of them in floating
        // point, so every stage's probability pᵢ/tailᵢ is at most 1.
        var tails = new T[k];
        T tail = T.Zero;
        for (int i = k - 1; i >= 0; i--)
        {
            tail = probabilities[i] + tail;
            tails[i] = tail;
        }

        var counts = new T[k];
        T remaining = n;
        for (int i = 0; i < k - 1; i++)
        {
            if (Primal(tails[i]) == 0)
            {
                counts[i] = T.Zero;
                continue;
            }

            counts[i] = Binomial(remaining, probabilities[i] / tails[i], options);
            remaining -= counts[i];
        }

        counts[k - 1] = remaining;
        return counts;
    }

    /// <summary>A multinomial draw of a fixed number of items; see <see cref="Multinomial{T}(T, ReadOnlySpan{T}, DrawOptions)"/>.</summary>
    /// <param name="n">The number of items, ≥ 0.</param>
    /// <param name="probabilities">K ≥ 1 probabilities summing to 1.</param>
    /// <param name="options">How the derivative of each binomial stage is formed.</param>
    public T[] Multinomial<T>(int n, ReadOnlySpan<T> probabilities, DrawOptions options = default) where T : INumber<T>
    {
        NotInBranchArm<T>(nameof(Multinomial));
        DistributionChecks.NonNegative(n, nameof(n));
        return Multinomial(T.CreateChecked(n), probabilities, options);
    }

    // ---------------------------------------------------------------- gamma and beta (implicit reparameterisation)

    /// <summary>
    /// A gamma draw with the given shape k and rate λ (mean k/λ), differentiable in both: the
    /// shape by implicit reparameterisation (dx/dk = −(∂F/∂k)/f, method §14), the rate as a scale.
    /// </summary>
    /// <param name="shape">The shape k, finite and &gt; 0.</param>
    /// <param name="rate">The rate λ, finite and &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not finite and &gt; 0.</exception>
    /// <remarks>For a tiny shape (below about 0.01) the draw may underflow to 0; <see cref="Beta{T}(T, T)"/> works on log G and does not.</remarks>
    public T Gamma<T>(T shape, T rate) where T : INumber<T>, IExponentialFunctions<T>
    {
        NotInBranchArm<T>(nameof(Gamma));
        CheckGammaShape(Primal(shape), nameof(shape));
        CheckPositive(Primal(rate), nameof(rate));
        if (typeof(T) == typeof(double))
        {
            return FromDouble<T>(Samplers.Gamma(this, AsDouble(shape)) / AsDouble(rate));
        }

        return T.Exp(FamilyDraws<T>.Instance.LogGamma(this, shape)) / rate;
    }

    /// <summary>
    /// A beta draw G₁/(G₁ + G₂) with Gᵢ ~ Gamma(a or b, 1), differentiable in both parameters (mean
    /// a/(a + b)); formed as 1/(1 + exp(log G₂ − log G₁)), so tiny shapes do not underflow to 0/0.
    /// </summary>
    /// <param name="a">The first shape, finite and &gt; 0.</param>
    /// <param name="b">The second shape, finite and &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not finite and &gt; 0.</exception>
    public T Beta<T>(T a, T b) where T : INumber<T>, IExponentialFunctions<T>
    {
        NotInBranchArm<T>(nameof(Beta));
        CheckGammaShape(Primal(a), nameof(a));
        CheckGammaShape(Primal(b), nameof(b));
        if (typeof(T) == typeof(double))
        {
            double logG1 = Samplers.LogGamma(this, AsDouble(a)), logG2 = Samplers.LogGamma(this, AsDouble(b));
            return FromDouble<T>(1 / (1 + Math.Exp(logG2 - logG1)));
        }

        IFamilyDraws<T> draws = FamilyDraws<T>.Instance;
        T l1 = draws.LogGamma(this, a), l2 = draws.LogGamma(this, b);
        return T.One / (T.One + T.Exp(l2 - l1));
    }

    /// <summary>A Weibull draw scale·E^(1/shape) with E ~ Exp(1) (reparameterised; mean scale·Γ(1 + 1/shape)).</summary>
    /// <param name="shape">The shape, finite and &gt; 0.</param>
    /// <param name="scale">The scale, finite and &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not finite and &gt; 0.</exception>
    public T Weibull<T>(T shape, T scale) where T : INumber<T>, IPowerFunctions<T>
    {
        NotInBranchArm<T>(nameof(Weibull));
        CheckPositive(Primal(shape), nameof(shape));
        CheckPositive(Primal(scale), nameof(scale));
        T e = T.CreateTruncating(-Math.Log(NextDoubleNonZero()));
        return scale * T.Pow(e, T.One / shape);
    }

    /// <summary>A Laplace draw location + scale·L, L = ±E with E ~ Exp(1) and a fair sign (reparameterised).</summary>
    /// <param name="location">The location (mean), finite.</param>
    /// <param name="scale">The scale b, finite and &gt; 0 (variance 2b²).</param>
    /// <exception cref="ArgumentOutOfRangeException">The location is not finite, or the scale not finite and &gt; 0.</exception>
    public T Laplace<T>(T location, T scale) where T : INumber<T>
    {
        NotInBranchArm<T>(nameof(Laplace));
        double mu = Primal(location);
        if (!double.IsFinite(mu))
        {
            throw new ArgumentOutOfRangeException(nameof(location), mu, string.Create(CultureInfo.InvariantCulture, $"location must be finite, but is {mu}."));
        }

        CheckPositive(Primal(scale), nameof(scale));
        double e = -Math.Log(NextDoubleNonZero());
        return location + (scale * T.CreateTruncating(NextDouble() < 0.5 ? -e : e));
    }

    internal static double StandardLogGamma(StochasticRandom rng, double shape) => Samplers.LogGamma(rng, CheckGammaShape(shape, nameof(shape)));

    internal static double CheckGammaShape(double value, string name) => CheckPositive(value, name);

    private static double CheckPositive(double value, string name) =>
        value > 0 && !double.IsPositiveInfinity(value) ? value
        : throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"{name} must be finite and > 0, but is {value}."));
}
