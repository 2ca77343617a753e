using System.Runtime.CompilerServices;

namespace StochasticAD.Random;

/// <summary>Cancellation inside a single run: the generator checks a token every few thousand draws.</summary>
public sealed partial class StochasticRandom
{
    /// <summary>Draws between two looks at <see cref="CancellationToken"/>: rare enough to cost nothing, frequent enough to stop within milliseconds.</summary>
    internal const int DrawsPerCancellationCheck = 4096;

    // Counts down once per 64 random bits; at zero the token is looked at (a decrement and a branch per draw, nothing more).
    private int _drawsUntilCancellationCheck = int.MaxValue;
    private CancellationToken _cancellationToken;

    /// <summary>
    /// A token that stops a long run from inside: every few thousand draws the generator throws
    /// <see cref="OperationCanceledException"/> once it is cancelled. The estimation engine sets it
    /// on every sample's generator, so cancelling an estimate also stops a sample that is running.
    /// </summary>
    public CancellationToken CancellationToken
    {
        get => _cancellationToken;
        set
        {
            _cancellationToken = value;
            _drawsUntilCancellationCheck = value.CanBeCanceled ? DrawsPerCancellationCheck : int.MaxValue;
        }
    }

    /// <summary>The generator of <see cref="ForStream(long, long)"/>, stopped by <paramref name="cancellationToken"/> (see <see cref="CancellationToken"/>).</summary>
    /// <param name="seed">The seed.</param>
    /// <param name="stream">The stream index.</param>
    /// <param name="cancellationToken">Checked every few thousand draws.</param>
    public static StochasticRandom ForStream(long seed, long stream, CancellationToken cancellationToken)
    {
        StochasticRandom rng = ForStream(seed, stream);
        rng.CancellationToken = cancellationToken;
        return rng;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CheckCancellation()
    {
        _drawsUntilCancellationCheck = _cancellationToken.CanBeCanceled ? DrawsPerCancellationCheck : int.MaxValue;
        _cancellationToken.ThrowIfCancellationRequested();
    }
}
