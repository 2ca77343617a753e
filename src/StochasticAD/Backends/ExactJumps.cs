using StochasticAD.Random;

namespace StochasticAD.Backends;

/// <summary>One random event of the exact backend: its weight never changes, nothing is ever pruned.</summary>
public sealed class ExactEvent
{
    internal ExactEvent(DifferentiationRun run, double weight)
    {
        RunStamp = run.Stamp;
        Weight = weight;
        Id = run.NextEventId();
    }

    /// <summary>The event's number within its run (1, 2, …); jumps are kept sorted by it.</summary>
    public long Id { get; }

    /// <summary>The run the event belongs to.</summary>
    /// <exception cref="MixedRunException">The run has ended.</exception>
    public DifferentiationRun Run => RunRegistry.Resolve(RunStamp);

    /// <summary>The stamp of the run (the registry's handle; the event keeps no reference to the run object, which is reused).</summary>
    internal int RunStamp { get; }

    /// <summary>The weight w: the event happens with probability w·ε.</summary>
    public double Weight { get; }
}

/// <summary>
/// The exact backend: every event is kept (a map event → Δ), so there is no pruning variance.
/// The reference oracle for tests; its cost grows with the number of events a value depends on.
/// </summary>
/// <remarks>
/// Jumps are an immutable array of (event, Δ) sorted by event id; coupling two operands is a
/// merge of their arrays. Each operation with a jump allocates its result array.
/// </remarks>
public readonly struct ExactJumps : IJumps<ExactJumps>
{
    private readonly Entry[]? _entries;

    private ExactJumps(Entry[]? entries) => _entries = entries is { Length: > 0 } ? entries : null;

    private readonly record struct Entry(ExactEvent Event, double Delta);

    /// <inheritdoc/>
    public static string Name => "exact";

    /// <inheritdoc/>
    public static bool Smooths => false;

    /// <inheritdoc/>
    public static JumpStrategy DefaultStrategy => JumpStrategy.SingleSided;

    /// <inheritdoc/>
    public bool HasJump => _entries is not null;

    /// <inheritdoc/>
    public bool IsEmpty => _entries is null;

    /// <summary>The number of events this value jumps under.</summary>
    public int Count => _entries?.Length ?? 0;

    /// <inheritdoc/>
    public double Contribution
    {
        get
        {
            double sum = 0;
            foreach (Entry e in _entries ?? [])
            {
                sum += e.Delta * e.Event.Weight;
            }

            return sum;
        }
    }

    /// <inheritdoc/>
    public void CopyTo(List<Jump> into)
    {
        foreach (Entry e in _entries ?? [])
        {
            into.Add(new Jump(e.Delta, e.Event.Weight, e.Event.Id));
        }
    }

    /// <inheritdoc/>
    public static ExactJumps New(DifferentiationRun run, StochasticRandom rng, double delta, double weight) =>
        weight == 0 || delta == 0 ? default : new ExactJumps([new Entry(new ExactEvent(run, weight), delta)]);

    /// <inheritdoc/>
    public static ExactJumps Map<TF>(ExactJumps x, TF f) where TF : struct, IJumpMap, allows ref struct
    {
        if (x._entries is not { } entries)
        {
            return default;
        }

        var result = new List<Entry>(entries.Length);
        foreach (Entry e in entries)
        {
            double delta = f.Apply(e.Delta);
            if (delta != 0)
            {
                result.Add(e with { Delta = delta });
            }
        }

        return new ExactJumps([.. result]);
    }

    /// <inheritdoc/>
    public static ExactJumps Map2<TF>(ExactJumps x, ExactJumps y, TF f) where TF : struct, IJumpMap2
    {
        Entry[] a = x._entries ?? [], b = y._entries ?? [];
        if (a.Length == 0 && b.Length == 0)
        {
            return default;
        }

        var result = new List<Entry>(a.Length + b.Length);
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            // Merge by event id: an event only one operand holds leaves the other at Δ = 0.
            long ia = i < a.Length ? a[i].Event.Id : long.MaxValue;
            long ib = j < b.Length ? b[j].Event.Id : long.MaxValue;
            ExactEvent ev;
            double da = 0, db = 0;
            if (ia <= ib)
            {
                ev = a[i].Event;
                da = a[i++].Delta;
                if (ia == ib)
                {
                    db = b[j++].Delta;
                }
            }
            else
            {
                ev = b[j].Event;
                db = b[j++].Delta;
            }

            double delta = f.Apply(da, db);
            if (delta != 0)
            {
                result.Add(new Entry(ev, delta));
            }
        }

        CheckOneRun(result);
        return new ExactJumps([.. result]);
    }

    /// <inheritdoc/>
    public static ExactJumps MapMany<TF>(ReadOnlySpan<ExactJumps> operands, TF f) where TF : struct, IJumpMapMany
    {
        var events = new SortedDictionary<long, ExactEvent>();
        foreach (ExactJumps operand in operands)
        {
            foreach (Entry e in operand._entries ?? [])
            {
                events.TryAdd(e.Event.Id, e.Event);
            }
        }

        if (events.Count == 0)
        {
            return default;
        }

        var deltas = new double[operands.Length];
        var result = new List<Entry>(events.Count);
        foreach (ExactEvent ev in events.Values)
        {
            for (int k = 0; k < operands.Length; k++)
            {
                deltas[k] = operands[k].DeltaOf(ev);
            }

            double delta = f.Apply(deltas);
            if (delta != 0)
            {
                result.Add(new Entry(ev, delta));
            }
        }

        CheckOneRun(result);
        return new ExactJumps([.. result]);
    }

    /// <inheritdoc/>
    public static bool All2<TP>(in ExactJumps x, in ExactJumps y, ref TP predicate) where TP : struct, IJumpPredicate2
    {
        foreach (Entry e in x._entries ?? [])
        {
            if (!predicate.Holds(e.Delta, y.DeltaOf(e.Event)))
            {
                return false;
            }
        }

        foreach (Entry e in y._entries ?? [])
        {
            if (x.DeltaOf(e.Event) == 0 && !predicate.Holds(0, e.Delta))
            {
                return false;
            }
        }

        return true;
    }

    private double DeltaOf(ExactEvent ev)
    {
        if (_entries is not { } entries)
        {
            return 0;
        }

        int lo = 0, hi = entries.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            long id = entries[mid].Event.Id;
            if (id == ev.Id)
            {
                return entries[mid].Delta;
            }

            if (id < ev.Id)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return 0;
    }

    private static void CheckOneRun(List<Entry> entries)
    {
        for (int k = 1; k < entries.Count; k++)
        {
            if (entries[k].Event.RunStamp != entries[0].Event.RunStamp)
            {
                throw RunRegistry.Mixed(entries[0].Event.RunStamp, entries[k].Event.RunStamp);
            }
        }
    }
}
