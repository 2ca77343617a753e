using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using StochasticAD.Random;

namespace StochasticAD.Backends;

/// <summary>
/// How a pruned backend decides which of two events survives: the type argument of
/// <see cref="PrunedJumps{TMode}"/>. The modes are <see cref="ByWins"/> and <see cref="Aggressive"/>;
/// the default, by weights, is <see cref="PrunedJumps"/> itself.
/// </summary>
/// <remarks>The set of modes is closed: the pruning code knows each one (the interface has an internal member).</remarks>
public interface IPruningMode
{
    /// <summary>The backend's short name, as the command line accepts it.</summary>
    static abstract string Name { get; }

    /// <summary>The decision rule, as the run's event table records it per event.</summary>
    internal static abstract PruningMode Mode { get; }
}

/// <summary>
/// Pruned by wins (<c>pruned-wins</c>): when two events clash the survivor is chosen with probability proportional to the
/// number of clashes each has won so far (starting at 1), not to its weight. The decision does not depend on the input
/// values, which a reverse-mode transposition of the pruning needs; the survivor's weight is still rescaled by 1/q, so
/// estimates stay unbiased.
/// </summary>
public readonly struct ByWins : IPruningMode
{
    /// <inheritdoc/>
    public static string Name => "pruned-wins";

    static PruningMode IPruningMode.Mode => PruningMode.Wins;
}

/// <summary>
/// Aggressive pruning (<c>aggressive</c>): the decision is made when an event is created, by reservoir sampling over
/// the run — the newcomer replaces the live event with probability |w| / Σ|w| — so at most one event of a run is alive
/// at any time and no clash between triples ever needs a decision. Unbiased; cheapest bookkeeping, but every new event
/// competes with all earlier ones, including those that do not matter for the output.
/// </summary>
public readonly struct Aggressive : IPruningMode
{
    /// <inheritdoc/>
    public static string Name => "aggressive";

    static PruningMode IPruningMode.Mode => PruningMode.Aggressive;
}

/// <summary>
/// A pruned backend whose pruning decisions follow <typeparamref name="TMode"/>: <c>PrunedJumps&lt;ByWins&gt;</c>
/// (command-line name <c>pruned-wins</c>) or <c>PrunedJumps&lt;Aggressive&gt;</c> (<c>aggressive</c>).
/// </summary>
/// <typeparam name="TMode">The decision rule: <see cref="ByWins"/> or <see cref="Aggressive"/>.</typeparam>
/// <remarks>
/// One mechanism for every pruning mode: storage, coupling, pruning and read-outs are those of
/// <see cref="PrunedJumps"/> (this struct's one field), and the mode is recorded per event in the run's
/// table when the event is created, which is where the modes differ. The default mode, by weights, is
/// <see cref="PrunedJumps"/> itself rather than an instance of this type, so that the name users type
/// most stays the plain one (a <c>using</c> alias cannot be public).
/// </remarks>
public readonly struct PrunedJumps<TMode> : IJumps<PrunedJumps<TMode>> where TMode : struct, IPruningMode
{
    private readonly PrunedJumps _jumps;

    private PrunedJumps(PrunedJumps jumps) => _jumps = jumps;

    /// <inheritdoc/>
    public static string Name => TMode.Name;

    /// <inheritdoc/>
    public static bool Smooths => false;

    /// <inheritdoc/>
    public static JumpStrategy DefaultStrategy => PrunedJumps.DefaultStrategy;

    /// <inheritdoc/>
    public bool HasJump => _jumps.HasJump;

    /// <inheritdoc/>
    public bool IsEmpty => _jumps.IsEmpty;

    /// <inheritdoc/>
    public double Contribution => _jumps.Contribution;

    /// <inheritdoc/>
    public void CopyTo(List<Jump> into) => _jumps.CopyTo(into);

    /// <inheritdoc/>
    public static PrunedJumps<TMode> New(DifferentiationRun run, StochasticRandom rng, double delta, double weight) =>
        new(PrunedJumps.Create(run, rng, delta, weight, TMode.Mode));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PrunedJumps<TMode> Map<TF>(PrunedJumps<TMode> x, TF f) where TF : struct, IJumpMap, allows ref struct =>
        new(PrunedJumps.Map(x._jumps, f));

    /// <inheritdoc/>
    public static bool ScalesInline => true;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PrunedJumps<TMode> Scale(PrunedJumps<TMode> x, double factor) => new(PrunedJumps.Scale(x._jumps, factor));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PrunedJumps<TMode> Map2<TF>(PrunedJumps<TMode> x, PrunedJumps<TMode> y, TF f) where TF : struct, IJumpMap2 =>
        new(PrunedJumps.Map2(x._jumps, y._jumps, f));

    /// <inheritdoc/>
    public static PrunedJumps<TMode> MapMany<TF>(ReadOnlySpan<PrunedJumps<TMode>> operands, TF f) where TF : struct, IJumpMapMany =>
        new(PrunedJumps.MapMany(MemoryMarshal.Cast<PrunedJumps<TMode>, PrunedJumps>(operands), f)); // one field: the same layout

    /// <inheritdoc/>
    public static bool All2<TP>(in PrunedJumps<TMode> x, in PrunedJumps<TMode> y, ref TP predicate) where TP : struct, IJumpPredicate2 =>
        PrunedJumps.All2(x._jumps, y._jumps, ref predicate);
}
