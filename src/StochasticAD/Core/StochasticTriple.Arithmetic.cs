using System.Numerics;
using System.Runtime.CompilerServices;
using StochasticAD.Rules;
using R = StochasticAD.Rules.ElementaryRules;

namespace StochasticAD;

// The arithmetic operators and identities. Mixed overloads with double avoid building a
// constant triple for the other operand; int and other numbers reach them through the
// standard implicit conversion to double.
public readonly partial struct StochasticTriple<TJumps> :
    INumber<StochasticTriple<TJumps>>,
    ISignedNumber<StochasticTriple<TJumps>>
{
    // ---------------------------------------------------------------- IAdditiveIdentity, IMultiplicativeIdentity, INumberBase, ISignedNumber

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> AdditiveIdentity => default;

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> MultiplicativeIdentity => new(1);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> Zero => default;

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> One => new(1);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> NegativeOne => new(-1);

    /// <summary>2, as for <see cref="double"/>.</summary>
    public static int Radix => 2;

    // ---------------------------------------------------------------- IAdditionOperators, ISubtractionOperators

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static StochasticTriple<TJumps> operator +(StochasticTriple<TJumps> left, StochasticTriple<TJumps> right) =>
        JumpsTraits<TJumps>.ScalesInline ? Affine2<R.Add>(left, right) : Apply2<R.Add>(left, right);

    /// <summary>Adds a constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static StochasticTriple<TJumps> operator +(StochasticTriple<TJumps> left, double right) =>
        JumpsTraits<TJumps>.ScalesInline ? AffineConstantRight<R.Add>(left, right) : Apply2<R.Add>(left, right);

    /// <summary>Adds to a constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static StochasticTriple<TJumps> operator +(double left, StochasticTriple<TJumps> right) =>
        JumpsTraits<TJumps>.ScalesInline ? AffineConstantLeft<R.Add>(left, right) : Apply2<R.Add>(left, right);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static StochasticTriple<TJumps> operator -(StochasticTriple<TJumps> left, StochasticTriple<TJumps> right) =>
        JumpsTraits<TJumps>.ScalesInline ? Affine2<R.Subtract>(left, right) : Apply2<R.Subtract>(left, right);

    /// <summary>Subtracts a constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static StochasticTriple<TJumps> operator -(StochasticTriple<TJumps> left, double right) =>
        JumpsTraits<TJumps>.ScalesInline ? AffineConstantRight<R.Subtract>(left, right) : Apply2<R.Subtract>(left, right);

    /// <summary>Subtracts from a constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static StochasticTriple<TJumps> operator -(double left, StochasticTriple<TJumps> right) =>
        JumpsTraits<TJumps>.ScalesInline ? AffineConstantLeft<R.Subtract>(left, right) : Apply2<R.Subtract>(left, right);

    // ---------------------------------------------------------------- IMultiplyOperators, IDivisionOperators, IModulusOperators

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static StochasticTriple<TJumps> operator *(StochasticTriple<TJumps> left, StochasticTriple<TJumps> right) =>
        JumpsTraits<TJumps>.ScalesInline ? Affine2<R.Multiply>(left, right) : Apply2<R.Multiply>(left, right);

    /// <summary>Multiplies by a constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static StochasticTriple<TJumps> operator *(StochasticTriple<TJumps> left, double right) =>
        JumpsTraits<TJumps>.ScalesInline ? AffineConstantRight<R.Multiply>(left, right) : Apply2<R.Multiply>(left, right);

    /// <summary>Multiplies a constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static StochasticTriple<TJumps> operator *(double left, StochasticTriple<TJumps> right) =>
        JumpsTraits<TJumps>.ScalesInline ? AffineConstantLeft<R.Multiply>(left, right) : Apply2<R.Multiply>(left, right);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static StochasticTriple<TJumps> operator /(StochasticTriple<TJumps> left, StochasticTriple<TJumps> right) =>
        JumpsTraits<TJumps>.ScalesInline ? Affine2<R.Divide>(left, right) : Apply2<R.Divide>(left, right);

    /// <summary>Divides by a constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static StochasticTriple<TJumps> operator /(StochasticTriple<TJumps> left, double right) =>
        JumpsTraits<TJumps>.ScalesInline ? AffineConstantRight<R.Divide>(left, right) : Apply2<R.Divide>(left, right);

    /// <summary>Divides a constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static StochasticTriple<TJumps> operator /(double left, StochasticTriple<TJumps> right) => Apply2<R.Divide>(left, right);

    /// <summary>The remainder of truncated division, as for <see cref="double"/>; its jumps are evaluated exactly.</summary>
    public static StochasticTriple<TJumps> operator %(StochasticTriple<TJumps> left, StochasticTriple<TJumps> right) => Apply2<R.Modulus>(left, right);

    // ---------------------------------------------------------------- IUnaryNegationOperators, IUnaryPlusOperators, IIncrementOperators, IDecrementOperators

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static StochasticTriple<TJumps> operator -(StochasticTriple<TJumps> value) =>
        JumpsTraits<TJumps>.ScalesInline ? Linear<R.Negate>(value) : Apply<R.Negate>(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static StochasticTriple<TJumps> operator +(StochasticTriple<TJumps> value) => value;

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> operator ++(StochasticTriple<TJumps> value) => value + 1.0;

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> operator --(StochasticTriple<TJumps> value) => value - 1.0;

    // ---------------------------------------------------------------- INumberBase: magnitude

    /// <summary>|x|. The dual part uses the sign of x (0 at x = 0); jumps are evaluated exactly.</summary>
    public static StochasticTriple<TJumps> Abs(StochasticTriple<TJumps> value) => Apply<R.Abs>(value);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> MaxMagnitude(StochasticTriple<TJumps> x, StochasticTriple<TJumps> y) => Apply2<R.MaxMagnitude>(x, y);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> MaxMagnitudeNumber(StochasticTriple<TJumps> x, StochasticTriple<TJumps> y) =>
        double.IsNaN(x._value) ? y : double.IsNaN(y._value) ? x : MaxMagnitude(x, y);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> MinMagnitude(StochasticTriple<TJumps> x, StochasticTriple<TJumps> y) => Apply2<R.MinMagnitude>(x, y);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> MinMagnitudeNumber(StochasticTriple<TJumps> x, StochasticTriple<TJumps> y) =>
        double.IsNaN(x._value) ? y : double.IsNaN(y._value) ? x : MinMagnitude(x, y);

    // ---------------------------------------------------------------- INumber: max, min, clamp, sign (no branch: jumps are evaluated exactly)

    /// <summary>The larger of two values. Continuous, so a jump that changes which is larger is evaluated exactly instead of throwing.</summary>
    public static StochasticTriple<TJumps> Max(StochasticTriple<TJumps> x, StochasticTriple<TJumps> y) => Apply2<R.Max>(x, y);

    /// <summary>The smaller of two values; see <see cref="Max"/>.</summary>
    public static StochasticTriple<TJumps> Min(StochasticTriple<TJumps> x, StochasticTriple<TJumps> y) => Apply2<R.Min>(x, y);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> MaxNumber(StochasticTriple<TJumps> x, StochasticTriple<TJumps> y) =>
        double.IsNaN(x._value) ? y : double.IsNaN(y._value) ? x : Max(x, y);

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> MinNumber(StochasticTriple<TJumps> x, StochasticTriple<TJumps> y) =>
        double.IsNaN(x._value) ? y : double.IsNaN(y._value) ? x : Min(x, y);

    /// <summary>min(max(value, min), max), evaluated exactly on every jump's path.</summary>
    /// <exception cref="ArgumentException">The primal <paramref name="min"/> exceeds the primal <paramref name="max"/>.</exception>
    public static StochasticTriple<TJumps> Clamp(StochasticTriple<TJumps> value, StochasticTriple<TJumps> min, StochasticTriple<TJumps> max)
    {
        if (min._value > max._value)
        {
            throw new ArgumentException($"Clamp needs min <= max, but min = {min._value} and max = {max._value}.", nameof(min));
        }

        return Min(Max(value, min), max);
    }

    /// <summary>|value| with the sign of <paramref name="sign"/>; a jump that flips the sign is evaluated exactly.</summary>
    public static StochasticTriple<TJumps> CopySign(StochasticTriple<TJumps> value, StochasticTriple<TJumps> sign) => Apply2<R.CopySign>(value, sign);

    /// <summary>The sign (−1, 0, +1) of the value.</summary>
    /// <exception cref="PredicateDependsOnJumpException">A jump changes the sign.</exception>
    public static int Sign(StochasticTriple<TJumps> value)
    {
        int primal = Math.Sign(value._value);
        var check = new UnaryCheck(UnaryQuestion.Sign, value._value, primal);
        if (!TJumps.All2(value._jumps, default, ref check))
        {
            throw check.Failure("Sign");
        }

        return primal;
    }
}
