using System.Runtime.CompilerServices;
using StochasticAD.Random;

namespace StochasticAD.Backends;

/// <summary>What decides which of two clashing events survives.</summary>
internal enum PruningMode
{
    /// <summary>Probability proportional to |weight| (default).</summary>
    Weights,

    /// <summary>Probability proportional to the number of pairwise prunings the event has won (starting at 1): independent of the input.</summary>
    Wins,

    /// <summary>Decided when the event is created (reservoir sampling over the run), so at most one event per run is alive.</summary>
    Aggressive,
}

/// <summary>
/// Shared state of one random event under the pruned backends: its weight and whether it has
/// been pruned away. Every triple descended from the event points to this one object, so
/// rescaling or dropping the event is seen by all of them at once (lazy pruning).
/// </summary>
public sealed class PrunedEvent
{
    internal PrunedEvent(DifferentiationRun run, StochasticRandom rng, double weight, PruningMode mode)
    {
        Run = run;
        Rng = rng;
        Weight = weight;
        Mode = mode;
        Wins = 1;
        Alive = true;
        Id = run.NextEventId();
    }

    /// <summary>How clashes involving this event are decided.</summary>
    internal PruningMode Mode { get; }

    /// <summary>Pairwise prunings won, plus one (the strength under <see cref="PruningMode.Wins"/>).</summary>
    internal long Wins { get; set; }

    /// <summary>The event's number within its run (1, 2, …), for printing and ordering.</summary>
    public long Id { get; }

    /// <summary>The run the event belongs to.</summary>
    public DifferentiationRun Run { get; }

    /// <summary>The generator that drew the event; pruning decisions involving it draw from it.</summary>
    internal StochasticRandom Rng { get; }

    /// <summary>The weight w: the jump happens with probability w·ε. Rescaled when the event survives a pruning.</summary>
    public double Weight { get; internal set; }

    /// <summary>False once the event has been pruned away: triples that hold it then read as having no jump.</summary>
    public bool Alive { get; private set; }

    internal void Kill() => Alive = false;
}

/// <summary>
/// The default backend: at most one jump per triple, pruned by weights (method §6).
/// </summary>
/// <remarks>
/// When two operands carry jumps of different live events with weights w₁ and w₂, event 1 is
/// kept with probability q = |w₁| / (|w₁| + |w₂|) and its weight becomes w₁/q (event 2
/// likewise with 1 − q); the loser is marked dead for every triple that holds it. The
/// expectation of Δ·w is preserved, so derivative estimates stay unbiased while the cost of
/// a triple stays constant however many random draws the program makes.
/// </remarks>
public readonly struct PrunedJumps : IJumps<PrunedJumps>
{
    private readonly double _delta;
    private readonly PrunedEvent? _event;

    private PrunedJumps(double delta, PrunedEvent? ev)
    {
        _delta = delta;
        _event = ev;
    }

    /// <inheritdoc/>
    public static string Name => "pruned";

    /// <inheritdoc/>
    public static bool Smooths => false;

    /// <inheritdoc/>
    public static JumpStrategy DefaultStrategy => JumpStrategy.SingleSided;

    /// <summary>The event, if it is alive and the jump is non-zero; otherwise null.</summary>
    private PrunedEvent? Live
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _event is { Alive: true } e && _delta != 0 ? e : null;
    }

    /// <summary>Δ if the event is alive, else 0 (a pruned jump reads as no jump).</summary>
    private double LiveDelta
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _event is { Alive: true } ? _delta : 0;
    }

    /// <inheritdoc/>
    public bool HasJump => Live is not null;

    /// <inheritdoc/>
    public bool IsEmpty => _event is null;

    /// <inheritdoc/>
    public double Contribution => Live is { } e ? _delta * e.Weight : 0;

    /// <inheritdoc/>
    public void CopyTo(List<Jump> into)
    {
        if (Live is { } e)
        {
            into.Add(new Jump(_delta, e.Weight, e.Id));
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
            return new PrunedJumps(delta, new PrunedEvent(run, rng, weight, mode));
        }

        // Reservoir sampling over the run's events: the newcomer replaces the live event with
        // probability |w| / (Σ|w| so far). The survivor's weight is sign(w)·Σ|w|, so its Δ·weight
        // has expectation Σ Δᵢwᵢ over every event created.
        var state = run.BackendState as AggressiveState ?? new AggressiveState();
        run.BackendState = state;
        state.Total += Math.Abs(weight);
        PrunedEvent? live = state.Live is { Alive: true } l ? l : null;
        if (live is null || rng.NextDouble() * state.Total < Math.Abs(weight))
        {
            live?.Kill();
            state.Live = new PrunedEvent(run, rng, Math.CopySign(state.Total, weight), mode);
            return new PrunedJumps(delta, state.Live);
        }

        live.Weight = Math.CopySign(state.Total, live.Weight);
        return default;
    }

    private sealed class AggressiveState
    {
        public double Total;
        public PrunedEvent? Live;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PrunedJumps Map<TF>(PrunedJumps x, TF f) where TF : struct, IJumpMap, allows ref struct =>
        x._event is null ? default : MapLive(x, f); // the common no-jump case stays a single test

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // into the triple's out-of-line jump path: one call per operation
    private static PrunedJumps MapLive<TF>(PrunedJumps x, TF f) where TF : struct, IJumpMap, allows ref struct
    {
        PrunedEvent? e = x.Live;
        return e is null ? default : Of(f.Apply(x._delta), e);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PrunedJumps Map2<TF>(PrunedJumps x, PrunedJumps y, TF f) where TF : struct, IJumpMap2 =>
        x._event is null && y._event is null ? default : Map2Live(x, y, f); // the common no-jump case stays a single test

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // into the triple's out-of-line jump path: one call per operation
    private static PrunedJumps Map2Live<TF>(PrunedJumps x, PrunedJumps y, TF f) where TF : struct, IJumpMap2
    {
        PrunedEvent? ex = x.Live;
        PrunedEvent? ey = y.Live;
        if (ex is null)
        {
            return ey is null ? default : Of(f.Apply(0, y._delta), ey);
        }

        if (ey is null)
        {
            return Of(f.Apply(x._delta, 0), ex);
        }

        if (ReferenceEquals(ex, ey))
        {
            return Of(f.Apply(x._delta, y._delta), ex);
        }

        return Prune(ex, ey) == ex
            ? Of(f.Apply(x._delta, 0), ex)
            : Of(f.Apply(0, y._delta), ey);
    }

    /// <summary>
    /// A jump of Δ for event <paramref name="e"/>; no jump when Δ = 0 (say, a jump multiplied by
    /// zero), which is exact: the value is the same on the event's path. Dropping the reference
    /// keeps later operations on the single-test fast path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static PrunedJumps Of(double delta, PrunedEvent e) => delta == 0 ? default : new PrunedJumps(delta, e);

    /// <inheritdoc/>
    public static PrunedJumps MapMany<TF>(ReadOnlySpan<PrunedJumps> operands, TF f) where TF : struct, IJumpMapMany
    {
        // Fold the operands' live events into one survivor, pruning pairwise as Map2 does.
        PrunedEvent? survivor = null;
        foreach (ref readonly PrunedJumps operand in operands)
        {
            PrunedEvent? e = operand.Live;
            if (e is null || ReferenceEquals(e, survivor))
            {
                continue;
            }

            survivor = survivor is null ? e : Prune(survivor, e);
        }

        if (survivor is null)
        {
            return default;
        }

        Span<double> deltas = operands.Length <= 64 ? stackalloc double[operands.Length] : new double[operands.Length];
        for (int i = 0; i < operands.Length; i++)
        {
            deltas[i] = ReferenceEquals(operands[i]._event, survivor) ? operands[i]._delta : 0;
        }

        return new PrunedJumps(f.Apply(deltas), survivor);
    }

    /// <inheritdoc/>
    public static bool All2<TP>(in PrunedJumps x, in PrunedJumps y, ref TP predicate) where TP : struct, IJumpPredicate2
    {
        PrunedEvent? ex = x.Live;
        PrunedEvent? ey = y.Live;
        if (ReferenceEquals(ex, ey))
        {
            return ex is null || predicate.Holds(x._delta, y._delta);
        }

        // Different events happen separately: each operand jumps while the other stays.
        return (ex is null || predicate.Holds(x._delta, 0)) && (ey is null || predicate.Holds(0, y._delta));
    }

    /// <summary>
    /// Keeps one of two live events of the same run, chosen with probability proportional to
    /// |weight|, rescales the survivor's weight by 1/q and marks the other dead.
    /// </summary>
    private static PrunedEvent Prune(PrunedEvent a, PrunedEvent b)
    {
        if (!ReferenceEquals(a.Run, b.Run))
        {
            throw new MixedRunException(a.Run, b.Run);
        }

        bool byWins = a.Mode == PruningMode.Wins;
        double sa = byWins ? a.Wins : Math.Abs(a.Weight);
        double sb = byWins ? b.Wins : Math.Abs(b.Weight);
        double total = sa + sb;
        if (total == 0)
        {
            // Neither can contribute to the estimate; drop both.
            a.Kill();
            b.Kill();
            return a;
        }

        double qb = sb / total;

        // The later event's generator decides; both are normally the model's one generator.
        if (qb >= 1 || (qb > 0 && b.Rng.NextDouble() < qb))
        {
            a.Kill();
            b.Weight /= qb;
            b.Wins++;
            return b;
        }

        b.Kill();
        a.Weight /= 1 - qb;
        a.Wins++;
        return a;
    }

    /// <summary>The live jump's Δ (0 when there is none); for the triple's own read-outs.</summary>
    internal double Delta => LiveDelta;
}
