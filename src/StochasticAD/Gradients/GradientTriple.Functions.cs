using System.Numerics;
using R = StochasticAD.Rules.ElementaryRules;

namespace StochasticAD;

// The elementary functions of the generic-math function interfaces. Each is one line that
// names its rule in Rules/ElementaryRules.cs; the rule helper does the rest (dual part by the
// derivative, jumps by exact evaluation).
public readonly partial struct GradientTriple<TJumps, TPartials> :
    IFloatingPointConstants<GradientTriple<TJumps, TPartials>>,
    IExponentialFunctions<GradientTriple<TJumps, TPartials>>,
    ILogarithmicFunctions<GradientTriple<TJumps, TPartials>>,
    IPowerFunctions<GradientTriple<TJumps, TPartials>>,
    IRootFunctions<GradientTriple<TJumps, TPartials>>,
    ITrigonometricFunctions<GradientTriple<TJumps, TPartials>>,
    IHyperbolicFunctions<GradientTriple<TJumps, TPartials>>
{
    // ---------------------------------------------------------------- IFloatingPointConstants

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> E => new(Math.E);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> Pi => new(Math.PI);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> Tau => new(Math.Tau);

    // ---------------------------------------------------------------- IExponentialFunctions

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> Exp(GradientTriple<TJumps, TPartials> x) => Apply<R.Exp>(x);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> Exp2(GradientTriple<TJumps, TPartials> x) => Apply<R.Exp2>(x);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> Exp10(GradientTriple<TJumps, TPartials> x) => Apply<R.Exp10>(x);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> ExpM1(GradientTriple<TJumps, TPartials> x) => Apply<R.ExpM1>(x);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> Exp2M1(GradientTriple<TJumps, TPartials> x) => Apply<R.Exp2M1>(x);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> Exp10M1(GradientTriple<TJumps, TPartials> x) => Apply<R.Exp10M1>(x);

    // ---------------------------------------------------------------- ILogarithmicFunctions

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> Log(GradientTriple<TJumps, TPartials> x) => Apply<R.Log>(x);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> Log2(GradientTriple<TJumps, TPartials> x) => Apply<R.Log2>(x);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> Log10(GradientTriple<TJumps, TPartials> x) => Apply<R.Log10>(x);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> LogP1(GradientTriple<TJumps, TPartials> x) => Apply<R.LogP1>(x);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> Log2P1(GradientTriple<TJumps, TPartials> x) => Apply<R.Log2P1>(x);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> Log10P1(GradientTriple<TJumps, TPartials> x) => Apply<R.Log10P1>(x);

    /// <summary>The logarithm of <paramref name="x"/> in base <paramref name="newBase"/>; both may be triples.</summary>
    public static GradientTriple<TJumps, TPartials> Log(GradientTriple<TJumps, TPartials> x, GradientTriple<TJumps, TPartials> newBase) => Apply2<R.LogBase>(x, newBase);

    // ---------------------------------------------------------------- IRootFunctions

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> Sqrt(GradientTriple<TJumps, TPartials> x) => Apply<R.Sqrt>(x);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> Cbrt(GradientTriple<TJumps, TPartials> x) => Apply<R.Cbrt>(x);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> Hypot(GradientTriple<TJumps, TPartials> x, GradientTriple<TJumps, TPartials> y) => Apply2<R.Hypot>(x, y);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> RootN(GradientTriple<TJumps, TPartials> x, int n) => Apply(x, new R.RootN(n));

    // ---------------------------------------------------------------- ITrigonometricFunctions

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> Sin(GradientTriple<TJumps, TPartials> x) => Apply<R.Sin>(x);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> Cos(GradientTriple<TJumps, TPartials> x) => Apply<R.Cos>(x);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> Tan(GradientTriple<TJumps, TPartials> x) => Apply<R.Tan>(x);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> Asin(GradientTriple<TJumps, TPartials> x) => Apply<R.Asin>(x);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> Acos(GradientTriple<TJumps, TPartials> x) => Apply<R.Acos>(x);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> Atan(GradientTriple<TJumps, TPartials> x) => Apply<R.Atan>(x);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> SinPi(GradientTriple<TJumps, TPartials> x) => Apply<R.SinPi>(x);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> CosPi(GradientTriple<TJumps, TPartials> x) => Apply<R.CosPi>(x);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> TanPi(GradientTriple<TJumps, TPartials> x) => Apply<R.TanPi>(x);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> AsinPi(GradientTriple<TJumps, TPartials> x) => Apply<R.AsinPi>(x);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> AcosPi(GradientTriple<TJumps, TPartials> x) => Apply<R.AcosPi>(x);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> AtanPi(GradientTriple<TJumps, TPartials> x) => Apply<R.AtanPi>(x);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> DegreesToRadians(GradientTriple<TJumps, TPartials> x) => Apply<R.DegreesToRadians>(x);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> RadiansToDegrees(GradientTriple<TJumps, TPartials> x) => Apply<R.RadiansToDegrees>(x);

    /// <inheritdoc/>
    public static (GradientTriple<TJumps, TPartials> Sin, GradientTriple<TJumps, TPartials> Cos) SinCos(GradientTriple<TJumps, TPartials> x) => (Sin(x), Cos(x));

    /// <inheritdoc/>
    public static (GradientTriple<TJumps, TPartials> SinPi, GradientTriple<TJumps, TPartials> CosPi) SinCosPi(GradientTriple<TJumps, TPartials> x) => (SinPi(x), CosPi(x));

    /// <summary>The angle whose tangent is y/x, in the quadrant of (x, y) (as <see cref="Math.Atan2"/>).</summary>
    public static GradientTriple<TJumps, TPartials> Atan2(GradientTriple<TJumps, TPartials> y, GradientTriple<TJumps, TPartials> x) => Apply2<R.Atan2>(y, x);

    // ---------------------------------------------------------------- IHyperbolicFunctions

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> Sinh(GradientTriple<TJumps, TPartials> x) => Apply<R.Sinh>(x);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> Cosh(GradientTriple<TJumps, TPartials> x) => Apply<R.Cosh>(x);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> Tanh(GradientTriple<TJumps, TPartials> x) => Apply<R.Tanh>(x);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> Asinh(GradientTriple<TJumps, TPartials> x) => Apply<R.Asinh>(x);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> Acosh(GradientTriple<TJumps, TPartials> x) => Apply<R.Acosh>(x);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> Atanh(GradientTriple<TJumps, TPartials> x) => Apply<R.Atanh>(x);

    // ---------------------------------------------------------------- IPowerFunctions

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> Pow(GradientTriple<TJumps, TPartials> x, GradientTriple<TJumps, TPartials> y) => Apply2<R.Pow>(x, y);

    /// <summary>x raised to a constant power.</summary>
    public static GradientTriple<TJumps, TPartials> Pow(GradientTriple<TJumps, TPartials> x, double y) => Apply2<R.Pow>(x, y);
}
