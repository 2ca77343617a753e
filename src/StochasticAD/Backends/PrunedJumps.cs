using System.Runtime.CompilerServices;
using StochasticAD.Random;

namespace StochasticAD.Backends;

/// <summary>What decides which of two clashing events survives.</summary>
internal enum PruningMode : byte
{
    /// <summary>Probability proportional to |weight| (default).</summary>
    Weights,

    /// <summary>Probability proportional to the number of pairwise prunings the event has won (starting at 1): independent of the input.</summary>
    Wins,

    /// <summary>Decided when the event is created (reservoir sampling over the run), so at most one event per run is alive.</summary>
    Aggressive,
}

/// <summary>
/// The default backend: at most one jump per triple, pruned by weights (method §6).
/// </summary>
/// <remarks>
/// <para>
/// When two operands carry jumps of different live events with weights w₁ and w₂, event 1 is
/// kept with probability q = |w₁| / (|w₁| + |w₂|) and its weight becomes w₁/q (event 2
/// likewise with 1 − q); the loser is marked dead for every triple that holds it. The
/// expectation of Δ·w is preserved, so derivative estimates stay unbiased while the cost of
/// a triple stays constant however many random draws the program makes.
/// </para>
/// <para>
/// The struct is plain data: Δ, and the event's index in its run's event table with the run's stamp packed in one long
/// (see <see cref="DifferentiationRun"/>). The event's shared state (weight, alive, wins) lives in
/// the run's table, so rescaling or dropping an event is seen by every triple that holds it
/// (lazy pruning). A jump whose event was pruned away reads as no jump; mapping a jump (one
/// operand) does not look at the table, so a dead event may be carried until the next read-out
/// or clash drops it.
/// </para>
/// </remarks>
public readonly struct PrunedJumps : IJumps<PrunedJumps>
{
    private readonly double _delta;
    private readonly long _handle; // the event's index in the run's event table (low half; 0 = no jump, and then Δ = 0) and the run's stamp (high half)

    private PrunedJumps(double delta, int ev, int run)
    {
        _delta = delta;
        _handle = ((long)run << 32) | (uint)ev;
    }

    private PrunedJumps(double delta, long handle)
    {
        _delta = delta;
        _handle = handle;
    }

    // Two fields, not three: the JIT promotes the 16-byte struct into registers more readily, and the
    // random walk's pruned run took 6.2–7.7 µs instead of 7.6–9.2 µs with (double, int, int).
    private int _event
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (int)_handle;
    }

    private int _run
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (int)(_handle >> 32);
    }

    /// <inheritdoc/>
    public static string Name => "pruned";

    /// <inheritdoc/>
    public static bool Smooths => false;

    /// <inheritdoc/>
    public static JumpStrategy DefaultStrategy => JumpStrategy.SingleSided;

    /// <summary>The index of the jump's event in its run's table, 0 when there is none (alive or not).</summary>
    internal int Event => _event;

    /// <summary>Whether the event is held and alive (reads the run's table).</summary>
    private bool IsLive
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _event != 0 && RunRegistry.Resolve(_run).IsAlive(_event);
    }

    /// <inheritdoc/>
    public bool HasJump => IsLive;

    /// <inheritdoc/>
    public bool IsEmpty => _event == 0;

    /// <inheritdoc/>
    public double Contribution
    {
        get
        {
            if (_event == 0)
            {
                return 0;
            }

            DifferentiationRun run = RunRegistry.Resolve(_run);
            return run.IsAlive(_event) ? _delta * run.WeightOf(_event) : 0;
        }
    }

    /// <inheritdoc/>
    public void CopyTo(List<Jump> into)
    {
        if (_event != 0)
        {
            DifferentiationRun run = RunRegistry.Resolve(_run);
            if (run.IsAlive(_event))
            {
                into.Add(new Jump(_delta, run.WeightOf(_event), _event));
            }
        }
    }

    /// <inheritdoc/>
    public static PrunedJumps New(DifferentiationRun run, StochasticRandom rng, double delta, double weight) =>
        Create(run, rng, delta, weight, PruningMode.Weights);

    /// <summary>A jump of a new event whose clashes are decided by <paramref name="mode"/>; the variants' New.</summary>
    internal static PrunedJumps Create(DifferentiationRun run, StochasticRandom rng, double delta, double weight, PruningMode mode)
    {
        if (weight == 0 || delta == 0)
        {
            return default;
        }

        if (mode != PruningMode.Aggressive)
        {
            return new PrunedJumps(delta, run.NewEvent(rng, weight, mode), run.Stamp);
        }

        // Reservoir sampling over the run's events: the newcomer replaces the live event with
        // probability |w| / (Σ|w| so far). The survivor's weight is sign(w)·Σ|w|, so its Δ·weight
        // has expectation Σ Δᵢwᵢ over every event created.
        double total = run.AggressiveTotal += Math.Abs(weight);
        int live = run.AggressiveLive != 0 && run.IsAlive(run.AggressiveLive) ? run.AggressiveLive : 0;
        if (live == 0 || rng.NextDouble() * total < Math.Abs(weight))
        {
            if (live != 0)
            {
                run.Kill(live);
            }

            run.AggressiveLive = run.NewEvent(rng, Math.CopySign(total, weight), mode);
            return new PrunedJumps(delta, run.AggressiveLive, run.Stamp);
        }

        ref double liveWeight = ref run.WeightOf(live);
        liveWeight = Math.CopySign(total, liveWeight);
        return default;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PrunedJumps Map<TF>(PrunedJumps x, TF f) where TF : struct, IJumpMap, allows ref struct =>
        x._event == 0 ? default : Of(f.Apply(x._delta), x._event, x._run); // no table read: a dead event is dropped later

    /// <inheritdoc/>
    public static bool ScalesInline => true;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PrunedJumps Scale(PrunedJumps x, double factor)
    {
        // As Map2 with a jump-free operand (which reads no table either); Δ·factor = 0 drops the event, as Of does.
        double delta = x._delta * factor;
        return (int)x._handle == 0 || delta == 0 ? default : new PrunedJumps(delta, x._handle);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PrunedJumps Map2<TF>(PrunedJumps x, PrunedJumps y, TF f) where TF : struct, IJumpMap2
    {
        if (x._event == 0)
        {
            return y._event == 0 ? default : Of(f.Apply(0, y._delta), y._event, y._run);
        }

        if (y._event == 0)
        {
            return Of(f.Apply(x._delta, 0), x._event, x._run);
        }

        if (x._event == y._event && x._run == y._run)
        {
            return Of(f.Apply(x._delta, y._delta), x._event, x._run);
        }

        return Clash(x, y, f);
    }

    /// <summary>Two operands with different events: the live one, or the survivor of a pruning between them.</summary>
    private static PrunedJumps Clash<TF>(PrunedJumps x, PrunedJumps y, TF f) where TF : struct, IJumpMap2
    {
        DifferentiationRun run = SameRun(x._run, y._run);
        bool xLive = run.IsAlive(x._event);
        bool yLive = run.IsAlive(y._event);
        bool keepX = xLive && (!yLive || Prune(run, x._event, y._event) == x._event);
        if (keepX)
        {
            return Of(f.Apply(x._delta, 0), x._event, x._run);
        }

        return yLive ? Of(f.Apply(0, y._delta), y._event, y._run) : default;
    }

    /// <summary>The run of two stamps that must be equal (both non-zero).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static DifferentiationRun SameRun(int a, int b) =>
        a == b ? RunRegistry.Resolve(a) : throw RunRegistry.Mixed(a, b);

    /// <summary>
    /// A jump of Δ for event <paramref name="e"/>; no jump when Δ = 0 (say, a jump multiplied by
    /// zero), which is exact: the value is the same on the event's path. Dropping the event
    /// keeps later operations on the single-test fast path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static PrunedJumps Of(double delta, int e, int run) => delta == 0 ? default : new PrunedJumps(delta, e, run);

    /// <inheritdoc/>
    public static PrunedJumps MapMany<TF>(ReadOnlySpan<PrunedJumps> operands, TF f) where TF : struct, IJumpMapMany
    {
        // Fold the operands' live events into one survivor, pruning pairwise as Map2 does.
        DifferentiationRun? run = null;
        int stamp = 0;
        int survivor = 0;
        foreach (ref readonly PrunedJumps operand in operands)
        {
            if (operand._event == 0)
            {
                continue;
            }

            if (run is null)
            {
                stamp = operand._run;
                run = RunRegistry.Resolve(stamp);
            }
            else if (operand._run != stamp)
            {
                throw RunRegistry.Mixed(stamp, operand._run);
            }

            int e = operand._event;
            if (e == survivor || !run.IsAlive(e))
            {
                continue;
            }

            survivor = survivor == 0 ? e : Prune(run, survivor, e);
        }

        if (survivor == 0 || !run!.IsAlive(survivor))
        {
            return default;
        }

        Span<double> deltas = operands.Length <= 64 ? stackalloc double[operands.Length] : new double[operands.Length];
        for (int i = 0; i < operands.Length; i++)
        {
            deltas[i] = operands[i]._event == survivor ? operands[i]._delta : 0;
        }

        return Of(f.Apply(deltas), survivor, stamp);
    }

    /// <inheritdoc/>
    public static bool All2<TP>(in PrunedJumps x, in PrunedJumps y, ref TP predicate) where TP : struct, IJumpPredicate2
    {
        int ex = x.IsLive ? x._event : 0;
        int ey = y.IsLive ? y._event : 0;
        if (ex != 0 && ey != 0 && x._run != y._run)
        {
            throw RunRegistry.Mixed(x._run, y._run);
        }

        if (ex == ey)
        {
            return ex == 0 || predicate.Holds(x._delta, y._delta);
        }

        // Different events happen separately: each operand jumps while the other stays.
        return (ex == 0 || predicate.Holds(x._delta, 0)) && (ey == 0 || predicate.Holds(0, y._delta));
    }

    /// <summary>
    /// Keeps one of two live events <paramref name="a"/> and <paramref name="b"/> of
    /// <paramref name="run"/>, chosen with probability proportional to |weight| (or to wins),
    /// rescales the survivor's weight by 1/q and marks the other dead. Returns the survivor
    /// (<paramref name="a"/>, dead too, when neither can contribute).
    /// </summary>
    internal static int Prune(DifferentiationRun run, int a, int b)
    {
        bool byWins = run.ModeOf(a) == PruningMode.Wins;
        ref double wa = ref run.WeightOf(a);
        ref double wb = ref run.WeightOf(b);
        double sa = byWins ? run.WinsOf(a) : Math.Abs(wa);
        double sb = byWins ? run.WinsOf(b) : Math.Abs(wb);
        double total = sa + sb;
        if (total == 0)
        {
            // Neither can contribute to the estimate; drop both.
            run.Kill(a);
            run.Kill(b);
            return a;
        }

        double qb = sb / total;

        // The later event's generator decides; both are normally the model's one generator.
        if (qb >= 1 || (qb > 0 && run.GeneratorOf(b).NextDouble() < qb))
        {
            run.Kill(a);
            wb /= qb;
            run.WinsOf(b)++;
            return b;
        }

        run.Kill(b);
        wa /= 1 - qb;
        run.WinsOf(a)++;
        return a;
    }

    /// <summary>The live jump's Δ (0 when there is none); for the triple's own read-outs.</summary>
    internal double Delta => IsLive ? _delta : 0;
}
