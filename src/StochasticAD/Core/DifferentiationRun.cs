using System.Runtime.CompilerServices;
namespace StochasticAD;

/// <summary>
/// One differentiation run: the identity shared by every triple that descends from the
/// parameters of one call to an entry point of <see cref="Derivative"/>, and the table of the
/// random events those triples jump under.
/// </summary>
/// <remarks>
/// <para>
/// Triples remember their run so that mixing two runs (a triple kept from an earlier call and
/// combined with one of the current call) is caught instead of silently adding unrelated
/// perturbations — the stochastic analogue of perturbation confusion in forward-mode AD.
/// Constants (triples made from plain numbers) belong to no run and mix with any.
/// A run, like the triples of one program run, is used by one thread at a time.
/// </para>
/// <para>
/// A triple does not hold a reference to its run: it holds the run's <em>stamp</em>, a small int
/// (a slot of a process-wide registry and a generation), so that triples are plain data (no GC
/// write barrier when a model stores them in arrays). The entry points of <see cref="Derivative"/>
/// reuse one run object per thread and give it a new stamp per call; a triple kept from an earlier
/// call then no longer matches its run and fails loudly (<see cref="MixedRunException"/>) instead
/// of reading the events of another call. A run made with the public constructor keeps its stamp
/// until the thread that made it has made 127 further runs that way (its ring of registry
/// slots), which is ample for a run in use.
/// </para>
/// </remarks>
public sealed partial class DifferentiationRun
{
    private static long s_lastId;

    /// <summary>Starts a new run with a process-wide unique id.</summary>
    /// <param name="strategy">How the run's discrete draws form new jumps, unless a draw says otherwise.</param>
    public DifferentiationRun(JumpStrategy strategy = JumpStrategy.Default)
        : this(RunRegistry.TakeRingSlot(), strategy)
    {
    }

    /// <summary>A run occupying registry slot <paramref name="slot"/> (pooled runs keep theirs for life).</summary>
    internal DifferentiationRun(int slot, JumpStrategy strategy)
    {
        Slot = slot;
        Restart(strategy);
    }

    /// <summary>How the run's discrete draws form new jumps, unless a draw's <see cref="DrawOptions"/> say otherwise.</summary>
    public JumpStrategy Strategy { get; private set; }

    /// <summary>The run's unique id (positive, increasing in creation order; a pooled run gets a new one per use).</summary>
    public long Id { get; private set; }

    /// <summary>The registry slot this object occupies.</summary>
    internal int Slot { get; }

    /// <summary>The stamp triples of this run carry: slot and generation, never 0 (0 is "no run").</summary>
    internal int Stamp { get; private set; }

    /// <summary>
    /// For tests of the pruning: when set, one-parameter family draws take the randomness of
    /// everything but their primal sample (the coupled alternatives of carried jumps, the pruning
    /// coins of the events they create) from this generator instead of the model's, so that the
    /// primal path stays fixed while the pruning varies. Null (the model's generator) otherwise.
    /// </summary>
    internal Random.StochasticRandom? SideGenerator { get; set; }

    /// <summary>
    /// Begins a new use of this object: new id, new stamp (earlier triples stop matching), empty
    /// event table. The registry then maps the new stamp to this object.
    /// </summary>
    internal void Restart(JumpStrategy strategy)
    {
        Id = Interlocked.Increment(ref s_lastId);
        Strategy = strategy;
        SideGenerator = null;
        ClearEvents();
        Stamp = RunRegistry.Publish(this);
    }

    /// <inheritdoc/>
    public override string ToString() => $"run {Id}";

    /// <summary>Returns the run of a combination of two operands; throws if they come from different runs.</summary>
    internal static DifferentiationRun? Merge(DifferentiationRun? a, DifferentiationRun? b)
    {
        if (ReferenceEquals(a, b) || b is null)
        {
            return a;
        }

        if (a is null)
        {
            return b;
        }

        throw new MixedRunException(a, b);
    }

    /// <summary>The stamp of a combination of two operands' stamps (0 = no run); throws if they differ.</summary>
    // Forced inline: every binary operator calls it on its fast path. Without dynamic PGO (DOTNET_TieredPGO=0,
    // TieredCompilation off, ahead-of-time code) the JIT left it a call inside the caller's loop, and the
    // triple's fields were stored and reloaded around it on every step: x + c 4.1× double instead of 1.7×.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Merge(int a, int b)
    {
        if (a == b || b == 0)
        {
            return a;
        }

        return a == 0 ? b : throw RunRegistry.Mixed(a, b);
    }
}
