namespace StochasticAD;

/// <summary>
/// One differentiation run: the identity shared by every triple that descends from the
/// parameters of one call to an entry point of <see cref="Derivative"/>.
/// </summary>
/// <remarks>
/// Triples remember their run so that mixing two runs (a triple kept from an earlier call and
/// combined with one of the current call) is caught instead of silently adding unrelated
/// perturbations — the stochastic analogue of perturbation confusion in forward-mode AD.
/// Constants (triples made from plain numbers) belong to no run and mix with any.
/// A run, like the triples of one program run, is used by one thread at a time.
/// </remarks>
public sealed class DifferentiationRun
{
    private static long s_lastId;

    /// <summary>Starts a new run with a process-wide unique id.</summary>
    /// <param name="strategy">How the run's discrete draws form new jumps, unless a draw says otherwise.</param>
    public DifferentiationRun(JumpStrategy strategy = JumpStrategy.Default)
    {
        Id = Interlocked.Increment(ref s_lastId);
        Strategy = strategy;
    }

    /// <summary>How the run's discrete draws form new jumps, unless a draw's <see cref="DrawOptions"/> say otherwise.</summary>
    public JumpStrategy Strategy { get; }

    private long _lastEventId;

    /// <summary>
    /// The id of a new random event of this run: 1, 2, 3, … in creation order. A run belongs to one
    /// thread (as its triples' shared event state does), so no atomic operation is needed.
    /// </summary>
    internal long NextEventId() => ++_lastEventId;

    /// <summary>State a backend keeps per run (e.g. the aggressive backend's single live event); null until it needs one.</summary>
    internal object? BackendState { get; set; }

    /// <summary>The run's unique id (positive, increasing in creation order).</summary>
    public long Id { get; }

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
}
