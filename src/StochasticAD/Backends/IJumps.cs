namespace StochasticAD.Backends;

// =====================================================================================
// The backend contract.
//
// A stochastic triple is (value, δ, jumps). The first two are plain doubles; how the
// jumps are stored, coupled and pruned is the backend's business and is all a backend
// is. Each backend is a small struct implementing IJumps<TSelf>; StochasticTriple<TJumps>
// is generic over it, so the JIT specialises every operator for every backend and the
// hot path has no virtual call and no allocation.
//
// The contract is deliberately small: everything the triple does (elementary functions,
// draws, indexing, comparisons) is expressed through New / Map / Map2 / MapMany /
// Combine, the two predicate checks, and the read-outs.
// =====================================================================================

/// <summary>Maps the jump Δ of one operand to the jump of the result.</summary>
public interface IJumpMap
{
    /// <summary>Returns the result's jump when the operand jumps by <paramref name="delta"/>.</summary>
    double Apply(double delta);
}

/// <summary>Maps the coupled jumps (Δx, Δy) of two operands to the jump of the result.</summary>
public interface IJumpMap2
{
    /// <summary>Returns the result's jump when the operands jump by (<paramref name="deltaX"/>, <paramref name="deltaY"/>) together.</summary>
    double Apply(double deltaX, double deltaY);
}

/// <summary>Maps the coupled jumps of any number of operands to the jump of the result.</summary>
public interface IJumpMapMany
{
    /// <summary>Returns the result's jump when the operands jump by <paramref name="deltas"/> together (one entry per operand, 0 where it does not jump).</summary>
    double Apply(ReadOnlySpan<double> deltas);
}

/// <summary>A yes/no question asked of the coupled jumps of two operands (used by comparisons).</summary>
public interface IJumpPredicate2
{
    /// <summary>Returns whether the predicate holds when the operands jump by (<paramref name="deltaX"/>, <paramref name="deltaY"/>).</summary>
    bool Holds(double deltaX, double deltaY);
}

/// <summary>One jump as a user sees it: Δ happens with probability <see cref="Weight"/>·ε.</summary>
/// <param name="Delta">The finite change Δ of the value on the alternative path.</param>
/// <param name="Weight">The weight w: the alternative happens with infinitesimal probability w·ε.</param>
/// <param name="EventId">Identifies the random event that causes the jump; jumps with the same id happen together.</param>
public readonly record struct Jump(double Delta, double Weight, long EventId);

/// <summary>
/// The contract every backend implements: storage of the jumps of one triple and the
/// operations that create, couple, map and read them.
/// </summary>
/// <typeparam name="TSelf">The implementing struct.</typeparam>
/// <remarks>
/// <c>default(TSelf)</c> must mean "no jump". Implementations keep shared per-event state
/// (weights, pruned flags) outside the struct — the pruned backends in the run's event table,
/// found from the run's stamp they hold — so that copying a triple never copies that state, and
/// hold no reference to the run object (triples stay plain data).
/// </remarks>
public interface IJumps<TSelf> where TSelf : struct, IJumps<TSelf>
{
    /// <summary>The backend's short name, as the command line accepts it.</summary>
    static abstract string Name { get; }

    /// <summary>Whether the jumps are folded into the dual part at each draw (smoothing) rather than kept.</summary>
    static abstract bool Smooths { get; }

    /// <summary>The strategy draws use when neither the draw nor the run chooses one.</summary>
    static abstract JumpStrategy DefaultStrategy { get; }


    /// <summary>Whether at least one live (not pruned) jump with a non-zero Δ is held.</summary>
    bool HasJump { get; }

    /// <summary>
    /// Whether nothing at all is held (the state of <c>default</c>): a structural test, cheaper than
    /// <see cref="HasJump"/> (which may read shared event state), for the operators' fast path.
    /// </summary>
    bool IsEmpty { get; }

    /// <summary>Σ Δ·w over the live jumps: this triple's jump part of the derivative estimate.</summary>
    double Contribution { get; }

    /// <summary>Appends the live jumps to <paramref name="into"/> (for printing, tests and diagnostics).</summary>
    void CopyTo(List<Jump> into);

    /// <summary>A jump of <paramref name="delta"/> caused by a new random event of weight <paramref name="weight"/>.</summary>
    /// <param name="run">The differentiation run the event belongs to.</param>
    /// <param name="rng">The generator that made the draw; later pruning decisions about this event draw from it.</param>
    /// <param name="delta">The finite change Δ.</param>
    /// <param name="weight">The weight w (the event happens with probability w·ε); zero gives no jump.</param>
    static abstract TSelf New(DifferentiationRun run, StochasticAD.Random.StochasticRandom rng, double delta, double weight);

    /// <summary>Maps every jump through <paramref name="f"/>, events and weights unchanged.</summary>
    static abstract TSelf Map<TF>(TSelf x, TF f) where TF : struct, IJumpMap, allows ref struct;

    /// <summary>
    /// Whether <see cref="Scale"/> is a few instructions with no call, so the arithmetic operators may
    /// run it inline on their fast path; otherwise they combine through <see cref="Map2"/> out of line.
    /// </summary>
    static virtual bool ScalesInline => false;

    /// <summary>
    /// The jumps of f(x, y) where y jumps nowhere and f is affine in x: every Δ of <paramref name="x"/>
    /// multiplied by <paramref name="factor"/> (= ∂ₓf), events and weights unchanged. By default the
    /// combination with a jump-free operand through <see cref="Map2"/>, so the backend's bookkeeping of
    /// combinations is kept.
    /// </summary>
    static virtual TSelf Scale(TSelf x, double factor) => TSelf.Map2(x, default, new ScaleFirst(factor));

    /// <summary>Couples the jumps of two operands event by event, then maps each coupled pair through <paramref name="f"/>.</summary>
    static abstract TSelf Map2<TF>(TSelf x, TSelf y, TF f) where TF : struct, IJumpMap2;

    /// <summary>Couples the jumps of all operands event by event, then maps each coupled tuple through <paramref name="f"/>.</summary>
    static abstract TSelf MapMany<TF>(ReadOnlySpan<TSelf> operands, TF f) where TF : struct, IJumpMapMany;

    /// <summary>Checks <paramref name="predicate"/> on every coupled pair of jumps, without pruning anything.</summary>
    /// <returns><c>true</c> when it holds for every jump (and trivially when there is none).</returns>
    static abstract bool All2<TP>(in TSelf x, in TSelf y, ref TP predicate) where TP : struct, IJumpPredicate2;
}

/// <summary>The default <see cref="IJumps{TSelf}.Scale"/>: the first operand's Δ times a factor (the second operand has no jump).</summary>
internal readonly struct ScaleFirst(double factor) : IJumpMap2
{
    public double Apply(double deltaX, double deltaY) => deltaX * factor;
}
