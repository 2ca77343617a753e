using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace StochasticAD;

// Conversions, parsing and formatting.
//
// Into a triple: any number becomes a constant (no dual part, no jump, no run).
// Out of a triple: "checked" conversion refuses to drop a derivative (it throws, as a checked
// conversion throws on overflow), so double.CreateChecked(triple) can never silently lose the
// derivative; "saturating" and "truncating" conversions deliberately keep only the primal value.
public readonly partial struct GradientTriple<TJumps, TPartials>
{
    // ---------------------------------------------------------------- INumberBase: conversion

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryConvertFromChecked<TOther>(TOther value, out GradientTriple<TJumps, TPartials> result)
        where TOther : INumberBase<TOther> => TryConvertFrom(value, out result, ConversionKind.Checked);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryConvertFromSaturating<TOther>(TOther value, out GradientTriple<TJumps, TPartials> result)
        where TOther : INumberBase<TOther> => TryConvertFrom(value, out result, ConversionKind.Saturating);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryConvertFromTruncating<TOther>(TOther value, out GradientTriple<TJumps, TPartials> result)
        where TOther : INumberBase<TOther> => TryConvertFrom(value, out result, ConversionKind.Truncating);

    /// <summary>Converts the primal value to <typeparamref name="TOther"/>.</summary>
    /// <exception cref="InvalidOperationException">The triple has a non-zero dual part or a live jump, which the conversion would drop.</exception>
    public static bool TryConvertToChecked<TOther>(GradientTriple<TJumps, TPartials> value, out TOther result)
        where TOther : INumberBase<TOther>
    {
        if (!PartialsMath<TPartials>.IsZero(value._partials) || value._jumps.HasJump)
        {
            throw StochasticTripleText.CheckedConversionWouldDropDerivative(value.ToString(), typeof(TOther));
        }

        result = TOther.CreateChecked(value._value);
        return true;
    }

    /// <summary>Converts the primal value to <typeparamref name="TOther"/>, saturating; the derivative is dropped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryConvertToSaturating<TOther>(GradientTriple<TJumps, TPartials> value, out TOther result)
        where TOther : INumberBase<TOther>
    {
        result = TOther.CreateSaturating(value._value);
        return true;
    }

    /// <summary>Converts the primal value to <typeparamref name="TOther"/>, truncating; the derivative is dropped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryConvertToTruncating<TOther>(GradientTriple<TJumps, TPartials> value, out TOther result)
        where TOther : INumberBase<TOther>
    {
        result = TOther.CreateTruncating(value._value);
        return true;
    }

    private enum ConversionKind { Checked, Saturating, Truncating }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryConvertFrom<TOther>(TOther value, out GradientTriple<TJumps, TPartials> result, ConversionKind kind)
        where TOther : INumberBase<TOther>
    {
        if (typeof(TOther) == typeof(GradientTriple<TJumps, TPartials>))
        {
            result = Unsafe.As<TOther, GradientTriple<TJumps, TPartials>>(ref value);
            return true;
        }

        if (typeof(TOther) == typeof(double))
        {
            // T.CreateChecked(double) in a model's loop: a constant, inline (every kind converts a double alike).
            result = new(Unsafe.As<TOther, double>(ref value));
            return true;
        }

        return TryConvertFromOther(value, out result, kind);
    }

    private static bool TryConvertFromOther<TOther>(TOther value, out GradientTriple<TJumps, TPartials> result, ConversionKind kind)
        where TOther : INumberBase<TOther>
    {

        // A number becomes a constant exactly as for the scalar triple; a scalar triple with a
        // derivative has no place in a gradient run (its direction is not one of the K), so it does not convert.
        StochasticTriple<TJumps> scalar;
        bool ok = kind switch
        {
            ConversionKind.Checked => StochasticTriple<TJumps>.TryConvertFromChecked(value, out scalar),
            ConversionKind.Saturating => StochasticTriple<TJumps>.TryConvertFromSaturating(value, out scalar),
            _ => StochasticTriple<TJumps>.TryConvertFromTruncating(value, out scalar),
        };
        result = new(scalar.Value);
        return ok && scalar.RunStamp == 0;
    }

    // ---------------------------------------------------------------- IParsable, ISpanParsable, INumberBase: parsing (a number parses to a constant)

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> Parse(string s, IFormatProvider? provider) => new(double.Parse(s, provider ?? CultureInfo.InvariantCulture));

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => new(double.Parse(s, provider ?? CultureInfo.InvariantCulture));

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> Parse(string s, NumberStyles style, IFormatProvider? provider) =>
        new(double.Parse(s, style, provider ?? CultureInfo.InvariantCulture));

    /// <inheritdoc/>
    public static GradientTriple<TJumps, TPartials> Parse(ReadOnlySpan<char> s, NumberStyles style, IFormatProvider? provider) =>
        new(double.Parse(s, style, provider ?? CultureInfo.InvariantCulture));

    /// <inheritdoc/>
    public static bool TryParse([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? s, IFormatProvider? provider, out GradientTriple<TJumps, TPartials> result) =>
        TryParse(s.AsSpan(), NumberStyles.Float | NumberStyles.AllowThousands, provider, out result);

    /// <inheritdoc/>
    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out GradientTriple<TJumps, TPartials> result) =>
        TryParse(s, NumberStyles.Float | NumberStyles.AllowThousands, provider, out result);

    /// <inheritdoc/>
    public static bool TryParse([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? s, NumberStyles style, IFormatProvider? provider, out GradientTriple<TJumps, TPartials> result) =>
        TryParse(s.AsSpan(), style, provider, out result);

    /// <inheritdoc/>
    public static bool TryParse(ReadOnlySpan<char> s, NumberStyles style, IFormatProvider? provider, out GradientTriple<TJumps, TPartials> result)
    {
        bool ok = double.TryParse(s, style, provider ?? CultureInfo.InvariantCulture, out double d);
        result = new(d);
        return ok;
    }

    // ---------------------------------------------------------------- ISpanFormattable

    /// <inheritdoc/>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        StochasticTripleText.TryCopy(ToString(format.IsEmpty ? null : format.ToString(), provider), destination, out charsWritten);
}
