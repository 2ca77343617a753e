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
        var output = new Builder(x._run);
        foreach (EventSlot s in x.Slots)
        {
            if (s.Event != 0)
            {
                output.Add(s.Event, f.Apply(s.Delta));
            }
        }

        return output.Finish();
    }

    /// <inheritdoc/>
    public static PrunedKJumps<TSlots> Map2<TF>(PrunedKJumps<TSlots> x, PrunedKJumps<TSlots> y, TF f) where TF : struct, IJumpMap2
    {
        if (x._run == 0 && y._run == 0)
        {
            return default;
        }

        int stamp = x._run == 0 ? y._run : x._run;
        DifferentiationRun run = y._run == 0 || y._run == stamp ? RunRegistry.Resolve(stamp) : throw RunRegistry.Mixed(stamp, y._run);

        // The live events of both operands, merged by index (each list is sorted).
        Span<int> events = stackalloc int[2 * TSlots.Capacity];
        int count = 0;
        ReadOnlySpan<EventSlot> a = x.Slots, b = y.Slots;
        int i = 0, j = 0;
        while (true)
        {
            int ea = i < a.Length ? a[i].Event : 0;
            int eb = j < b.Length ? b[j].Event : 0;
            if (ea == 0 && eb == 0)
            {
                break;
            }

            int e;
            if (eb == 0 || (ea != 0 && ea < eb))
            {
                e = ea;
                i++;
            }
            else if (ea == 0 || eb < ea)
            {
                e = eb;
                j++;
            }
            else
            {
                e = ea;
                i++;
                j++;
            }

            if (run.IsAlive(e))
            {
                events[count++] = e;
            }
        }

        count = KeepAtMostK(run, events[..count]);
        var output = new Builder(stamp);
        for (int k = 0; k < count; k++)
        {
            int e = events[k];
            if (run.IsAlive(e))
            {
                output.Add(e, f.Apply(x.DeltaOf(e), y.DeltaOf(e)));
            }
        }

        return output.Finish();
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
                room += TSlots.Capacity;
            }
        }

        if (stamp == 0)
        {
            return default;
        }

        DifferentiationRun run = RunRegistry.Resolve(stamp);
        Span<int> events = room <= 256 ? stackalloc int[room] : new int[room];
        int count = 0;
        foreach (ref readonly PrunedKJumps<TSlots> operand in operands)
        {
            foreach (EventSlot s in operand.Slots)
            {
                if (s.Event != 0 && run.IsAlive(s.Event) && !events[..count].Contains(s.Event))
                {
                    events[count++] = s.Event;
                }
            }
        }

        events[..count].Sort();
        count = KeepAtMostK(run, events[..count]);
        Span<double> deltas = operands.Length <= 64 ? stackalloc double[operands.Length] : new double[operands.Length];
        var output = new Builder(stamp);
        for (int k = 0; k < count; k++)
        {
            int e = events[k];
            if (!run.IsAlive(e))
            {
                continue;
            }

            for (int o = 0; o < operands.Length; o++)
            {
                deltas[o] = operands[o].DeltaOf(e);
            }

            output.Add(e, f.Apply(deltas));
        }

        return output.Finish();
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

    /// <summary>
    /// Prunes the live events <paramref name="events"/> (sorted) pairwise, the two lightest each
    /// time, until at most K are left; returns how many remain, kept in order at the front.
    /// </summary>
    private static int KeepAtMostK(DifferentiationRun run, Span<int> events)
    {
        int count = events.Length;
        while (count > TSlots.Capacity)
        {
            int lightest = -1, second = -1;
            for (int k = 0; k < count; k++)
            {
                double w = Math.Abs(run.WeightOf(events[k]));
                if (lightest < 0 || w < Math.Abs(run.WeightOf(events[lightest])))
                {
                    second = lightest;
                    lightest = k;
                }
                else if (second < 0 || w < Math.Abs(run.WeightOf(events[second])))
                {
                    second = k;
                }
            }

            // The later event decides with its generator, as in the pruned backend.
            int a = Math.Min(lightest, second), b = Math.Max(lightest, second);
            int survivor = PrunedJumps.Prune(run, events[a], events[b]);
            int removed = survivor == events[a] ? b : a; // when both weights were 0 both die; the dead one left is skipped by the callers
            events[(removed + 1)..count].CopyTo(events[removed..]);
            count--;
        }

        return count;
    }

    /// <summary>Collects the result's jumps in event order, dropping Δ = 0 (exact: the value is the same on that path).</summary>
    private ref struct Builder(int run)
    {
        private TSlots _slots;
        private int _count;

        public void Add(int e, double delta)
        {
            if (delta != 0)
            {
                Span<EventSlot> slots = MemoryMarshal.CreateSpan(ref Unsafe.As<TSlots, EventSlot>(ref _slots), TSlots.Capacity);
                slots[_count++] = new EventSlot { Delta = delta, Event = e };
            }
        }

        public readonly PrunedKJumps<TSlots> Finish() => _count == 0 ? default : new PrunedKJumps<TSlots>(_slots, run);
    }
}
