using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using StochasticAD.Random;

namespace StochasticAD.Backends;

/// <summary>
/// Aggressive pruning: the decision is made when an event is created, by reservoir sampling over the run — the newcomer replaces the live event with probability |w| / Σ|w| — so at most one event of a run is alive at any time and no clash between triples ever needs a decision. Unbiased; cheapest bookkeeping, but every new event competes with all earlier ones, including those that do not matter for the output.
/// </summary>
/// <remarks>Storage and coupling are those of <see cref="PrunedJumps"/>; only the creation of events differs.</remarks>
public readonly struct AggressiveJumps : IJumps<AggressiveJumps>
{
    private readonly PrunedJumps _jumps;

    private AggressiveJumps(PrunedJumps jumps) => _jumps = jumps;

    /// <inheritdoc/>
    public static string Name => "aggressive";

    /// <inheritdoc/>
    public static bool Smooths => false;

    /// <inheritdoc/>
    public static JumpStrategy DefaultStrategy => JumpStrategy.SingleSided;

    /// <inheritdoc/>
    public bool HasJump => _jumps.HasJump;

    /// <inheritdoc/>
    public bool IsEmpty => _jumps.IsEmpty;

    /// <inheritdoc/>
    public double Contribution => _jumps.Contribution;

    /// <inheritdoc/>
    public void CopyTo(List<Jump> into) => _jumps.CopyTo(into);

    /// <inheritdoc/>
    public static AggressiveJumps New(DifferentiationRun run, StochasticRandom rng, double delta, double weight) =>
        new(PrunedJumps.Create(run, rng, delta, weight, PruningMode.Aggressive));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static AggressiveJumps Map<TF>(AggressiveJumps x, TF f) where TF : struct, IJumpMap, allows ref struct =>
        new(PrunedJumps.Map(x._jumps, f));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static AggressiveJumps Map2<TF>(AggressiveJumps x, AggressiveJumps y, TF f) where TF : struct, IJumpMap2 =>
        new(PrunedJumps.Map2(x._jumps, y._jumps, f));

    /// <inheritdoc/>
    public static AggressiveJumps MapMany<TF>(ReadOnlySpan<AggressiveJumps> operands, TF f) where TF : struct, IJumpMapMany =>
        new(PrunedJumps.MapMany(Inner(operands), f));

    /// <inheritdoc/>
    public static bool All2<TP>(in AggressiveJumps x, in AggressiveJumps y, ref TP predicate) where TP : struct, IJumpPredicate2 =>
        PrunedJumps.All2(x._jumps, y._jumps, ref predicate);

    // The struct's only field is a PrunedJumps, so a span of it is a span of PrunedJumps.
    private static ReadOnlySpan<PrunedJumps> Inner(ReadOnlySpan<AggressiveJumps> operands) =>
        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<AggressiveJumps, PrunedJumps>(ref MemoryMarshal.GetReference(operands)), operands.Length);
}
