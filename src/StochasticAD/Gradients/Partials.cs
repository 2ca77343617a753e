using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace StochasticAD;

/// <summary>
/// A chunk of K partial derivatives stored inline (no array, no allocation), in the spirit of
/// ForwardDiff's <c>Partials{N}</c>: the dual part of a <see cref="GradientTriple{TJumps, TPartials}"/>.
/// </summary>
/// <typeparam name="TSelf">The chunk type itself (<see cref="Partials1"/>, <see cref="Partials2"/>, <see cref="Partials4"/>, <see cref="Partials8"/>, <see cref="Partials16"/>).</typeparam>
public interface IPartials<TSelf> where TSelf : struct, IPartials<TSelf>
{
    /// <summary>The chunk size K: how many parameters one pass differentiates.</summary>
    static abstract int Count { get; }
}

/// <summary>One partial derivative.</summary>
[InlineArray(1)]
public struct Partials1 : IPartials<Partials1>
{
    private double _element;

    /// <inheritdoc/>
    public static int Count => 1;
}

/// <summary>Two partial derivatives.</summary>
[InlineArray(2)]
public struct Partials2 : IPartials<Partials2>
{
    private double _element;

    /// <inheritdoc/>
    public static int Count => 2;
}

/// <summary>Four partial derivatives.</summary>
[InlineArray(4)]
public struct Partials4 : IPartials<Partials4>
{
    private double _element;

    /// <inheritdoc/>
    public static int Count => 4;
}

/// <summary>Eight partial derivatives.</summary>
[InlineArray(8)]
public struct Partials8 : IPartials<Partials8>
{
    private double _element;

    /// <inheritdoc/>
    public static int Count => 8;
}

/// <summary>Sixteen partial derivatives.</summary>
[InlineArray(16)]
public struct Partials16 : IPartials<Partials16>
{
    private double _element;

    /// <inheritdoc/>
    public static int Count => 16;
}

/// <summary>The vector arithmetic of a chunk of partials: a span over the inline doubles.</summary>
internal static class PartialsMath<TPartials> where TPartials : struct, IPartials<TPartials>
{
    /// <summary>The chunk's K doubles, readable and writable in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Span<double> Of(ref TPartials x) => MemoryMarshal.CreateSpan(ref Unsafe.As<TPartials, double>(ref x), TPartials.Count);

    /// <summary>The chunk's K doubles, read-only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlySpan<double> Read(in TPartials x) =>
        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<TPartials, double>(ref Unsafe.AsRef(in x)), TPartials.Count);

    /// <summary>Whether every partial is 0.</summary>
    public static bool IsZero(in TPartials x)
    {
        foreach (double d in Read(x))
        {
            if (d != 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>a·x. A zero x gives zero whatever a is (an infinite derivative times no direction is no change).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TPartials Scale(double a, in TPartials x)
    {
        TPartials result = default;
        Span<double> r = Of(ref result);
        ReadOnlySpan<double> s = Read(x);
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = s[i] == 0 ? 0 : a * s[i];
        }

        return result;
    }

    /// <summary>a·x + b·y, with zero entries of x and y contributing nothing (as for <see cref="Scale"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TPartials Combine(double a, in TPartials x, double b, in TPartials y)
    {
        TPartials result = default;
        Span<double> r = Of(ref result);
        ReadOnlySpan<double> sx = Read(x);
        ReadOnlySpan<double> sy = Read(y);
        for (int i = 0; i < r.Length; i++)
        {
            double v = sx[i] == 0 ? 0 : a * sx[i];
            r[i] = sy[i] == 0 ? v : v + (b * sy[i]);
        }

        return result;
    }
}
