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
public readonly partial struct StochasticTriple<TJumps>
{
    // ---------------------------------------------------------------- INumberBase: conversion

    /// <inheritdoc/>
    public static bool TryConvertFromChecked<TOther>(TOther value, out StochasticTriple<TJumps> result)
        where TOther : INumberBase<TOther> => TryConvertFrom(value, out result, ConversionKind.Checked);

    /// <inheritdoc/>
    public static bool TryConvertFromSaturating<TOther>(TOther value, out StochasticTriple<TJumps> result)
        where TOther : INumberBase<TOther> => TryConvertFrom(value, out result, ConversionKind.Saturating);

    /// <inheritdoc/>
    public static bool TryConvertFromTruncating<TOther>(TOther value, out StochasticTriple<TJumps> result)
        where TOther : INumberBase<TOther> => TryConvertFrom(value, out result, ConversionKind.Truncating);

    /// <summary>Converts the primal value to <typeparamref name="TOther"/>.</summary>
    /// <exception cref="InvalidOperationException">The triple has a non-zero dual part or a live jump, which the conversion would drop.</exception>
    public static bool TryConvertToChecked<TOther>(StochasticTriple<TJumps> value, out TOther result)
        where TOther : INumberBase<TOther>
    {
        if (value._dual != 0 || value._jumps.HasJump)
        {
            throw StochasticTripleText.CheckedConversionWouldDropDerivative(value.ToString(), typeof(TOther));
        }

        result = TOther.CreateChecked(value._value);
        return true;
    }

    /// <summary>Converts the primal value to <typeparamref name="TOther"/>, saturating; the derivative is dropped.</summary>
    public static bool TryConvertToSaturating<TOther>(StochasticTriple<TJumps> value, out TOther result)
        where TOther : INumberBase<TOther>
    {
        result = TOther.CreateSaturating(value._value);
        return true;
    }

    /// <summary>Converts the primal value to <typeparamref name="TOther"/>, truncating; the derivative is dropped.</summary>
    public static bool TryConvertToTruncating<TOther>(StochasticTriple<TJumps> value, out TOther result)
        where TOther : INumberBase<TOther>
    {
        result = TOther.CreateTruncating(value._value);
        return true;
    }

    private enum ConversionKind { Checked, Saturating, Truncating }

    private static bool TryConvertFrom<TOther>(TOther value, out StochasticTriple<TJumps> result, ConversionKind kind)
        where TOther : INumberBase<TOther>
    {
        if (typeof(TOther) == typeof(StochasticTriple<TJumps>))
        {
            result = Unsafe.As<TOther, StochasticTriple<TJumps>>(ref value);
            return true;
        }

        if (typeof(TOther) == typeof(double))
        {
            result = new(Unsafe.As<TOther, double>(ref value));
            return true;
        }

        // Every primitive number converts to double; an unknown type may not, which is a "false" here.
        if (!IsKnownToDouble<TOther>())
        {
            result = default;
            return false;
        }

        double d = kind switch
        {
            ConversionKind.Checked => double.CreateChecked(value),
            ConversionKind.Saturating => double.CreateSaturating(value),
            _ => double.CreateTruncating(value),
        };
        result = new(d);
        return true;
    }

    private static bool IsKnownToDouble<TOther>() =>
        typeof(TOther) == typeof(float) || typeof(TOther) == typeof(Half) || typeof(TOther) == typeof(decimal) ||
        typeof(TOther) == typeof(int) || typeof(TOther) == typeof(long) || typeof(TOther) == typeof(short) ||
        typeof(TOther) == typeof(sbyte) || typeof(TOther) == typeof(byte) || typeof(TOther) == typeof(ushort) ||
        typeof(TOther) == typeof(uint) || typeof(TOther) == typeof(ulong) || typeof(TOther) == typeof(nint) ||
        typeof(TOther) == typeof(nuint) || typeof(TOther) == typeof(Int128) || typeof(TOther) == typeof(UInt128) ||
        typeof(TOther) == typeof(char) || typeof(TOther) == typeof(BigInteger);

    // ---------------------------------------------------------------- IParsable, ISpanParsable, INumberBase: parsing (a number parses to a constant)

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> Parse(string s, IFormatProvider? provider) => new(double.Parse(s, provider ?? CultureInfo.InvariantCulture));

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => new(double.Parse(s, provider ?? CultureInfo.InvariantCulture));

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> Parse(string s, NumberStyles style, IFormatProvider? provider) =>
        new(double.Parse(s, style, provider ?? CultureInfo.InvariantCulture));

    /// <inheritdoc/>
    public static StochasticTriple<TJumps> Parse(ReadOnlySpan<char> s, NumberStyles style, IFormatProvider? provider) =>
        new(double.Parse(s, style, provider ?? CultureInfo.InvariantCulture));

    /// <inheritdoc/>
    public static bool TryParse([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? s, IFormatProvider? provider, out StochasticTriple<TJumps> result) =>
        TryParse(s.AsSpan(), NumberStyles.Float | NumberStyles.AllowThousands, provider, out result);

    /// <inheritdoc/>
    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out StochasticTriple<TJumps> result) =>
        TryParse(s, NumberStyles.Float | NumberStyles.AllowThousands, provider, out result);

    /// <inheritdoc/>
    public static bool TryParse([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? s, NumberStyles style, IFormatProvider? provider, out StochasticTriple<TJumps> result) =>
        TryParse(s.AsSpan(), style, provider, out result);

    /// <inheritdoc/>
    public static bool TryParse(ReadOnlySpan<char> s, NumberStyles style, IFormatProvider? provider, out StochasticTriple<TJumps> result)
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
