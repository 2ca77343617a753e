using System.Numerics;
using System.Runtime.CompilerServices;

namespace StochasticAD.Random;

/// <summary>
/// The seedable random number generator of the library (xoshiro256**), passed explicitly to
/// every model. It is also the source of every random decision the differentiation makes
/// (coupled alternative draws, pruning), so one seed reproduces a run bit for bit.
/// </summary>
/// <remarks>
/// <para>
/// The draw methods (<see cref="Bernoulli{T}(T, DrawOptions)"/>, <see cref="Binomial{T}(int, T, DrawOptions)"/>,
/// <see cref="Normal{T}(T, T)"/>, …) are generic over the number type: called with
/// <c>double</c> parameters they return plain samples at full speed; called with
/// <see cref="StochasticTriple{TJumps}"/> parameters they return triples carrying the
/// derivative's jumps. A discrete draw written by hand from a uniform
/// (<c>rng.NextDouble() &lt; p</c>) has no derivative: use the distribution methods.
/// </para>
/// <para>
/// The class derives from <see cref="System.Random"/> so that any sampler written against
/// it (MathNet.Numerics among them) can use it. It is not thread-safe: give each thread its
/// own, e.g. from <see cref="ForStream(long, long)"/>.
/// </para>
/// </remarks>
public sealed partial class StochasticRandom : System.Random
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Creates a generator from a seed; equal seeds give equal streams.</summary>
    /// <param name="seed">Any 64-bit value.</param>
    public StochasticRandom(long seed)
    {
        Seed = seed;
        ulong sm = unchecked((ulong)seed);
        _s0 = SplitMix64(ref sm);
        _s1 = SplitMix64(ref sm);
        _s2 = SplitMix64(ref sm);
        _s3 = SplitMix64(ref sm);
    }

    /// <summary>The seed this generator was created from.</summary>
    public long Seed { get; }

    /// <summary>
    /// An independent generator for stream <paramref name="stream"/> of <paramref name="seed"/>:
    /// sample <c>i</c> of a parallel estimate uses stream <c>i</c>, so results do not depend on
    /// which thread ran which sample.
    /// </summary>
    public static StochasticRandom ForStream(long seed, long stream)
    {
        // Hash (seed, stream) through two SplitMix64 rounds so neighbouring streams are unrelated.
        ulong sm = unchecked((ulong)seed ^ 0x6A09E667F3BCC909UL);
        ulong a = SplitMix64(ref sm);
        ulong mixed = a ^ unchecked((ulong)stream * 0x9E3779B97F4A7C15UL);
        ulong h = SplitMix64(ref mixed);
        return new StochasticRandom(unchecked((long)h));
    }

    private static ulong SplitMix64(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        if (--_drawsUntilCancellationCheck < 0)
        {
            CheckCancellation();
        }

        ulong s0 = _s0, s1 = _s1, s2 = _s2, s3 = _s3;
        ulong result = BitOperations.RotateLeft(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = BitOperations.RotateLeft(s3, 45);
        _s0 = s0;
        _s1 = s1;
        _s2 = s2;
        _s3 = s3;
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform double in (0, 1]: never 0, so safe for logarithms and open-interval inversion.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDoubleNonZero() => ((NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53));

    /// <inheritdoc/>
    protected override double Sample() => NextDouble();

    /// <inheritdoc/>
    public override int Next() => (int)NextBelow(int.MaxValue);

    /// <inheritdoc/>
    public override int Next(int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return (int)NextBelow((ulong)maxValue);
    }

    /// <inheritdoc/>
    public override int Next(int minValue, int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        return (int)((long)minValue + (long)NextBelow((ulong)((long)maxValue - minValue)));
    }

    /// <inheritdoc/>
    public override long NextInt64() => (long)(NextUInt64() >> 1);

    /// <inheritdoc/>
    public override long NextInt64(long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return (long)NextBelow((ulong)maxValue);
    }

    /// <inheritdoc/>
    public override long NextInt64(long minValue, long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        return unchecked(minValue + (long)NextBelow((ulong)(maxValue - minValue)));
    }

    /// <inheritdoc/>
    public override float NextSingle() => (NextUInt64() >> 40) * (1.0f / (1U << 24));

    /// <inheritdoc/>
    public override void NextBytes(byte[] buffer) => NextBytes(buffer.AsSpan());

    /// <inheritdoc/>
    public override void NextBytes(Span<byte> buffer)
    {
        while (buffer.Length >= 8)
        {
            BitConverter.TryWriteBytes(buffer, NextUInt64());
            buffer = buffer[8..];
        }

        if (!buffer.IsEmpty)
        {
            Span<byte> last = stackalloc byte[8];
            BitConverter.TryWriteBytes(last, NextUInt64());
            last[..buffer.Length].CopyTo(buffer);
        }
    }

    /// <summary>A uniform integer in [0, bound), unbiased (Lemire's method); 0 when bound is 0.</summary>
    private ulong NextBelow(ulong bound)
    {
        if (bound <= 1)
        {
            return 0;
        }

        ulong high = Math.BigMul(NextUInt64(), bound, out ulong low);
        if (low < bound)
        {
            ulong threshold = (0 - bound) % bound;
            while (low < threshold)
            {
                high = Math.BigMul(NextUInt64(), bound, out low);
            }
        }

        return high;
    }
}
