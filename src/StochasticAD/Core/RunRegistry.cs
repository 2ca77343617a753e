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
/// loudly instead of reading another run's events.
/// <para>
/// Each thread that makes runs owns a block of <see cref="BlockSize"/> slots: the first holds its
/// pooled run (reused by every entry point of <see cref="Derivative"/>), the others are a ring for
/// the runs the thread makes with the public constructor. So a run made with the constructor
/// keeps its stamp until its own thread has made <see cref="BlockSize"/> − 1 more such runs; other
/// threads (a parallel estimator making one run per sample) never evict it. When the thread is
/// gone, a finalizer gives its block back. Beyond the blocks (more than about 500 threads alive
/// at once) runs share one ring. Generations wrap after 32 767 reuses of one slot: a triple kept
/// that long could in principle match again.
/// </para>
/// </remarks>
internal static class RunRegistry
{
    private const int SlotBits = 16;
    private const int SlotCount = 1 << SlotBits;
    private const int SlotMask = SlotCount - 1;
    private const int SharedRingSize = 8192;
    private const int BlockSize = 128;
    private const int GenerationCount = int.MaxValue >> SlotBits;

    private static readonly DifferentiationRun?[] s_runs = new DifferentiationRun?[SlotCount];
    private static readonly int[] s_generations = new int[SlotCount];
    private static readonly Stack<int> s_freeBlocks = new();
    private static readonly Lock s_blocksLock = new();
    private static int s_sharedCursor = -1;
    private static int s_nextBlock = SharedRingSize;

    [ThreadStatic]
    private static ThreadSlots? t_slots;

    /// <summary>A slot for a run made with the public constructor: the next of this thread's ring.</summary>
    internal static int TakeRingSlot()
    {
        ThreadSlots? slots = t_slots ??= TryTakeBlock();
        return slots is not null
            ? slots.NextRingSlot()
            : (int)((uint)Interlocked.Increment(ref s_sharedCursor) % SharedRingSize);
    }

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
        ThreadSlots? slots = t_slots ??= TryTakeBlock();
        if (slots is null || slots.PooledInUse)
        {
            return new RunLease(new DifferentiationRun(strategy), null);
        }

        slots.PooledInUse = true;
        DifferentiationRun run;
        if (slots.Pooled is { } pooled)
        {
            run = pooled;
            run.Restart(strategy);
        }
        else
        {
            run = slots.Pooled = new DifferentiationRun(slots.PooledSlot, strategy); // the constructor starts it
        }

        return new RunLease(run, slots);
    }

    private static ThreadSlots? TryTakeBlock()
    {
        int first;
        lock (s_blocksLock)
        {
            if (!s_freeBlocks.TryPop(out first))
            {
                if (s_nextBlock + BlockSize > SlotCount)
                {
                    return null; // every block is taken: this thread's runs use the shared ring
                }

                first = s_nextBlock;
                s_nextBlock += BlockSize;
            }
        }

        return new ThreadSlots(first);
    }

    private static void ReleaseBlock(int first)
    {
        for (int slot = first; slot < first + BlockSize; slot++)
        {
            Volatile.Write(ref s_runs[slot], null);
        }

        lock (s_blocksLock)
        {
            s_freeBlocks.Push(first);
        }
    }

    /// <summary>
    /// A thread's block of slots: its pooled run and the ring of the runs it makes. Only the
    /// thread-static field refers to it, so when the thread is gone it is collected and gives the
    /// block back.
    /// </summary>
    internal sealed class ThreadSlots(int first)
    {
        private int _ringCursor;

        public int PooledSlot => first;

        public DifferentiationRun? Pooled { get; set; }

        public bool PooledInUse { get; set; }

        public int NextRingSlot()
        {
            _ringCursor = _ringCursor == BlockSize - 1 ? 1 : _ringCursor + 1;
            return first + _ringCursor;
        }

        ~ThreadSlots() => ReleaseBlock(first);
    }

    /// <summary>A run lent for one call; <see cref="Dispose"/> gives it back.</summary>
    internal readonly struct RunLease : IDisposable
    {
        private readonly ThreadSlots? _owner;

        internal RunLease(DifferentiationRun run, ThreadSlots? owner)
        {
            Run = run;
            _owner = owner;
        }

        /// <summary>The run.</summary>
        public DifferentiationRun Run { get; }

        /// <inheritdoc/>
        public void Dispose()
        {
            if (_owner is not null)
            {
                _owner.PooledInUse = false;
            }
        }
    }
}
