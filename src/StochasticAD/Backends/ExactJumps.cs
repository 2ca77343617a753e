using StochasticAD.Random;

namespace StochasticAD.Backends;

/// <summary>
/// The exact backend: every event is kept (a map event → Δ), so there is no pruning variance.
/// The reference oracle for tests; its cost grows with the number of events a value depends on.
/// </summary>
/// <remarks>
/// <para>
/// Jumps are an immutable array of (Δ, event) sorted by event, plain data: the events' weights live
/// in the run's event table like those of the pruned backends (an exact event is never pruned, so
/// its weight never changes), and each entry also holds the run's stamp (how a read-out finds the
/// table; it fills the entry's padding, so it costs no room). Coupling two operands is a merge of
/// their arrays. An operation with a jump allocates its result array once, at its final length; one
/// that leaves every Δ as it is (x + c) shares its operand's array.
/// </para>
/// <para>
/// Entries without references make the arrays cheaper to allocate, fill and collect (no GC write
/// barrier, nothing for the collector to trace), and an event costs no object of its own.
/// </para>
/// </remarks>
public readonly struct ExactJumps : IJumps<ExactJumps>
{
    // The jumps, sorted by event; null when there is none.
    private readonly Entry[]? _entries;

    private ExactJumps(Entry[]? entries) => _entries = entries;

    /// <summary>One jump: Δ of the event with index <see cref="Event"/> in the table of the run stamped <see cref="Stamp"/> (16 bytes).</summary>
    private readonly record struct Entry(double Delta, int Event, int Stamp);

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

    /// <summary>The jumps.</summary>
    private ReadOnlySpan<Entry> Jumps => _entries;

    /// <summary>The run's stamp (0 when there is no jump).</summary>
    private int Stamp => _entries is { } entries ? entries[0].Stamp : 0;

    /// <inheritdoc/>
    public double Contribution
    {
        get
        {
            if (_entries is null)
            {
                return 0;
            }

            DifferentiationRun run = RunRegistry.Resolve(Stamp);
            double sum = 0;
            foreach (Entry e in Jumps)
            {
                sum += e.Delta * run.WeightOf(e.Event);
            }

            return sum;
        }
    }

    /// <inheritdoc/>
    public void CopyTo(List<Jump> into)
    {
        if (_entries is null)
        {
            return;
        }

        DifferentiationRun run = RunRegistry.Resolve(Stamp);
        foreach (Entry e in Jumps)
        {
            into.Add(new Jump(e.Delta, run.WeightOf(e.Event), e.Event));
        }
    }

    /// <inheritdoc/>
    public static ExactJumps New(DifferentiationRun run, StochasticRandom rng, double delta, double weight)
    {
        ArgumentNullException.ThrowIfNull(run);
        return weight == 0 || delta == 0
            ? default
            : new ExactJumps([new Entry(delta, run.NewEvent(rng, weight, PruningMode.Weights), run.Stamp)]);
    }

    /// <inheritdoc/>
    public static ExactJumps Map<TF>(ExactJumps x, TF f) where TF : struct, IJumpMap, allows ref struct
    {
        if (x._entries is not { } entries)
        {
            return default;
        }

        // Δ ↦ f(Δ) into a scratch row (events mapped to 0 dropped), then one array of the final length.
        // Once per event even where Δs are equal: see PrunedKJumps.Map.
        ReadOnlySpan<Entry> jumps = x.Jumps;
        Span<Entry> results = jumps.Length <= ScratchLength ? stackalloc Entry[jumps.Length] : new Entry[jumps.Length];
        int kept = 0;
        bool same = true;
        foreach (Entry e in jumps)
        {
            double delta = f.Apply(e.Delta);
            same &= BitConverter.DoubleToInt64Bits(delta) == BitConverter.DoubleToInt64Bits(e.Delta);
            if (delta != 0)
            {
                results[kept++] = e with { Delta = delta };
            }
        }

        // Arrays are immutable: an operation that leaves every Δ as it is (x + c, x − 1) shares them.
        return same ? x : Build(results[..kept]);
    }

    /// <summary>The jumps <paramref name="jumps"/> (sorted, none 0) in an array of their own.</summary>
    private static ExactJumps Build(ReadOnlySpan<Entry> jumps) => jumps.IsEmpty ? default : new ExactJumps(jumps.ToArray());

    /// <inheritdoc/>
    public static ExactJumps Map2<TF>(ExactJumps x, ExactJumps y, TF f) where TF : struct, IJumpMap2
    {
        if (x._entries is null || y._entries is null)
        {
            // One operand jumps alone (the other is a constant or a jump-free value).
            return x._entries is not null ? Map(x, new LeftOnly<TF>(f))
                : y._entries is not null ? Map(y, new RightOnly<TF>(f))
                : default;
        }

        if (x.Stamp != y.Stamp)
        {
            throw RunRegistry.Mixed(x.Stamp, y.Stamp);
        }

        // Merge by event (an event only one operand holds leaves the other at Δ = 0) into a scratch
        // row, then one array of the final length.
        ReadOnlySpan<Entry> a = x.Jumps, b = y.Jumps;
        int room = a.Length + b.Length;
        Span<Entry> results = room <= ScratchLength ? stackalloc Entry[room] : new Entry[room];
        int kept = 0, i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            Entry ea = a[i], eb = b[j];
            Entry result = ea.Event == eb.Event ? ea with { Delta = f.Apply(ea.Delta, eb.Delta) }
                : ea.Event < eb.Event ? ea with { Delta = f.Apply(ea.Delta, 0) }
                : eb with { Delta = f.Apply(0, eb.Delta) };
            i += ea.Event <= eb.Event ? 1 : 0;
            j += eb.Event <= ea.Event ? 1 : 0;
            results[kept] = result;
            kept += result.Delta != 0 ? 1 : 0;
        }

        kept = MapRest(a[i..], new LeftOnly<TF>(f), results, kept);
        kept = MapRest(b[j..], new RightOnly<TF>(f), results, kept);
        return Build(results[..kept]);
    }

    /// <summary>Maps the jumps left in one operand after the other ran out, appending the non-zero results at <paramref name="kept"/>; returns the new count.</summary>
    private static int MapRest<TF>(ReadOnlySpan<Entry> rest, TF f, Span<Entry> results, int kept) where TF : struct, IJumpMap
    {
        foreach (Entry e in rest)
        {
            double delta = f.Apply(e.Delta);
            results[kept] = e with { Delta = delta };
            kept += delta != 0 ? 1 : 0;
        }

        return kept;
    }

    /// <inheritdoc/>
    public static ExactJumps MapMany<TF>(ReadOnlySpan<ExactJumps> operands, TF f) where TF : struct, IJumpMapMany
    {
        // The distinct events of all operands, sorted: concatenated, sorted, duplicates removed.
        int room = 0, stamp = 0;
        foreach (ExactJumps operand in operands)
        {
            if (operand._entries is not null)
            {
                stamp = stamp == 0 || stamp == operand.Stamp ? operand.Stamp : throw RunRegistry.Mixed(stamp, operand.Stamp);
                room += operand.Count;
            }
        }

        if (room == 0)
        {
            return default;
        }

        Span<int> events = room <= ScratchLength ? stackalloc int[room] : new int[room];
        int count = 0;
        foreach (ExactJumps operand in operands)
        {
            foreach (Entry e in operand.Jumps)
            {
                events[count++] = e.Event;
            }
        }

        events.Sort();
        int distinct = 0;
        foreach (int e in events)
        {
            if (distinct == 0 || events[distinct - 1] != e)
            {
                events[distinct++] = e;
            }
        }

        Span<double> deltas = operands.Length <= ScratchLength ? stackalloc double[operands.Length] : new double[operands.Length];
        Span<Entry> results = distinct <= ScratchLength ? stackalloc Entry[distinct] : new Entry[distinct];
        int kept = 0;
        foreach (int e in events[..distinct])
        {
            for (int o = 0; o < operands.Length; o++)
            {
                deltas[o] = operands[o].DeltaOf(e);
            }

            double delta = f.Apply(deltas);
            if (delta != 0)
            {
                results[kept++] = new Entry(delta, e, stamp);
            }
        }

        return Build(results[..kept]);
    }

    /// <inheritdoc/>
    public static bool All2<TP>(in ExactJumps x, in ExactJumps y, ref TP predicate) where TP : struct, IJumpPredicate2
    {
        if (x._entries is not null && y._entries is not null && x.Stamp != y.Stamp)
        {
            throw RunRegistry.Mixed(x.Stamp, y.Stamp);
        }

        foreach (Entry e in x.Jumps)
        {
            if (!predicate.Holds(e.Delta, y.DeltaOf(e.Event)))
            {
                return false;
            }
        }

        foreach (Entry e in y.Jumps)
        {
            if (x.DeltaOf(e.Event) == 0 && !predicate.Holds(0, e.Delta))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Δ of event <paramref name="e"/> in this value, 0 if it does not jump under it (a binary search).</summary>
    private double DeltaOf(int e)
    {
        ReadOnlySpan<Entry> jumps = Jumps;
        int lo = 0, hi = jumps.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            int at = jumps[mid].Event;
            if (at == e)
            {
                return jumps[mid].Delta;
            }

            if (at < e)
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

    /// <summary>Up to this many entries of scratch (2 KB) go on the stack; more are allocated (the Game of Life adds up neighbours of 64 events and more).</summary>
    private const int ScratchLength = 128;
}
