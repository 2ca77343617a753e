using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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

    // Scale and Combine are on every operation's path and are inlined into models' loops. The JIT's
    // inlining budget counts a callee's IL, so each keeps only the one-register path for K = 4
    // inline and calls the general loop for other sizes; the size test is Unsafe.SizeOf, which the
    // JIT folds while importing, so the branch not taken costs nothing. (With both paths in one
    // method the particle filter's loop ran out of budget: the gradient triple's operators were
    // called out of line there, about a third of a one-pass run.)

    /// <summary>a·x. A zero x gives zero whatever a is (an infinite derivative times no direction is no change).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TPartials Scale(double a, in TPartials x)
    {
        if (Unsafe.SizeOf<TPartials>() == 4 * sizeof(double) && Vector256.IsHardwareAccelerated)
        {
            // One register: no loop, no stack round trip for the common chunk of four.
            Vector256<double> v = Unsafe.As<TPartials, Vector256<double>>(ref Unsafe.AsRef(in x));
            Vector256<double> scaled = Vector256.AndNot(Vector256.Create(a) * v, Vector256.Equals(v, Vector256<double>.Zero));
            return Unsafe.As<Vector256<double>, TPartials>(ref scaled);
        }

        return ScaleAnySize(a, x);
    }

    /// <summary>a·x + b·y, with zero entries of x and y contributing nothing (as for <see cref="Scale"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TPartials Combine(double a, in TPartials x, double b, in TPartials y)
    {
        if (Unsafe.SizeOf<TPartials>() == 4 * sizeof(double) && Vector256.IsHardwareAccelerated)
        {
            Vector256<double> vx = Unsafe.As<TPartials, Vector256<double>>(ref Unsafe.AsRef(in x));
            Vector256<double> vy = Unsafe.As<TPartials, Vector256<double>>(ref Unsafe.AsRef(in y));
            Vector256<double> sum = Vector256.AndNot(Vector256.Create(a) * vx, Vector256.Equals(vx, Vector256<double>.Zero)) +
                Vector256.AndNot(Vector256.Create(b) * vy, Vector256.Equals(vy, Vector256<double>.Zero));
            return Unsafe.As<Vector256<double>, TPartials>(ref sum);
        }

        return CombineAnySize(a, x, b, y);
    }

    private static TPartials ScaleAnySize(double a, in TPartials x)
    {
        TPartials result = default;
        ref double r = ref Unsafe.As<TPartials, double>(ref result);
        ref double sx = ref Unsafe.As<TPartials, double>(ref Unsafe.AsRef(in x));
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var va = Vector256.Create(a);
            for (; i + 4 <= TPartials.Count; i += 4)
            {
                Vector256<double> vx = Vector256.LoadUnsafe(ref sx, (nuint)i);
                Vector256.AndNot(va * vx, Vector256.Equals(vx, Vector256<double>.Zero)).StoreUnsafe(ref r, (nuint)i);
            }
        }

        for (; i < TPartials.Count; i++)
        {
            double v = Unsafe.Add(ref sx, i);
            Unsafe.Add(ref r, i) = v == 0 ? 0 : a * v;
        }

        return result;
    }

    private static TPartials CombineAnySize(double a, in TPartials x, double b, in TPartials y)
    {
        TPartials result = default;
        ref double r = ref Unsafe.As<TPartials, double>(ref result);
        ref double sx = ref Unsafe.As<TPartials, double>(ref Unsafe.AsRef(in x));
        ref double sy = ref Unsafe.As<TPartials, double>(ref Unsafe.AsRef(in y));
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var va = Vector256.Create(a);
            var vb = Vector256.Create(b);
            for (; i + 4 <= TPartials.Count; i += 4)
            {
                Vector256<double> vx = Vector256.LoadUnsafe(ref sx, (nuint)i);
                Vector256<double> vy = Vector256.LoadUnsafe(ref sy, (nuint)i);
                Vector256<double> px = Vector256.AndNot(va * vx, Vector256.Equals(vx, Vector256<double>.Zero));
                Vector256<double> py = Vector256.AndNot(vb * vy, Vector256.Equals(vy, Vector256<double>.Zero));
                (px + py).StoreUnsafe(ref r, (nuint)i);
            }
        }

        for (; i < TPartials.Count; i++)
        {
            double vx = Unsafe.Add(ref sx, i), vy = Unsafe.Add(ref sy, i);
            double v = vx == 0 ? 0 : a * vx;
            Unsafe.Add(ref r, i) = vy == 0 ? v : v + (b * vy);
        }

        return result;
    }
}
