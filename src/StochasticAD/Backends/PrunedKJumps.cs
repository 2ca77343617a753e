using System.Runtime.CompilerServices;
using StochasticAD.Random;

namespace StochasticAD.Backends;

/// <summary>The inline storage of a <see cref="PrunedKJumps{TSlots}"/>: how many events a triple keeps.</summary>
/// <remarks>
/// The backend reads the storage by offset: K doubles (the jumps' Δ) followed by K ints (the events'
/// indices in their run's table). <see cref="TwoEvents"/> and <see cref="FourEvents"/> are laid out
/// so; a storage smaller than 12·K bytes is refused when the first jump is made.
/// </remarks>
public interface IEventSlots
{
    /// <summary>K: the most events one triple keeps.</summary>
    static abstract int Capacity { get; }
}

/// <summary>Room for two events: <c>PrunedKJumps&lt;TwoEvents&gt;</c> is the backend <c>pruned-2</c>.</summary>
[InlineArray(3)]
public struct TwoEvents : IEventSlots
{
    private long _first; // Δ₀, Δ₁ (two doubles), then the event indices e₀, e₁ (two ints in one long)

    /// <inheritdoc/>
    public static int Capacity => 2;
}

/// <summary>Room for four events: <c>PrunedKJumps&lt;FourEvents&gt;</c> is the backend <c>pruned-4</c>.</summary>
[InlineArray(6)]
public struct FourEvents : IEventSlots
{
    private long _first; // Δ₀…Δ₃ (four doubles), then the event indices e₀…e₃ (four ints in two longs)

    /// <inheritdoc/>
    public static int Capacity => 4;
}

/// <summary>
/// Keeps up to K events per triple (method §12): between <see cref="PrunedJumps"/> (one event,
/// cheapest, noisiest) and <see cref="ExactJumps"/> (every event). Combining operands whose live
/// events number more than K keeps K of them at random, each with a probability πᵢ and its weight
/// rescaled by 1/πᵢ (<see cref="Reduce"/>), so that every event's expected contribution Δ·w is
/// preserved and estimates stay unbiased.
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
    private readonly TSlots _slots; // Δ₀…Δ_{K−1}, then e₀…e_{K−1}: used slots first, sorted by event; the rest have e = 0 and Δ = 0
    private readonly int _run;      // the run's stamp (0 exactly when nothing is held)

    private PrunedKJumps(in TSlots slots, int run)
    {
        _slots = slots;
        _run = run;
    }

    /// <inheritdoc/>
    public static string Name => "pruned-" + K.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public static bool Smooths => false;

    /// <inheritdoc/>
    public static JumpStrategy DefaultStrategy => JumpStrategy.SingleSided;

    private static int K => TSlots.Capacity;

    /// <inheritdoc/>
    public bool IsEmpty => _run == 0;

    /// <inheritdoc/>
    public bool HasJump
    {
        get
        {
            if (_run == 0)
            {
                return false;
            }

            DifferentiationRun run = RunRegistry.Resolve(_run);
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
            if (_run == 0)
            {
                return 0;
            }

            DifferentiationRun run = RunRegistry.Resolve(_run);
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
        if (_run == 0)
        {
            return;
        }

        DifferentiationRun run = RunRegistry.Resolve(_run);
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
        if (Unsafe.SizeOf<TSlots>() < (sizeof(double) + sizeof(int)) * K)
        {
            throw new InvalidOperationException(
                $"{typeof(TSlots).Name} holds {Unsafe.SizeOf<TSlots>()} bytes, too few for {K} events (each needs a double and an int).");
        }

        if (weight == 0 || delta == 0)
        {
            return default;
        }

        TSlots slots = default;
        DeltaAt(ref slots, 0) = delta;
        EventAt(ref slots, 0) = run.NewEvent(rng, weight, PruningMode.Weights);
        return new PrunedKJumps<TSlots>(slots, run.Stamp);
    }

    /// <inheritdoc/>
    public static PrunedKJumps<TSlots> Map<TF>(PrunedKJumps<TSlots> x, TF f) where TF : struct, IJumpMap, allows ref struct =>
        x._run == 0 ? default : MapEach(x, f, dropDead: false); // no table read: see the remarks

    /// <inheritdoc/>
    public static PrunedKJumps<TSlots> Map2<TF>(PrunedKJumps<TSlots> x, PrunedKJumps<TSlots> y, TF f) where TF : struct, IJumpMap2
    {
        // One operand without jumps (a constant, a parameter, or a value that dropped dead events):
        // map the other's live jumps alone.
        if (y._run == 0)
        {
            return x._run == 0 ? default : MapEach(x, new LeftOnly<TF>(f), dropDead: true);
        }

        if (x._run == 0)
        {
            return MapEach(y, new RightOnly<TF>(f), dropDead: true);
        }

        if (x._run != y._run)
        {
            throw RunRegistry.Mixed(x._run, y._run);
        }

        return SameEvents(in x, in y) ? Pairwise(in x, in y, f) : Merge(in x, in y, f);
    }

    /// <summary>
    /// Δ ↦ f(Δ) for each held jump, in place in a copy (the event indices move as one block); a zero
    /// result drops its event (exact), and with <paramref name="dropDead"/> so does a pruned event.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static PrunedKJumps<TSlots> MapEach<TF>(in PrunedKJumps<TSlots> x, TF f, bool dropDead) where TF : struct, IJumpMap, allows ref struct
    {
        DifferentiationRun? run = dropDead ? RunRegistry.Resolve(x._run) : null;
        TSlots slots = x._slots;
        int kept = 0, i = 0;
        for (; i < K; i++)
        {
            int e = EventAt(ref slots, i);
            if (e == 0)
            {
                break;
            }

            if (dropDead && !run!.IsAlive(e))
            {
                continue;
            }

            double delta = f.Apply(DeltaAt(ref slots, i));
            if (delta != 0)
            {
                DeltaAt(ref slots, kept) = delta;
                EventAt(ref slots, kept) = e;
                kept++;
            }
        }

        return Packed(ref slots, kept, i, x._run);
    }

    /// <summary>Both operands hold the same events: each maps with its coupled pair, nothing to read or prune.</summary>
    private static PrunedKJumps<TSlots> Pairwise<TF>(in PrunedKJumps<TSlots> x, in PrunedKJumps<TSlots> y, TF f) where TF : struct, IJumpMap2
    {
        TSlots slots = x._slots;
        ref TSlots ys = ref Held(in y);
        int kept = 0, i = 0;
        for (; i < K; i++)
        {
            int e = EventAt(ref slots, i);
            if (e == 0)
            {
                break;
            }

            double delta = f.Apply(DeltaAt(ref slots, i), DeltaAt(ref ys, i));
            if (delta != 0)
            {
                DeltaAt(ref slots, kept) = delta;
                EventAt(ref slots, kept) = e;
                kept++;
            }
        }

        return Packed(ref slots, kept, i, x._run);
    }

    /// <summary>The jumps of <paramref name="slots"/> whose first <paramref name="kept"/> slots are the result and whose slots up to <paramref name="used"/> must be cleared.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static PrunedKJumps<TSlots> Packed(ref TSlots slots, int kept, int used, int run)
    {
        if (kept == used)
        {
            return kept == 0 ? default : new PrunedKJumps<TSlots>(slots, run);
        }

        if (kept == 0)
        {
            return default;
        }

        for (int i = kept; i < used; i++)
        {
            DeltaAt(ref slots, i) = 0;
            EventAt(ref slots, i) = 0;
        }

        return new PrunedKJumps<TSlots>(slots, run);
    }

    /// <summary>Whether both operands hold the same events (in the same slots, as both are sorted).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool SameEvents(in PrunedKJumps<TSlots> x, in PrunedKJumps<TSlots> y)
    {
        ref TSlots a = ref Held(in x), b = ref Held(in y);
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
        DifferentiationRun run = RunRegistry.Resolve(x._run);
        ref TSlots a = ref Held(in x), b = ref Held(in y);
        MergeBuffer buffer = default;
        Span<double> deltas = K <= MergeBuffer.Room ? buffer.Deltas[..(2 * K)] : new double[2 * K];
        Span<int> events = K <= MergeBuffer.Room ? buffer.Events[..(2 * K)] : new int[2 * K];
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

        return Finish(run, deltas[..count], events[..count], x._run);
    }

    /// <summary>The result of a combination whose mapped jumps are given (sorted by event): at most K are kept (see <see cref="Reduce"/>).</summary>
    private static PrunedKJumps<TSlots> Finish(DifferentiationRun run, Span<double> deltas, Span<int> events, int stamp)
    {
        int count = deltas.Length;
        if (count > K)
        {
            count = Reduce(run, deltas, events);
        }

        if (count == 0)
        {
            return default;
        }

        TSlots slots = default;
        for (int i = 0; i < count; i++)
        {
            DeltaAt(ref slots, i) = deltas[i];
            EventAt(ref slots, i) = events[i];
        }

        return new PrunedKJumps<TSlots>(slots, stamp);
    }

    /// <inheritdoc/>
    public static PrunedKJumps<TSlots> MapMany<TF>(ReadOnlySpan<PrunedKJumps<TSlots>> operands, TF f) where TF : struct, IJumpMapMany
    {
        int stamp = 0;
        int room = 0;
        foreach (ref readonly PrunedKJumps<TSlots> operand in operands)
        {
            if (operand._run != 0)
            {
                stamp = stamp == 0 || stamp == operand._run ? operand._run : throw RunRegistry.Mixed(stamp, operand._run);
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
        if (x._run == 0 && y._run == 0)
        {
            return true;
        }

        int stamp = x._run == 0 ? y._run : x._run;
        DifferentiationRun run = y._run == 0 || y._run == stamp ? RunRegistry.Resolve(stamp) : throw RunRegistry.Mixed(stamp, y._run);
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

    /// <summary>The storage of <paramref name="jumps"/>, by reference (read only, though the type cannot say so).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref TSlots Held(in PrunedKJumps<TSlots> jumps) => ref Unsafe.AsRef(in jumps._slots);

    /// <summary>Δ of slot <paramref name="i"/>: the first K doubles of the storage.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref double DeltaAt(ref TSlots slots, int i) => ref Unsafe.Add(ref Unsafe.As<TSlots, double>(ref slots), i);

    /// <summary>The event index of slot <paramref name="i"/>: the K ints after the K doubles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref int EventAt(ref TSlots slots, int i) => ref Unsafe.Add(ref Unsafe.As<TSlots, int>(ref slots), (2 * K) + i);

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

    /// <summary>Room to merge two operands' jumps (K ≤ 4) without <c>stackalloc</c> (which brings a stack cookie to every call).</summary>
    private struct MergeBuffer
    {
        public const int Room = 4;
        public DeltaRow Deltas;
        public EventRow Events;
    }

    [InlineArray(2 * MergeBuffer.Room)]
    private struct DeltaRow
    {
        private double _first;
    }

    [InlineArray(2 * MergeBuffer.Room)]
    private struct EventRow
    {
        private int _first;
    }

    /// <summary>(Δx, Δy) ↦ f(Δx, 0): the map of a combination whose second operand has no jump.</summary>
    private readonly struct LeftOnly<TF>(TF f) : IJumpMap where TF : struct, IJumpMap2
    {
        public double Apply(double delta) => f.Apply(delta, 0);
    }

    /// <summary>(Δx, Δy) ↦ f(0, Δy): the map of a combination whose first operand has no jump.</summary>
    private readonly struct RightOnly<TF>(TF f) : IJumpMap where TF : struct, IJumpMap2
    {
        public double Apply(double delta) => f.Apply(0, delta);
    }
}
