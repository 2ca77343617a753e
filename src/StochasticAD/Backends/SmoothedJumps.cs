using StochasticAD.Random;

namespace StochasticAD.Backends;

/// <summary>
/// Smoothing: no jumps are kept; each discrete draw folds its jumps into the dual part right
/// away (δ' = Σ Δ·w, method §7), two-sided by default. The triple is then a plain dual number:
/// cheapest of all, exact for functions linear in the discrete values, biased otherwise.
/// </summary>
/// <remarks>
/// <c>StochasticTriple&lt;SmoothedJumps&gt;</c> is also this library's dual number: a draw with a
/// dual-number parameter returns a dual number carrying the smoothed derivative, so code that
/// only needs smoothed derivatives runs without any jump machinery.
/// </remarks>
public readonly struct SmoothedJumps : IJumps<SmoothedJumps>
{
    /// <inheritdoc/>
    public static string Name => "smoothed";

    /// <inheritdoc/>
    public static bool Smooths => true;

    /// <inheritdoc/>
    public static JumpStrategy DefaultStrategy => JumpStrategy.TwoSided;

    /// <inheritdoc/>
    public bool HasJump => false;

    /// <inheritdoc/>
    public bool IsEmpty => true;

    /// <inheritdoc/>
    public double Contribution => 0;

    /// <inheritdoc/>
    public void CopyTo(List<Jump> into)
    {
    }

    /// <summary>Never called by the draws (they fold the jump into the dual part); holds nothing.</summary>
    public static SmoothedJumps New(DifferentiationRun run, StochasticRandom rng, double delta, double weight) => default;

    /// <inheritdoc/>
    public static SmoothedJumps Map<TF>(SmoothedJumps x, TF f) where TF : struct, IJumpMap, allows ref struct => default;

    /// <inheritdoc/>
    public static SmoothedJumps Map2<TF>(SmoothedJumps x, SmoothedJumps y, TF f) where TF : struct, IJumpMap2 => default;

    /// <inheritdoc/>
    public static SmoothedJumps MapMany<TF>(ReadOnlySpan<SmoothedJumps> operands, TF f) where TF : struct, IJumpMapMany => default;

    /// <inheritdoc/>
    public static bool All2<TP>(in SmoothedJumps x, in SmoothedJumps y, ref TP predicate) where TP : struct, IJumpPredicate2 => true;
}
