using System.Globalization;
using System.Numerics;
using StochasticAD.Backends;
using StochasticAD.Random;

namespace StochasticAD.Distributions;

/// <summary>
/// A discrete distribution family of your own, on a contiguous range of integers, with one or
/// more real parameters θ: give its pmf and its CDF, and the draw
/// <see cref="StochasticRandom.Discrete{T}(DiscreteFamily, ReadOnlySpan{T}, DrawOptions)"/>
/// differentiates it like the built-in families — new jumps by the CDF-edge inversion rule
/// (method §15), parameters' jumps carried by coupled inversion (§4), the score term (§11) and
/// the smoothed derivative (§7) all come from the pmf, the CDF and ∂F/∂θ.
/// </summary>
/// <remarks>
/// <para>
/// ∂F(k)/∂θᵢ is taken by evaluating <see cref="Cdf{T}"/> on a dual number (the library's
/// <c>StochasticTriple&lt;SmoothedJumps&gt;</c>), unless you override <see cref="CdfDerivative"/>
/// with an exact formula. So write the CDF once, generically, with the operators and functions
/// of <c>T</c> (<c>T.Exp</c>, <c>T.Log</c>, <c>T.Pow</c>, <c>T.Sqrt</c>) on the parameters.
/// </para>
/// <para>
/// The rule (method §15): with x sampled, the upper edge F(x) of x's CDF cell moves by
/// D(x)·ε and the lower edge F(x − 1) by D(x − 1)·ε, where D(k) = Σᵢ δᵢ·∂F(k)/∂θᵢ. An upper edge
/// moving down hands mass to x + 1 (jump +1 with weight −D(x)/P(x)), a lower edge moving up hands
/// mass to x − 1 (jump −1 with weight D(x − 1)/P(x)). With <see cref="CouplingMode.AlwaysRight"/>
/// only the upper edge is used (weights of either sign), with <see cref="CouplingMode.AlwaysLeft"/>
/// only the lower one; all three modes are unbiased. The support must be contiguous (no integer
/// of zero probability between two of positive probability), so that the neighbours x ± 1 are
/// where the moving edge's mass goes.
/// </para>
/// <para>
/// A parameter declared discrete (<see cref="IsDiscreteParameter"/>, e.g. a count) may carry
/// jumps, which are carried by coupled inversion, but no dual part (except on a smoothing backend,
/// where its unit forward difference of the CDF stands in for ∂F/∂θ).
/// </para>
/// <para>Instances are shared by every draw: keep them immutable.</para>
/// </remarks>
public abstract class DiscreteFamily
{
    private readonly string[] _parameterNames;

    /// <summary>Creates the family.</summary>
    /// <param name="name">The family's name, for messages.</param>
    /// <param name="parameterNames">The parameters' names, in the order the draw takes them (at least one).</param>
    /// <exception cref="ArgumentException">No parameter name is given.</exception>
    protected DiscreteFamily(string name, params string[] parameterNames)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(parameterNames);
        if (parameterNames.Length == 0)
        {
            throw new ArgumentException("A family needs at least one parameter.", nameof(parameterNames));
        }

        Name = name;
        _parameterNames = (string[])parameterNames.Clone();
    }

    /// <summary>The family's name.</summary>
    public string Name { get; }

    /// <summary>The parameters' names, in order.</summary>
    public IReadOnlyList<string> ParameterNames => _parameterNames;

    /// <summary>The number of parameters.</summary>
    public int ParameterCount => _parameterNames.Length;

    /// <summary>Whether parameter <paramref name="index"/> is a whole number (a count) with no continuous derivative. False by default.</summary>
    /// <param name="index">The parameter's position.</param>
    public virtual bool IsDiscreteParameter(int index) => false;

    /// <summary>
    /// Checks the parameters; throws <see cref="ArgumentOutOfRangeException"/> naming the parameter
    /// and its value when they are outside the family's range. Called before every draw, and for the
    /// parameters on a jump's path. The default accepts every finite value.
    /// </summary>
    /// <param name="parameters">The parameters' values.</param>
    public virtual void Validate(ReadOnlySpan<double> parameters)
    {
        for (int i = 0; i < parameters.Length; i++)
        {
            if (!double.IsFinite(parameters[i]))
            {
                throw OutOfRange(i, parameters[i], "must be finite");
            }
        }
    }

    /// <summary>The smallest value of the support (default 0).</summary>
    /// <param name="parameters">The parameters' values.</param>
    public virtual int SupportMinimum(ReadOnlySpan<double> parameters) => 0;

    /// <summary>The largest value of the support; <see cref="int.MaxValue"/> (the default) for an unbounded support.</summary>
    /// <param name="parameters">The parameters' values.</param>
    public virtual int SupportMaximum(ReadOnlySpan<double> parameters) => int.MaxValue;

    /// <summary>P(X = k).</summary>
    /// <param name="k">Any integer (0 outside the support).</param>
    /// <param name="parameters">The parameters' values.</param>
    public abstract double Pmf(int k, ReadOnlySpan<double> parameters);

    /// <summary>
    /// P(X ≤ k), written once for any number type: it is evaluated on <c>double</c> for the
    /// draws and on a dual number for ∂F/∂θ (unless <see cref="CdfDerivative"/> is overridden).
    /// 0 below the support, 1 from its maximum on.
    /// </summary>
    /// <typeparam name="T">double, or the library's dual number.</typeparam>
    /// <param name="k">Any integer.</param>
    /// <param name="parameters">The parameters.</param>
    public abstract T Cdf<T>(int k, ReadOnlySpan<T> parameters)
        where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IPowerFunctions<T>, IRootFunctions<T>;

    /// <summary>
    /// ∂F(k)/∂θ_<paramref name="parameter"/>. The default evaluates <see cref="Cdf{T}"/> on a dual
    /// number (for a discrete parameter: F(k; θ + 1) − F(k; θ)); override it with an exact formula
    /// where you have one or where the CDF has no generic form.
    /// </summary>
    /// <param name="k">Any integer.</param>
    /// <param name="parameters">The parameters' values.</param>
    /// <param name="parameter">The position of the parameter to differentiate in.</param>
    public virtual double CdfDerivative(int k, ReadOnlySpan<double> parameters, int parameter)
    {
        if (IsDiscreteParameter(parameter))
        {
            Span<double> next = stackalloc double[parameters.Length];
            parameters.CopyTo(next);
            next[parameter] += 1;
            return Cdf(k, (ReadOnlySpan<double>)next) - Cdf(k, parameters);
        }

        var run = new DifferentiationRun();
        var dual = new StochasticTriple<SmoothedJumps>[parameters.Length];
        for (int i = 0; i < dual.Length; i++)
        {
            dual[i] = StochasticTriple<SmoothedJumps>.Parameter(parameters[i], i == parameter ? 1 : 0, run);
        }

        return Cdf<StochasticTriple<SmoothedJumps>>(k, dual).Dual;
    }

    /// <summary>
    /// The smallest k with P(X ≤ k) ≥ <paramref name="u"/>, u in (0, 1]. The default brackets by
    /// doubling from the support's minimum and bisects: about 2·log₂(k − min) CDF evaluations.
    /// </summary>
    /// <param name="u">The probability level.</param>
    /// <param name="parameters">The parameters' values.</param>
    /// <exception cref="DrawOverflowException">The quantile is past int.MaxValue.</exception>
    public virtual int Quantile(double u, ReadOnlySpan<double> parameters) => At(parameters.ToArray()).SearchQuantile(u);

    /// <summary>A draw; the default inverts a uniform with <see cref="Quantile"/>.</summary>
    /// <param name="rng">The generator.</param>
    /// <param name="parameters">The parameters' values.</param>
    public virtual int Sample(StochasticRandom rng, ReadOnlySpan<double> parameters)
    {
        ArgumentNullException.ThrowIfNull(rng);

        // In (0, 1): a level of exactly 1 would send an unbounded search after a CDF that rounds below 1.
        double u = Math.Min(rng.NextDoubleNonZero(), Math.BitDecrement(1.0));
        return Quantile(u, parameters);
    }

    /// <summary>The exception for parameter <paramref name="index"/> with <paramref name="value"/>, e.g. <c>OutOfRange(0, r, "must be &gt; 0")</c>.</summary>
    /// <param name="index">The parameter's position.</param>
    /// <param name="value">Its value.</param>
    /// <param name="requirement">What it must be, completing "name ... but is value".</param>
    protected ArgumentOutOfRangeException OutOfRange(int index, double value, string requirement) =>
        new(_parameterNames[index], value, string.Create(CultureInfo.InvariantCulture, $"{Name}: {_parameterNames[index]} {requirement}, but is {value}."));

    /// <summary>The family at fixed parameters, as the draws use it.</summary>
    internal FamilyAt At(double[] parameters) => new(this, parameters);

    /// <summary>Checks the number of parameters of a draw.</summary>
    internal void CheckCount(int count, string parameters = "parameters")
    {
        if (count != ParameterCount)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{Name} takes {ParameterCount} parameters ({string.Join(", ", _parameterNames)}), but {count} were given."),
                parameters);
        }
    }
}

/// <summary>A <see cref="DiscreteFamily"/> at fixed parameters, as an <see cref="IDiscreteDistribution"/> for the coupling code.</summary>
internal readonly struct FamilyAt(DiscreteFamily family, double[] parameters) : IDiscreteDistribution
{
    public DiscreteFamily Family => family;

    public double[] Parameters => parameters;

    public int Minimum => family.SupportMinimum(parameters);

    public int Maximum => family.SupportMaximum(parameters);

    public double Mean => double.NaN; // not needed by the draws

    public int Sample(StochasticRandom rng) => family.Sample(rng, parameters);

    public double Pmf(int k) => family.Pmf(k, parameters);

    public double Cdf(int k) => family.Cdf<double>(k, parameters);

    public int Quantile(double u) => family.Quantile(u, parameters);

    /// <summary>The default quantile: a bracketing search over the support.</summary>
    public int SearchQuantile(double u)
    {
        int lo = Minimum, hi = Maximum;
        return hi < int.MaxValue
            ? DistributionChecks.SearchQuantile(this, u, lo, hi)
            : DistributionChecks.SearchUnboundedQuantile(this, u, lo + 1, family.Name, family.ParameterNames[0], parameters[0], lo);
    }

    /// <summary>
    /// D(k) = Σᵢ δᵢ·∂F(k)/∂θᵢ: how fast the CDF at k moves in the direction <paramref name="duals"/>.
    /// Also at the support's ends: where a parameter moves the support itself (a discrete bound on a
    /// smoothing backend), F just outside it moves too.
    /// </summary>
    public double CdfDirectional(int k, ReadOnlySpan<double> duals)
    {
        if (k == int.MaxValue)
        {
            return 0; // F(int.MaxValue) is 1: no draw lies beyond
        }

        double sum = 0;
        for (int i = 0; i < duals.Length; i++)
        {
            if (duals[i] != 0)
            {
                sum += duals[i] * family.CdfDerivative(k, parameters, i);
            }
        }

        return sum;
    }
}
