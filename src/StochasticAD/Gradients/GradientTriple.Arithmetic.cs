using System.Numerics;
using System.Runtime.CompilerServices;
using R = StochasticAD.Rules.ElementaryRules;

namespace StochasticAD;

// The arithmetic operators and identities of the gradient triple, as for StochasticTriple (the
// same rules of Rules/ElementaryRules.cs, applied by this type's Apply/Apply2). Mixed overloads with double avoid building a
// constant triple for the other operand; int and other numbers reach them through the
// standard implicit conversion to double.
public readonly partial struct GradientTriple<TJumps, TPartials> :
    INumber<GradientTriple<TJumps, TPartials>>,
    ISignedNumber<GradientTriple<TJumps, TPartials>>
{
    // ---------------------------------------------------------------- IAdditiveIdentity, IMultiplicativeIdentity, INumberBase, ISignedNumber

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> AdditiveIdentity => default;

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> MultiplicativeIdentity => new(1);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> Zero => default;

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> One => new(1);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> NegativeOne => new(-1);

    /// <summary>2, as for <see cref="double"/>.</summary>
    public static int Radix => 2;

    // ---------------------------------------------------------------- IAdditionOperators, ISubtractionOperators

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GradientTriple<TJumps, TPartials> operator +(GradientTriple<TJumps, TPartials> left, GradientTriple<TJumps, TPartials> right) => Apply2<R.Add>(left, right);

    /// <summary>Adds a constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GradientTriple<TJumps, TPartials> operator +(GradientTriple<TJumps, TPartials> left, double right) => Apply2<R.Add>(left, right);

    /// <summary>Adds to a constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GradientTriple<TJumps, TPartials> operator +(double left, GradientTriple<TJumps, TPartials> right) => Apply2<R.Add>(left, right);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GradientTriple<TJumps, TPartials> operator -(GradientTriple<TJumps, TPartials> left, GradientTriple<TJumps, TPartials> right) => Apply2<R.Subtract>(left, right);

    /// <summary>Subtracts a constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GradientTriple<TJumps, TPartials> operator -(GradientTriple<TJumps, TPartials> left, double right) => Apply2<R.Subtract>(left, right);

    /// <summary>Subtracts from a constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GradientTriple<TJumps, TPartials> operator -(double left, GradientTriple<TJumps, TPartials> right) => Apply2<R.Subtract>(left, right);

    // ---------------------------------------------------------------- IMultiplyOperators, IDivisionOperators, IModulusOperators

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GradientTriple<TJumps, TPartials> operator *(GradientTriple<TJumps, TPartials> left, GradientTriple<TJumps, TPartials> right) => Apply2<R.Multiply>(left, right);

    /// <summary>Multiplies by a constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GradientTriple<TJumps, TPartials> operator *(GradientTriple<TJumps, TPartials> left, double right) => Apply2<R.Multiply>(left, right);

    /// <summary>Multiplies a constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GradientTriple<TJumps, TPartials> operator *(double left, GradientTriple<TJumps, TPartials> right) => Apply2<R.Multiply>(left, right);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GradientTriple<TJumps, TPartials> operator /(GradientTriple<TJumps, TPartials> left, GradientTriple<TJumps, TPartials> right) => Apply2<R.Divide>(left, right);

    /// <summary>Divides by a constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GradientTriple<TJumps, TPartials> operator /(GradientTriple<TJumps, TPartials> left, double right) => Apply2<R.Divide>(left, right);

    /// <summary>Divides a constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GradientTriple<TJumps, TPartials> operator /(double left, GradientTriple<TJumps, TPartials> right) => Apply2<R.Divide>(left, right);

    /// <summary>The remainder of truncated division, as for <see cref="double"/>; its jumps are evaluated exactly.</summary>
    public static GradientTriple<TJumps, TPartials> operator %(GradientTriple<TJumps, TPartials> left, GradientTriple<TJumps, TPartials> right) => Apply2<R.Modulus>(left, right);

    // ---------------------------------------------------------------- IUnaryNegationOperators, IUnaryPlusOperators, IIncrementOperators, IDecrementOperators

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GradientTriple<TJumps, TPartials> operator -(GradientTriple<TJumps, TPartials> value) => Apply<R.Negate>(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GradientTriple<TJumps, TPartials> operator +(GradientTriple<TJumps, TPartials> value) => value;

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> operator ++(GradientTriple<TJumps, TPartials> value) => Apply2<R.Add>(value, 1.0);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> operator --(GradientTriple<TJumps, TPartials> value) => Apply2<R.Subtract>(value, 1.0);

    // ---------------------------------------------------------------- INumberBase: magnitude

    /// <summary>|x|. The dual part uses the sign of x (0 at x = 0); jumps are evaluated exactly.</summary>
    public static GradientTriple<TJumps, TPartials> Abs(GradientTriple<TJumps, TPartials> value) => Apply<R.Abs>(value);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> MaxMagnitude(GradientTriple<TJumps, TPartials> x, GradientTriple<TJumps, TPartials> y) => Apply2<R.MaxMagnitude>(x, y);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> MaxMagnitudeNumber(GradientTriple<TJumps, TPartials> x, GradientTriple<TJumps, TPartials> y) =>
        double.IsNaN(x._value) ? y : double.IsNaN(y._value) ? x : MaxMagnitude(x, y);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> MinMagnitude(GradientTriple<TJumps, TPartials> x, GradientTriple<TJumps, TPartials> y) => Apply2<R.MinMagnitude>(x, y);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> MinMagnitudeNumber(GradientTriple<TJumps, TPartials> x, GradientTriple<TJumps, TPartials> y) =>
        double.IsNaN(x._value) ? y : double.IsNaN(y._value) ? x : MinMagnitude(x, y);

    // ---------------------------------------------------------------- INumber: max, min, clamp, sign (no branch: jumps are evaluated exactly)

    /// <summary>The larger of two values. Continuous, so a jump that changes which is larger is evaluated exactly instead of throwing.</summary>
    public static GradientTriple<TJumps, TPartials> Max(GradientTriple<TJumps, TPartials> x, GradientTriple<TJumps, TPartials> y) => Apply2<R.Max>(x, y);

    /// <summary>The smaller of two values; see <see cref="Max"/>.</summary>
    public static GradientTriple<TJumps, TPartials> Min(GradientTriple<TJumps, TPartials> x, GradientTriple<TJumps, TPartials> y) => Apply2<R.Min>(x, y);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> MaxNumber(GradientTriple<TJumps, TPartials> x, GradientTriple<TJumps, TPartials> y) =>
        double.IsNaN(x._value) ? y : double.IsNaN(y._value) ? x : Max(x, y);

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> MinNumber(GradientTriple<TJumps, TPartials> x, GradientTriple<TJumps, TPartials> y) =>
        double.IsNaN(x._value) ? y : double.IsNaN(y._value) ? x : Min(x, y);

    /// <summary>min(max(value, min), max), evaluated exactly on every jump's path.</summary>
    /// <exception cref="ArgumentException">The primal <paramref name="min"/> exceeds the primal <paramref name="max"/>.</exception>
    public static GradientTriple<TJumps, TPartials> Clamp(GradientTriple<TJumps, TPartials> value, GradientTriple<TJumps, TPartials> min, GradientTriple<TJumps, TPartials> max)
    {
        if (min._value > max._value)
        {
            throw new ArgumentException($"Clamp needs min <= max, but min = {min._value} and max = {max._value}.", nameof(min));
        }

        return Min(Max(value, min), max);
    }

    /// <summary>|value| with the sign of <paramref name="sign"/>; a jump that flips the sign is evaluated exactly.</summary>
    public static GradientTriple<TJumps, TPartials> CopySign(GradientTriple<TJumps, TPartials> value, GradientTriple<TJumps, TPartials> sign) => Apply2<R.CopySign>(value, sign);

    /// <summary>The sign (−1, 0, +1) of the value.</summary>
    /// <exception cref="PredicateDependsOnJumpException">A jump changes the sign.</exception>
    public static int Sign(GradientTriple<TJumps, TPartials> value) => StochasticTriple<TJumps>.Sign(value.ToScalar());
}
