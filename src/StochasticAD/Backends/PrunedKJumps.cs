using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using StochasticAD.Random;

namespace StochasticAD.Backends;

/// <summary>The inline storage of a <see cref="PrunedKJumps{TSlots}"/>: how many events a triple keeps.</summary>
/// <remarks>
/// The backend reads the storage by offset: K doubles (the jumps' Δ), K ints (the events' indices in
/// their run's table), then one int (the run's stamp). <see cref="TwoEvents"/> and
/// <see cref="FourEvents"/> are laid out so; a storage smaller than 12·K + 4 bytes is refused when
/// the first jump is made.
/// </remarks>
public interface IEventSlots
{
    /// <summary>K: the most events one triple keeps.</summary>
    static abstract int Capacity { get; }
}

// The storages are plain fields read by offset (PrunedKJumps.DeltaAt/EventAt/Stamp), never by name.
// The run's stamp lives inside them and the size is a multiple of 16 bytes (32 for pruned-2), so the
// backend struct is one block the JIT copies with whole vector moves: with a separate stamp field
// (28 bytes of data padded to 32) the copies were pieced together from 16- and 8-byte stores
// and then read back 32 bytes wide, which stalls store forwarding on every operation.
#pragma warning disable CS0169, IDE0051 // read by offset, see above

/// <summary>Room for two events: <c>PrunedKJumps&lt;TwoEvents&gt;</c> is the backend <c>pruned-2</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct TwoEvents : IEventSlots
{
    private double _delta0, _delta1;
    private int _event0, _event1, _stamp, _unused;

    /// <inheritdoc/>
    public static int Capacity => 2;
}

/// <summary>Room for four events: <c>PrunedKJumps&lt;FourEvents&gt;</c> is the backend <c>pruned-4</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FourEvents : IEventSlots
{
    private double _delta0, _delta1, _delta2, _delta3;
    private int _event0, _event1, _event2, _event3, _stamp, _unused0, _unused1, _unused2;

    /// <inheritdoc/>
    public static int Capacity => 4;
}
#pragma warning restore CS0169, IDE0051

/// <summary>
/// Keeps up to K events per triple (method §12): between <see cref="PrunedJumps"/> (one event,
/// cheapest, noisiest) and <see cref="ExactJumps"/> (every event). Combining operands whose live
/// events number more than K prunes pairs of them exactly as the pruned backend does (method §6:
/// one survives with probability q ∝ |w| and its weight is rescaled by 1/q) until K are left
/// (<see cref="Reduce"/>); every pairwise pruning preserves E[Σ Δ·w], so estimates stay unbiased.
/// </summary>
/// <typeparam name="TSlots">The inline storage, which fixes K: <see cref="TwoEvents"/> or <see cref="FourEvents"/>.</typeparam>
/// <remarks>
/// <para>
/// Plain data like <see cref="PrunedJumps"/>: K jumps Δ and K event indices (sorted, used slots
/// first, 0 = unused), and the run's stamp; weights and alive flags live in the run's event table,
/// shared by every triple (a pruned event reads as no jump everywhere). No allocation per
/// operation or per event.
/// </para>
/// <para>
/// <b>Why combinations read the alive flags.</b> Once an event is pruned away, triples computed
/// afterwards drop it while triples computed before still hold it: their values on its path no
/// longer fit together (the age-group SIR model then asked for Binomial(−1, ·) on such a path).
/// So a combination never evaluates a dead event that only some operands hold: it reads the table
/// for every event one operand lacks (the other may have dropped it) and drops the dead ones. An
/// event every operand holds was carried consistently (only one-operand maps and combinations that
/// all hold it can carry a dead event), so the common case — both operands hold the same events —
/// reads nothing, and a one-operand map reads nothing either.
/// </para>
/// </remarks>
public readonly partial struct PrunedKJumps<TSlots> : IJumps<PrunedKJumps<TSlots>> where TSlots : struct, IEventSlots
{
    // Δ₀…Δ_{K−1}, e₀…e_{K−1}, the run's stamp: used slots first, sorted by event; the rest have
    // e = 0 and Δ = 0; the stamp is 0 exactly when nothing is held (then all is 0: default).
    private readonly TSlots _slots;

    private PrunedKJumps(in TSlots slots) => _slots = slots;

    /// <inheritdoc/>
    public static string Name => "pruned-" + K.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public static bool Smooths => false;

    /// <inheritdoc/>
    public static JumpStrategy DefaultStrategy => JumpStrategy.SingleSided;

    private static int K => TSlots.Capacity;

    /// <summary>The run's stamp, 0 when nothing is held.</summary>
    private int Run
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => StampOf(ref Held(in this));
    }

    /// <inheritdoc/>
    public bool IsEmpty => Run == 0;

    /// <inheritdoc/>
    public bool HasJump
    {
        get
        {
            if (Run == 0)
            {
                return false;
            }

            DifferentiationRun run = RunRegistry.Resolve(Run);
            ref TSlots s = ref Held(in this);
            for (int i = 0; i < K && EventAt(ref s, i) != 0; i++)
            {
                if (run.IsAlive(EventAt(ref s, i)))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <inheritdoc/>
    public double Contribution
    {
        get
        {
            if (Run == 0)
            {
                return 0;
            }

            DifferentiationRun run = RunRegistry.Resolve(Run);
            ref TSlots s = ref Held(in this);
            double sum = 0;
            for (int i = 0; i < K && EventAt(ref s, i) != 0; i++)
            {
                int e = EventAt(ref s, i);
                if (run.IsAlive(e))
                {
                    sum += DeltaAt(ref s, i) * run.WeightOf(e);
                }
            }

            return sum;
        }
    }

    /// <inheritdoc/>
    public void CopyTo(List<Jump> into)
    {
        if (Run == 0)
        {
            return;
        }

        DifferentiationRun run = RunRegistry.Resolve(Run);
        ref TSlots s = ref Held(in this);
        for (int i = 0; i < K && EventAt(ref s, i) != 0; i++)
        {
            int e = EventAt(ref s, i);
            if (run.IsAlive(e))
            {
                into.Add(new Jump(DeltaAt(ref s, i), run.WeightOf(e), e));
            }
        }
    }

    /// <inheritdoc/>
    public static PrunedKJumps<TSlots> New(DifferentiationRun run, StochasticRandom rng, double delta, double weight)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (Unsafe.SizeOf<TSlots>() < ((sizeof(double) + sizeof(int)) * K) + sizeof(int))
        {
            throw new InvalidOperationException(
                $"{typeof(TSlots).Name} holds {Unsafe.SizeOf<TSlots>()} bytes, too few for {K} events and a stamp (12·K + 4).");
        }

        if (weight == 0 || delta == 0)
        {
            return default;
        }

        TSlots s = default;
        DeltaAt(ref s, 0) = delta;
        EventAt(ref s, 0) = run.NewEvent(rng, weight, PruningMode.Weights);
        StampOf(ref s) = run.Stamp;
        return new PrunedKJumps<TSlots>(s);
    }

    /// <inheritdoc/>
    public static PrunedKJumps<TSlots> Map<TF>(PrunedKJumps<TSlots> x, TF f) where TF : struct, IJumpMap, allows ref struct
    {
        // One operand: its events happen one at a time, each Δ maps on its own. No table read (see
        // the remarks): a dead event rides along until a combination or a read-out drops it.
        // Events with equal Δs are mapped one by one too: sharing one evaluation would share a draw's
        // coupled alternative, which is unbiased but gives the estimate pruned's spread
        // (docs/backends.md, issue 10; EventKeepingSpreadTests).
        if (x.Run != 0)
        {
            MapEach(ref Held(in x), f, dropDead: false);
        }

        return x;
    }

    /// <inheritdoc/>
    public static PrunedKJumps<TSlots> Map2<TF>(PrunedKJumps<TSlots> x, PrunedKJumps<TSlots> y, TF f) where TF : struct, IJumpMap2
    {
        // One operand without jumps (a constant, a parameter, or a value that dropped dead events):
        // map the other's live jumps alone.
        if (y.Run == 0)
        {
            if (x.Run != 0)
            {
                MapEach(ref Held(in x), new LeftOnly<TF>(f), dropDead: true);
            }

            return x;
        }

        if (x.Run == 0)
        {
            MapEach(ref Held(in y), new RightOnly<TF>(f), dropDead: true);
            return y;
        }

        if (x.Run != y.Run)
        {
            throw RunRegistry.Mixed(x.Run, y.Run);
        }

        if (!SameEvents(ref Held(in x), ref Held(in y)))
        {
            return Merge(in x, in y, f);
        }

        // Both hold the same events: each maps with its coupled pair, nothing to read or prune.
        ref TSlots xs = ref Held(in x), ys = ref Held(in y);
        bool zero = false;
        for (int i = 0; i < K && EventAt(ref xs, i) != 0; i++)
        {
            double delta = f.Apply(DeltaAt(ref xs, i), DeltaAt(ref ys, i));
            DeltaAt(ref xs, i) = delta;
            zero |= delta == 0;
        }

        if (zero)
        {
            DropZeros(ref xs);
        }

        return x;
    }

    /// <summary>
    /// Δ ↦ f(Δ) for each held jump of <paramref name="s"/> (a copy the caller owns), in place; a zero
    /// result drops its event (exact), and with <paramref name="dropDead"/> so does a pruned event.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MapEach<TF>(ref TSlots s, TF f, bool dropDead) where TF : struct, IJumpMap, allows ref struct
    {
        DifferentiationRun? run = dropDead ? RunRegistry.Resolve(StampOf(ref s)) : null;
        bool zero = false;
        for (int i = 0; i < K && EventAt(ref s, i) != 0; i++)
        {
            // A dead event's Δ becomes 0 without evaluating its path, and is dropped with the zeros.
            double delta = dropDead && !run!.IsAlive(EventAt(ref s, i)) ? 0 : f.Apply(DeltaAt(ref s, i));
            DeltaAt(ref s, i) = delta;
            zero |= delta == 0;
        }

        if (zero)
        {
            DropZeros(ref s);
        }
    }

    /// <summary>Removes the slots whose Δ is 0, keeping the order; all of <paramref name="s"/> becomes 0 (default) when none is left.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void DropZeros(ref TSlots s)
    {
        int kept = 0, i = 0;
        for (; i < K && EventAt(ref s, i) != 0; i++)
        {
            if (DeltaAt(ref s, i) != 0)
            {
                DeltaAt(ref s, kept) = DeltaAt(ref s, i);
                EventAt(ref s, kept++) = EventAt(ref s, i);
            }
        }

        for (int j = kept; j < i; j++)
        {
            DeltaAt(ref s, j) = 0;
            EventAt(ref s, j) = 0;
        }

        if (kept == 0)
        {
            StampOf(ref s) = 0;
        }
    }

    /// <summary>Whether both hold the same events (in the same slots, as both are sorted).</summary>
    /// <remarks>
    /// Asked on every combination of two operands with jumps; the K event indices are one block
    /// (8 bytes for pruned-2, 16 for pruned-4, 32 for a user's K = 8 storage), compared at once
    /// rather than slot by slot (K is a constant of the instantiation, so only one branch is compiled).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool SameEvents(ref TSlots a, ref TSlots b)
    {
        if (K * sizeof(int) == 32 && Vector256.IsHardwareAccelerated)
        {
            return Vector256.LoadUnsafe(ref EventAt(ref a, 0)) == Vector256.LoadUnsafe(ref EventAt(ref b, 0));
        }

        if (K * sizeof(int) == 16 && Vector128.IsHardwareAccelerated)
        {
            return Vector128.LoadUnsafe(ref EventAt(ref a, 0)) == Vector128.LoadUnsafe(ref EventAt(ref b, 0));
        }

        if (K * sizeof(int) == sizeof(long))
        {
            return Unsafe.As<int, long>(ref EventAt(ref a, 0)) == Unsafe.As<int, long>(ref EventAt(ref b, 0));
        }

        for (int i = 0; i < K; i++)
        {
            if (EventAt(ref a, i) != EventAt(ref b, i))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Merges the two sorted lists, mapping each event's coupled (Δx, Δy) as it comes (an event only
    /// one operand holds leaves the other at 0, and is mapped only while alive); a zero result is
    /// dropped (exact); more than K results are reduced to K.
    /// </summary>
    private static PrunedKJumps<TSlots> Merge<TF>(in PrunedKJumps<TSlots> x, in PrunedKJumps<TSlots> y, TF f) where TF : struct, IJumpMap2
    {
        int stamp = x.Run;
        DifferentiationRun run = RunRegistry.Resolve(stamp);
        ref TSlots a = ref Held(in x), b = ref Held(in y);
        MergeBuffer buffer = default;
        Span<double> deltas = buffer.Deltas;
        Span<int> events = buffer.Events;
        int count = 0, i = 0, j = 0;
        while (true)
        {
            int ea = i < K ? EventAt(ref a, i) : 0;
            int eb = j < K ? EventAt(ref b, j) : 0;
            int e;
            double delta;
            if (ea == eb)
            {
                if (ea == 0)
                {
                    break;
                }

                e = ea;
                delta = f.Apply(DeltaAt(ref a, i++), DeltaAt(ref b, j++));
            }
            else if (eb == 0 || (ea != 0 && ea < eb))
            {
                e = ea;
                double da = DeltaAt(ref a, i++);
                if (!run.IsAlive(e))
                {
                    continue;
                }

                delta = f.Apply(da, 0);
            }
            else
            {
                e = eb;
                double db = DeltaAt(ref b, j++);
                if (!run.IsAlive(e))
                {
                    continue;
                }

                delta = f.Apply(0, db);
            }

            if (delta != 0)
            {
                deltas[count] = delta;
                events[count++] = e;
            }
        }

        return Finish(run, deltas[..count], events[..count], stamp);
    }

    /// <summary>The result of a combination whose mapped jumps are given (sorted by event): at most K are kept (see <see cref="Reduce"/>).</summary>
    private static PrunedKJumps<TSlots> Finish(DifferentiationRun run, Span<double> deltas, Span<int> events, int stamp)
    {
        int count = deltas.Length;
        if (count > K)
        {
            count = Reduce(run, deltas, events);
        }

        PrunedKJumps<TSlots> result = default;
        if (count > 0)
        {
            ref TSlots s = ref Held(in result);
            for (int i = 0; i < count; i++)
            {
                DeltaAt(ref s, i) = deltas[i];
                EventAt(ref s, i) = events[i];
            }

            StampOf(ref s) = stamp;
        }

        return result;
    }

    /// <inheritdoc/>
    public static PrunedKJumps<TSlots> MapMany<TF>(ReadOnlySpan<PrunedKJumps<TSlots>> operands, TF f) where TF : struct, IJumpMapMany
    {
        int stamp = 0;
        int room = 0;
        foreach (ref readonly PrunedKJumps<TSlots> operand in operands)
        {
            if (operand.Run != 0)
            {
                stamp = stamp == 0 || stamp == operand.Run ? operand.Run : throw RunRegistry.Mixed(stamp, operand.Run);
                room += K;
            }
        }

        if (stamp == 0)
        {
            return default;
        }

        // The distinct live events of all operands, sorted; each mapped with every operand's Δ for
        // it. Dead ones are dropped whoever holds them (simpler than telling which operands lack
        // them, and this path is not the hot one).
        DifferentiationRun run = RunRegistry.Resolve(stamp);
        Span<int> events = room <= 256 ? stackalloc int[room] : new int[room];
        int distinct = 0;
        foreach (ref readonly PrunedKJumps<TSlots> operand in operands)
        {
            ref TSlots s = ref Held(in operand);
            for (int i = 0; i < K && EventAt(ref s, i) != 0; i++)
            {
                int e = EventAt(ref s, i);
                if (run.IsAlive(e) && !events[..distinct].Contains(e))
                {
                    events[distinct++] = e;
                }
            }
        }

        events[..distinct].Sort();
        Span<double> merged = distinct <= 64 ? stackalloc double[distinct] : new double[distinct];
        Span<double> operandDeltas = operands.Length <= 64 ? stackalloc double[operands.Length] : new double[operands.Length];
        int count = 0;
        foreach (int e in events[..distinct])
        {
            for (int o = 0; o < operands.Length; o++)
            {
                operandDeltas[o] = operands[o].DeltaOf(e);
            }

            double delta = f.Apply(operandDeltas);
            if (delta != 0)
            {
                merged[count] = delta;
                events[count++] = e; // count ≤ the index being read, so the list is overwritten behind the reader
            }
        }

        return Finish(run, merged[..count], events[..count], stamp);
    }

    /// <inheritdoc/>
    public static bool All2<TP>(in PrunedKJumps<TSlots> x, in PrunedKJumps<TSlots> y, ref TP predicate) where TP : struct, IJumpPredicate2
    {
        if (x.Run == 0 && y.Run == 0)
        {
            return true;
        }

        int stamp = x.Run == 0 ? y.Run : x.Run;
        DifferentiationRun run = y.Run == 0 || y.Run == stamp ? RunRegistry.Resolve(stamp) : throw RunRegistry.Mixed(stamp, y.Run);
        ref TSlots a = ref Held(in x), b = ref Held(in y);
        for (int i = 0; i < K && EventAt(ref a, i) != 0; i++)
        {
            int e = EventAt(ref a, i);
            if (run.IsAlive(e) && !predicate.Holds(DeltaAt(ref a, i), y.DeltaOf(e)))
            {
                return false;
            }
        }

        for (int j = 0; j < K && EventAt(ref b, j) != 0; j++)
        {
            int e = EventAt(ref b, j);
            if (run.IsAlive(e) && x.DeltaOf(e) == 0 && !predicate.Holds(0, DeltaAt(ref b, j)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The storage of <paramref name="jumps"/>, by reference. Callers write only through the
    /// storage of their own copies (a by-value parameter or a local), which they then return.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref TSlots Held(in PrunedKJumps<TSlots> jumps) => ref Unsafe.AsRef(in jumps._slots);

    /// <summary>Δ of slot <paramref name="i"/>: the first K doubles of the storage.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref double DeltaAt(ref TSlots slots, int i) => ref Unsafe.Add(ref Unsafe.As<TSlots, double>(ref slots), i);

    /// <summary>The event index of slot <paramref name="i"/>: the K ints after the K doubles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref int EventAt(ref TSlots slots, int i) => ref Unsafe.Add(ref Unsafe.As<TSlots, int>(ref slots), (2 * K) + i);

    /// <summary>The run's stamp: the int after the K event indices.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref int StampOf(ref TSlots slots) => ref Unsafe.Add(ref Unsafe.As<TSlots, int>(ref slots), 3 * K);

    /// <summary>Δ of event <paramref name="e"/> in this triple, 0 if it does not hold it.</summary>
    private double DeltaOf(int e)
    {
        ref TSlots s = ref Held(in this);
        for (int i = 0; i < K && EventAt(ref s, i) != 0; i++)
        {
            if (EventAt(ref s, i) == e)
            {
                return DeltaAt(ref s, i);
            }
        }

        return 0;
    }

    /// <summary>
    /// Room to merge two operands' jumps, 2K Δs then 2K event indices, without <c>stackalloc</c>
    /// (which brings a stack cookie to every call) and without an allocation for any K: two
    /// storages hold 2·(12·K + 4) bytes, more than the 24·K needed.
    /// </summary>
    private struct MergeBuffer
    {
        private TSlots _first;
#pragma warning disable CS0169 // room for the second half, reached through _first
        private TSlots _second;
#pragma warning restore CS0169

        /// <summary>The 2K Δs: the first 16·K bytes.</summary>
        public Span<double> Deltas => MemoryMarshal.CreateSpan(ref Unsafe.As<TSlots, double>(ref _first), 2 * K);

        /// <summary>The 2K event indices: the 8·K bytes after the Δs.</summary>
        public Span<int> Events => MemoryMarshal.CreateSpan(ref Unsafe.As<double, int>(ref Unsafe.Add(ref Unsafe.As<TSlots, double>(ref _first), 2 * K)), 2 * K);
    }
}
