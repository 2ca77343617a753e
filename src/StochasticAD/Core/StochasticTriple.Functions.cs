using System.Numerics;
using StochasticAD.Rules;
using R = StochasticAD.Rules.ElementaryRules;

namespace StochasticAD;

// The elementary functions of the generic-math function interfaces. Each is one line that
// names its rule in Rules/ElementaryRules.cs; the rule helper does the rest (dual part by the
// derivative, jumps by exact evaluation).
public readonly partial struct StochasticTriple<TJumps> :
    IFloatingPointConstants<StochasticTriple<TJumps>>,
    IExponentialFunctions<StochasticTriple<TJumps>>,
    ILogarithmicFunctions<StochasticTriple<TJumps>>,
    IPowerFunctions<StochasticTriple<TJumps>>,
    IRootFunctions<StochasticTriple<TJumps>>,
    ITrigonometricFunctions<StochasticTriple<TJumps>>,
    IHyperbolicFunctions<StochasticTriple<TJumps>>
{
    // ---------------------------------------------------------------- IFloatingPointConstants

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> E => new(Math.E);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> Pi => new(Math.PI);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> Tau => new(Math.Tau);

    // ---------------------------------------------------------------- IExponentialFunctions

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> Exp(StochasticTriple<TJumps> x) => Apply<R.Exp>(x);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> Exp2(StochasticTriple<TJumps> x) => Apply<R.Exp2>(x);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> Exp10(StochasticTriple<TJumps> x) => Apply<R.Exp10>(x);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> ExpM1(StochasticTriple<TJumps> x) => Apply<R.ExpM1>(x);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> Exp2M1(StochasticTriple<TJumps> x) => Apply<R.Exp2M1>(x);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> Exp10M1(StochasticTriple<TJumps> x) => Apply<R.Exp10M1>(x);

    // ---------------------------------------------------------------- ILogarithmicFunctions

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> Log(StochasticTriple<TJumps> x) => Apply<R.Log>(x);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> Log2(StochasticTriple<TJumps> x) => Apply<R.Log2>(x);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> Log10(StochasticTriple<TJumps> x) => Apply<R.Log10>(x);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> LogP1(StochasticTriple<TJumps> x) => Apply<R.LogP1>(x);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> Log2P1(StochasticTriple<TJumps> x) => Apply<R.Log2P1>(x);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> Log10P1(StochasticTriple<TJumps> x) => Apply<R.Log10P1>(x);

    /// <summary>The logarithm of <paramref name="x"/> in base <paramref name="newBase"/>; both may be triples.</summary>
    public static StochasticTriple<TJumps> Log(StochasticTriple<TJumps> x, StochasticTriple<TJumps> newBase) => Apply2<R.LogBase>(x, newBase);

    // ---------------------------------------------------------------- IRootFunctions

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> Sqrt(StochasticTriple<TJumps> x) => Apply<R.Sqrt>(x);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> Cbrt(StochasticTriple<TJumps> x) => Apply<R.Cbrt>(x);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> Hypot(StochasticTriple<TJumps> x, StochasticTriple<TJumps> y) => Apply2<R.Hypot>(x, y);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> RootN(StochasticTriple<TJumps> x, int n) => Apply(x, new R.RootN(n));

    // ---------------------------------------------------------------- ITrigonometricFunctions

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> Sin(StochasticTriple<TJumps> x) => Apply<R.Sin>(x);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> Cos(StochasticTriple<TJumps> x) => Apply<R.Cos>(x);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> Tan(StochasticTriple<TJumps> x) => Apply<R.Tan>(x);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> Asin(StochasticTriple<TJumps> x) => Apply<R.Asin>(x);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> Acos(StochasticTriple<TJumps> x) => Apply<R.Acos>(x);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> Atan(StochasticTriple<TJumps> x) => Apply<R.Atan>(x);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> SinPi(StochasticTriple<TJumps> x) => Apply<R.SinPi>(x);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> CosPi(StochasticTriple<TJumps> x) => Apply<R.CosPi>(x);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> TanPi(StochasticTriple<TJumps> x) => Apply<R.TanPi>(x);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> AsinPi(StochasticTriple<TJumps> x) => Apply<R.AsinPi>(x);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> AcosPi(StochasticTriple<TJumps> x) => Apply<R.AcosPi>(x);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> AtanPi(StochasticTriple<TJumps> x) => Apply<R.AtanPi>(x);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> DegreesToRadians(StochasticTriple<TJumps> x) =>
        JumpsTraits<TJumps>.ScalesInline ? Linear<R.DegreesToRadians>(x) : Apply<R.DegreesToRadians>(x);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> RadiansToDegrees(StochasticTriple<TJumps> x) =>
        JumpsTraits<TJumps>.ScalesInline ? Linear<R.RadiansToDegrees>(x) : Apply<R.RadiansToDegrees>(x);

    /// <inheritdoc/>
    public static (StochasticTriple<TJumps> Sin, StochasticTriple<TJumps> Cos) SinCos(StochasticTriple<TJumps> x) => (Sin(x), Cos(x));

    /// <inheritdoc/>
    public static (StochasticTriple<TJumps> SinPi, StochasticTriple<TJumps> CosPi) SinCosPi(StochasticTriple<TJumps> x) => (SinPi(x), CosPi(x));

    /// <summary>The angle whose tangent is y/x, in the quadrant of (x, y) (as <see cref="Math.Atan2"/>).</summary>
    public static StochasticTriple<TJumps> Atan2(StochasticTriple<TJumps> y, StochasticTriple<TJumps> x) => Apply2<R.Atan2>(y, x);

    // ---------------------------------------------------------------- IHyperbolicFunctions

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> Sinh(StochasticTriple<TJumps> x) => Apply<R.Sinh>(x);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> Cosh(StochasticTriple<TJumps> x) => Apply<R.Cosh>(x);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> Tanh(StochasticTriple<TJumps> x) => Apply<R.Tanh>(x);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> Asinh(StochasticTriple<TJumps> x) => Apply<R.Asinh>(x);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> Acosh(StochasticTriple<TJumps> x) => Apply<R.Acosh>(x);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> Atanh(StochasticTriple<TJumps> x) => Apply<R.Atanh>(x);

    // ---------------------------------------------------------------- IPowerFunctions

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> Pow(StochasticTriple<TJumps> x, StochasticTriple<TJumps> y) => Apply2<R.Pow>(x, y);

    /// <summary>x raised to a constant power.</summary>
    public static StochasticTriple<TJumps> Pow(StochasticTriple<TJumps> x, double y) => Apply2<R.Pow>(x, y);
}
