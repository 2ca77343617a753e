using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using StochasticAD.Random;

namespace StochasticAD.Backends;

/// <summary>The inline storage of a <see cref="PrunedKJumps{TSlots}"/>: how many events a triple keeps.</summary>
public interface IEventSlots
{
    /// <summary>K: the most events one triple keeps.</summary>
    static abstract int Capacity { get; }
}

/// <summary>One jump held inline by <see cref="PrunedKJumps{TSlots}"/>: Δ and the event's index in its run's table (0 = unused).</summary>
internal struct EventSlot
{
    public double Delta;
    public int Event;
}

/// <summary>Room for two events: <c>PrunedKJumps&lt;TwoEvents&gt;</c> is the backend <c>pruned-2</c>.</summary>
[InlineArray(2)]
public struct TwoEvents : IEventSlots
{
    private EventSlot _first;

    /// <inheritdoc/>
    public static int Capacity => 2;
}

/// <summary>Room for four events: <c>PrunedKJumps&lt;FourEvents&gt;</c> is the backend <c>pruned-4</c>.</summary>
[InlineArray(4)]
public struct FourEvents : IEventSlots
{
    private EventSlot _first;

    /// <inheritdoc/>
    public static int Capacity => 4;
}

/// <summary>
/// Keeps up to K events per triple (method §12): between <see cref="PrunedJumps"/> (one event,
/// cheapest, noisiest) and <see cref="ExactJumps"/> (every event). Combining operands whose live
/// events number more than K prunes the surplus pairwise exactly as the pruned backend does
/// (method §6) — always the two lightest events, so the heavy ones are kept untouched — and every
/// pairwise pruning preserves the expectation of Σ Δ·w, so estimates stay unbiased.
/// </summary>
/// <typeparam name="TSlots">The inline storage, which fixes K: <see cref="TwoEvents"/> or <see cref="FourEvents"/>.</typeparam>
/// <remarks>
/// Plain data like <see cref="PrunedJumps"/>: K pairs (Δ, event index) sorted by event, and the
/// run's stamp; weights and alive flags live in the run's event table, shared by every triple
/// (a pruned event reads as no jump everywhere). No allocation per operation or per event.
/// </remarks>
public readonly struct PrunedKJumps<TSlots> : IJumps<PrunedKJumps<TSlots>> where TSlots : struct, IEventSlots
{
    private readonly TSlots _slots; // used slots first, sorted by event index; the rest have Event = 0
    private readonly int _run;      // the run's stamp (0 when nothing is held)

    private PrunedKJumps(TSlots slots, int run)
    {
        _slots = slots;
        _run = run;
    }

    /// <inheritdoc/>
    public static string Name => "pruned-" + TSlots.Capacity.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public static bool Smooths => false;

    /// <inheritdoc/>
    public static JumpStrategy DefaultStrategy => JumpStrategy.SingleSided;

    private ReadOnlySpan<EventSlot> Slots =>
        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<TSlots, EventSlot>(ref Unsafe.AsRef(in _slots)), TSlots.Capacity);

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
            foreach (EventSlot s in Slots)
            {
                if (s.Event != 0 && run.IsAlive(s.Event))
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
            double sum = 0;
            foreach (EventSlot s in Slots)
            {
                if (s.Event != 0 && run.IsAlive(s.Event))
                {
                    sum += s.Delta * run.WeightOf(s.Event);
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
        foreach (EventSlot s in Slots)
        {
            if (s.Event != 0 && run.IsAlive(s.Event))
            {
                into.Add(new Jump(s.Delta, run.WeightOf(s.Event), s.Event));
            }
        }
    }

    /// <inheritdoc/>
    public static PrunedKJumps<TSlots> New(DifferentiationRun run, StochasticRandom rng, double delta, double weight)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (weight == 0 || delta == 0)
        {
            return default;
        }

        TSlots slots = default;
        ref EventSlot first = ref Unsafe.As<TSlots, EventSlot>(ref slots);
        first.Delta = delta;
        first.Event = run.NewEvent(rng, weight, PruningMode.Weights);
        return new PrunedKJumps<TSlots>(slots, run.Stamp);
    }

    /// <inheritdoc/>
    public static PrunedKJumps<TSlots> Map<TF>(PrunedKJumps<TSlots> x, TF f) where TF : struct, IJumpMap, allows ref struct
    {
        if (x._run == 0)
        {
            return default;
        }

        // One operand: its events happen one at a time, each Δ maps on its own. No table read:
        // a dead event is carried until a read-out or a clash drops it.
        TSlots slots = default;
        Span<EventSlot> output = Writable(ref slots);
        int count = 0;
        foreach (EventSlot s in x.Slots)
        {
            if (s.Event == 0)
            {
                break;
            }

            double delta = f.Apply(s.Delta);
            if (delta != 0)
            {
                output[count++] = new EventSlot { Delta = delta, Event = s.Event };
            }
        }

        return count == 0 ? default : new PrunedKJumps<TSlots>(slots, x._run);
    }

    /// <inheritdoc/>
    public static PrunedKJumps<TSlots> Map2<TF>(PrunedKJumps<TSlots> x, PrunedKJumps<TSlots> y, TF f) where TF : struct, IJumpMap2
    {
        if (x._run == 0 && y._run == 0)
        {
            return default;
        }

        // One operand without jumps (a constant, a parameter): map the other's jumps alone.
        if (y._run == 0)
        {
            return Map(x, new LeftOnly<TF>(f));
        }

        if (x._run == 0)
        {
            return Map(y, new RightOnly<TF>(f));
        }

        int stamp = x._run;
        if (y._run != stamp)
        {
            throw RunRegistry.Mixed(stamp, y._run);
        }

        // Merge the two sorted lists, mapping each event's coupled (Δx, Δy) as it comes (an event
        // only one operand holds leaves the other at 0); a zero result is dropped (exact).
        MergeBuffer buffer = default;
        Span<EventSlot> merged = 2 * TSlots.Capacity <= MergeBuffer.Length
            ? MemoryMarshal.CreateSpan(ref Unsafe.As<MergeBuffer, EventSlot>(ref buffer), MergeBuffer.Length)
            : new EventSlot[2 * TSlots.Capacity];
        int count = 0;
        ReadOnlySpan<EventSlot> a = x.Slots, b = y.Slots;
        int i = 0, j = 0;
        while (true)
        {
            int ea = i < a.Length ? a[i].Event : 0;
            int eb = j < b.Length ? b[j].Event : 0;
            int e;
            double delta;
            if (ea == eb)
            {
                if (ea == 0)
                {
                    break;
                }

                e = ea;
                delta = f.Apply(a[i++].Delta, b[j++].Delta);
            }
            else if (eb == 0 || (ea != 0 && ea < eb))
            {
                e = ea;
                delta = f.Apply(a[i++].Delta, 0);
            }
            else
            {
                e = eb;
                delta = f.Apply(0, b[j++].Delta);
            }

            if (delta != 0)
            {
                merged[count++] = new EventSlot { Delta = delta, Event = e };
            }
        }

        return Finish(merged[..count], stamp);
    }

    /// <summary>
    /// The result of a combination whose mapped jumps are <paramref name="merged"/> (sorted by
    /// event): when more than K, first the dead events are dropped, then the two lightest live
    /// ones are pruned pairwise until K are left (each pruning preserves E[Σ Δ·w]).
    /// </summary>
    private static PrunedKJumps<TSlots> Finish(Span<EventSlot> merged, int stamp)
    {
        int count = merged.Length;
        if (count > TSlots.Capacity)
        {
            DifferentiationRun run = RunRegistry.Resolve(stamp);
            int live = 0;
            for (int k = 0; k < count; k++)
            {
                if (run.IsAlive(merged[k].Event))
                {
                    merged[live++] = merged[k];
                }
            }

            count = live;
            while (count > TSlots.Capacity)
            {
                count = PruneLightestPair(run, merged[..count]);
            }
        }

        if (count == 0)
        {
            return default;
        }

        TSlots slots = default;
        merged[..count].CopyTo(Writable(ref slots));
        return new PrunedKJumps<TSlots>(slots, stamp);
    }

    /// <summary>Prunes the two lightest events of <paramref name="events"/> against each other and removes the loser (both when neither can contribute); returns the new count.</summary>
    private static int PruneLightestPair(DifferentiationRun run, Span<EventSlot> events)
    {
        int lightest = -1, second = -1;
        double wLightest = double.PositiveInfinity, wSecond = double.PositiveInfinity;
        for (int k = 0; k < events.Length; k++)
        {
            double w = Math.Abs(run.WeightOf(events[k].Event));
            if (w < wLightest)
            {
                (second, wSecond) = (lightest, wLightest);
                (lightest, wLightest) = (k, w);
            }
            else if (second < 0 || w < wSecond)
            {
                (second, wSecond) = (k, w);
            }
        }

        // The later event decides with its generator, as in the pruned backend.
        int first = Math.Min(lightest, second), last = Math.Max(lightest, second);
        int survivor = PrunedJumps.Prune(run, events[first].Event, events[last].Event);
        int count = events.Length;
        count = Remove(events[..count], survivor == events[first].Event ? last : first);
        if (!run.IsAlive(survivor))
        {
            count = Remove(events[..count], first); // both weights were 0: neither survives
        }

        return count;
    }

    private static int Remove(Span<EventSlot> events, int index)
    {
        events[(index + 1)..].CopyTo(events[index..]);
        return events.Length - 1;
    }

    private static Span<EventSlot> Writable(ref TSlots slots) =>
        MemoryMarshal.CreateSpan(ref Unsafe.As<TSlots, EventSlot>(ref slots), TSlots.Capacity);

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
                room += TSlots.Capacity;
            }
        }

        if (stamp == 0)
        {
            return default;
        }

        // The distinct events of all operands, sorted; each mapped with every operand's Δ for it.
        Span<int> events = room <= 256 ? stackalloc int[room] : new int[room];
        int distinct = 0;
        foreach (ref readonly PrunedKJumps<TSlots> operand in operands)
        {
            foreach (EventSlot s in operand.Slots)
            {
                if (s.Event != 0 && !events[..distinct].Contains(s.Event))
                {
                    events[distinct++] = s.Event;
                }
            }
        }

        events[..distinct].Sort();
        Span<EventSlot> merged = distinct <= 64 ? stackalloc EventSlot[distinct] : new EventSlot[distinct];
        Span<double> deltas = operands.Length <= 64 ? stackalloc double[operands.Length] : new double[operands.Length];
        int count = 0;
        foreach (int e in events[..distinct])
        {
            for (int o = 0; o < operands.Length; o++)
            {
                deltas[o] = operands[o].DeltaOf(e);
            }

            double delta = f.Apply(deltas);
            if (delta != 0)
            {
                merged[count++] = new EventSlot { Delta = delta, Event = e };
            }
        }

        return Finish(merged[..count], stamp);
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
        foreach (EventSlot s in x.Slots)
        {
            if (s.Event != 0 && run.IsAlive(s.Event) && !predicate.Holds(s.Delta, y.DeltaOf(s.Event)))
            {
                return false;
            }
        }

        foreach (EventSlot s in y.Slots)
        {
            if (s.Event != 0 && run.IsAlive(s.Event) && x.DeltaOf(s.Event) == 0 && !predicate.Holds(0, s.Delta))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Room to merge two operands' jumps without <c>stackalloc</c> (which brings a stack cookie to every call).</summary>
    [InlineArray(Length)]
    private struct MergeBuffer
    {
        public const int Length = 8;
        private EventSlot _first;
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

    /// <summary>Δ of event <paramref name="e"/> in this triple, 0 if it does not hold it.</summary>
    private double DeltaOf(int e)
    {
        foreach (EventSlot s in Slots)
        {
            if (s.Event == e)
            {
                return s.Delta;
            }
        }

        return 0;
    }
}
