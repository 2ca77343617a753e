using System.Runtime.CompilerServices;

namespace StochasticAD;

/// <summary>
/// Finds a run from the stamp its triples carry, and lends each thread a reusable run for the
/// entry points of <see cref="Derivative"/>.
/// </summary>
/// <remarks>
/// A stamp is <c>(generation &lt;&lt; SlotBits) | slot</c>. The slot indexes a fixed array of run
/// objects; the generation is bumped whenever a slot gets a new run or a pooled run is reused, so
/// a stamp whose generation no longer matches belongs to a finished run, and using it fails
/// loudly instead of reading another run's events. Slots [0, RingSize) are a ring for runs made
/// with the public constructor; the rest belong to the per-thread pooled runs, one slot each for
/// the life of the thread (freed by a finalizer when the thread is gone). Generations wrap after
/// 131 071 reuses of one slot: a triple kept that long could in principle match again.
/// </remarks>
internal static class RunRegistry
{
    private const int SlotBits = 14;
    private const int SlotCount = 1 << SlotBits;
    private const int SlotMask = SlotCount - 1;
    private const int RingSize = 4096;
    private const int GenerationCount = int.MaxValue >> SlotBits;

    private static readonly DifferentiationRun?[] s_runs = new DifferentiationRun?[SlotCount];
    private static readonly int[] s_generations = new int[SlotCount];
    private static readonly Stack<int> s_freePooledSlots = new();
    private static readonly Lock s_pooledSlotsLock = new();
    private static int s_ringCursor = -1;
    private static int s_nextPooledSlot = RingSize;

    [ThreadStatic]
    private static PooledRun? t_pooled;

    /// <summary>The next slot of the ring of runs made with the public constructor.</summary>
    internal static int TakeRingSlot() => (int)((uint)Interlocked.Increment(ref s_ringCursor) % RingSize);

    /// <summary>Maps a new stamp of <paramref name="run"/>'s slot to it; returns the stamp.</summary>
    internal static int Publish(DifferentiationRun run)
    {
        int slot = run.Slot;
        int generation = (int)((uint)(Interlocked.Increment(ref s_generations[slot]) - 1) % GenerationCount) + 1;
        Volatile.Write(ref s_runs[slot], run);
        return (generation << SlotBits) | slot;
    }

    /// <summary>The run of <paramref name="stamp"/> (not 0); throws if that run has finished.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static DifferentiationRun Resolve(int stamp)
    {
        DifferentiationRun? run = s_runs[stamp & SlotMask];
        if (run is null || run.Stamp != stamp)
        {
            ThrowFinished(stamp);
        }

        return run;
    }

    /// <summary>The run of a stamp as messages name it: "run 12", or "a finished run" when it is gone.</summary>
    internal static string Describe(int stamp)
    {
        DifferentiationRun? run = s_runs[stamp & SlotMask];
        return run is not null && run.Stamp == stamp
            ? run.ToString()
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"a finished run (stamp {stamp})");
    }

    /// <summary>The exception for combining triples of the runs <paramref name="first"/> and <paramref name="second"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static MixedRunException Mixed(int first, int second) => MixedRunException.Between(Describe(first), Describe(second));

    [MethodImpl(MethodImplOptions.NoInlining)]
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowFinished(int stamp) => throw MixedRunException.Finished(Describe(stamp));

    /// <summary>
    /// A run for one call of an entry point: this thread's pooled run with a new stamp, or a new
    /// run when the pooled one is busy (a call nested inside another's program). Dispose the lease
    /// when the call is done.
    /// </summary>
    internal static RunLease Rent(JumpStrategy strategy)
    {
        PooledRun? pooled = t_pooled ??= TryCreatePooled(strategy);
        if (pooled is null || pooled.InUse)
        {
            return new RunLease(new DifferentiationRun(strategy), null);
        }

        pooled.InUse = true;
        pooled.Run.Restart(strategy);
        return new RunLease(pooled.Run, pooled);
    }

    private static PooledRun? TryCreatePooled(JumpStrategy strategy)
    {
        int slot;
        lock (s_pooledSlotsLock)
        {
            if (!s_freePooledSlots.TryPop(out slot))
            {
                if (s_nextPooledSlot == SlotCount)
                {
                    return null; // every pooled slot is taken: calls on this thread make a run each
                }

                slot = s_nextPooledSlot++;
            }
        }

        return new PooledRun(new DifferentiationRun(slot, strategy));
    }

    private static void ReleasePooledSlot(int slot)
    {
        Volatile.Write(ref s_runs[slot], null);
        lock (s_pooledSlotsLock)
        {
            s_freePooledSlots.Push(slot);
        }
    }

    /// <summary>A thread's reusable run. Only the thread-static field refers to it, so when the thread is gone it is collected and gives its slot back.</summary>
    internal sealed class PooledRun(DifferentiationRun run)
    {
        public DifferentiationRun Run { get; } = run;

        public bool InUse { get; set; }

        ~PooledRun() => ReleasePooledSlot(Run.Slot);
    }

    /// <summary>A run lent for one call; <see cref="Dispose"/> gives it back.</summary>
    internal readonly struct RunLease : IDisposable
    {
        private readonly PooledRun? _pooled;

        internal RunLease(DifferentiationRun run, PooledRun? pooled)
        {
            Run = run;
            _pooled = pooled;
        }

        /// <summary>The run.</summary>
        public DifferentiationRun Run { get; }

        /// <inheritdoc/>
        public void Dispose()
        {
            if (_pooled is not null)
            {
                _pooled.InUse = false;
            }
        }
    }
}
