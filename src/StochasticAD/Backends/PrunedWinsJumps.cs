using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using StochasticAD.Random;

namespace StochasticAD.Backends;

/// <summary>
/// Pruned by wins: as <see cref="PrunedJumps"/>, but when two events clash the survivor is chosen with probability proportional to the number of clashes each has won so far (starting at 1), not to its weight. The decision does not depend on the input values, which a reverse-mode transposition of the pruning needs; the survivor's weight is still rescaled by 1/q, so estimates stay unbiased.
/// </summary>
/// <remarks>Storage and coupling are those of <see cref="PrunedJumps"/>; only the creation of events differs.</remarks>
public readonly struct PrunedWinsJumps : IJumps<PrunedWinsJumps>
{
    private readonly PrunedJumps _jumps;

    private PrunedWinsJumps(PrunedJumps jumps) => _jumps = jumps;

    /// <inheritdoc/>
    public static string Name => "pruned-wins";

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
    public static PrunedWinsJumps New(DifferentiationRun run, StochasticRandom rng, double delta, double weight) =>
        new(PrunedJumps.Create(run, rng, delta, weight, PruningMode.Wins));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PrunedWinsJumps Map<TF>(PrunedWinsJumps x, TF f) where TF : struct, IJumpMap, allows ref struct =>
        new(PrunedJumps.Map(x._jumps, f));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PrunedWinsJumps Map2<TF>(PrunedWinsJumps x, PrunedWinsJumps y, TF f) where TF : struct, IJumpMap2 =>
        new(PrunedJumps.Map2(x._jumps, y._jumps, f));

    /// <inheritdoc/>
    public static PrunedWinsJumps MapMany<TF>(ReadOnlySpan<PrunedWinsJumps> operands, TF f) where TF : struct, IJumpMapMany =>
        new(PrunedJumps.MapMany(Inner(operands), f));

    /// <inheritdoc/>
    public static bool All2<TP>(in PrunedWinsJumps x, in PrunedWinsJumps y, ref TP predicate) where TP : struct, IJumpPredicate2 =>
        PrunedJumps.All2(x._jumps, y._jumps, ref predicate);

    // The struct's only field is a PrunedJumps, so a span of it is a span of PrunedJumps.
    private static ReadOnlySpan<PrunedJumps> Inner(ReadOnlySpan<PrunedWinsJumps> operands) =>
        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<PrunedWinsJumps, PrunedJumps>(ref MemoryMarshal.GetReference(operands)), operands.Length);
}
