namespace StochasticAD;

/// <summary>How many samples an estimate takes and how it runs; see <see cref="Estimator"/>.</summary>
public sealed record EstimationOptions
{
    /// <summary>The seed: sample i uses <see cref="Random.StochasticRandom.ForStream(long, long)"/>(Seed, i).</summary>
    public long Seed { get; init; }

    /// <summary>A fixed number of samples. Ignored when <see cref="TargetStandardError"/> is set. Default 10 000.</summary>
    public long Samples { get; init; } = 10_000;

    /// <summary>When set, sample until the standard error is at most this (or <see cref="MaxSamples"/> is reached).</summary>
    public double? TargetStandardError { get; init; }

    /// <summary>The least number of samples before the target standard error is checked. Default 1 000.</summary>
    public long MinSamples { get; init; } = 1_000;

    /// <summary>The cap on the number of samples when a target standard error is set. Default 10 000 000.</summary>
    public long MaxSamples { get; init; } = 10_000_000;

    /// <summary>Threads to use; 0 or less means one per core. The result does not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; }

    /// <summary>
    /// Samples per block: each block's statistics are accumulated in index order and blocks
    /// are combined in index order, so the result does not depend on the thread count. Default 256.
    /// </summary>
    public int BlockSize { get; init; } = 256;

    /// <summary>The step h of <see cref="EstimatorKind.FiniteDifference"/>; default 0.01·max(1, |p|).</summary>
    public double? FiniteDifferenceStep { get; init; }

    /// <summary>The size of the separate batch that estimates the baseline b of <see cref="EstimatorKind.ScoreControlVariate"/>. Default 1 000.</summary>
    public long BaselineSamples { get; init; } = 1_000;

    /// <summary>
    /// The backend of the triple estimator: <c>Backend.Of&lt;ExactJumps&gt;()</c> (the type argument
    /// <see cref="Derivative"/> takes), or by short name <c>BackendCatalog.Parse("exact")</c>.
    /// Default <see cref="Backends.PrunedJumps"/>.
    /// </summary>
    public Backends.Backend Backend { get; init; } = Backends.Backend.Default;

    /// <summary>How the triple estimator's draws form new jumps. Default: the backend's choice.</summary>
    public JumpStrategy Strategy { get; init; } = JumpStrategy.Default;

    /// <summary>
    /// How many parameters one run of <see cref="Estimator.Gradient"/> differentiates with the triple estimator
    /// (<see cref="GradientTriple{TJumps, TPartials}"/>, method §13): 1, 2, 4, 8 or 16; more parameters run chunk by
    /// chunk. 0: the smallest of these that holds every parameter (16 for more than 16). −1 (default): one scalar
    /// run per parameter.
    /// </summary>
    /// <remarks>
    /// One pass is opt-in because its per-component variance depends on the model: with one event kept per
    /// triple, the K components compete for it. Measured (docs/gradients.md): on the particle filter's 4 entries
    /// the variance per component is unchanged at 0.69× the cost of 4 runs; on the age-group SIR model with 4
    /// groups the cost is 0.37× but the per-component variance 5.8× (median), so separate runs are more efficient.
    /// </remarks>
    public int GradientChunk { get; init; } = -1;

    /// <summary>The chunk sizes <see cref="GradientChunk"/> accepts besides 0 and −1.</summary>
    internal static readonly int[] ChunkSizes = [1, 2, 4, 8, 16];

    /// <summary>The chunk <see cref="GradientChunk"/> chooses for <paramref name="dimension"/> parameters (−1 for separate runs).</summary>
    internal int ChunkFor(int dimension) =>
        GradientChunk != 0 ? GradientChunk : Array.Find(ChunkSizes, k => k >= dimension) is int k and > 0 ? k : 16;

    /// <summary>
    /// The largest sample count any option accepts (2⁵³): counts stay exact as doubles in the
    /// running statistics. Far beyond anything that finishes; larger counts are a mistake.
    /// </summary>
    public const long SampleCountLimit = 1L << 53;

    /// <summary>Checks the options; throws <see cref="ArgumentOutOfRangeException"/> naming the option and its value for an invalid one.</summary>
    public void Validate()
    {
        CheckCount(Samples, nameof(Samples), 1);
        CheckCount(MinSamples, nameof(MinSamples), 0);
        CheckCount(MaxSamples, nameof(MaxSamples), 1);
        CheckCount(BaselineSamples, nameof(BaselineSamples), 1);
        if (BlockSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(BlockSize), BlockSize, Invariant($"{nameof(BlockSize)} must be > 0, but is {BlockSize}."));
        }

        if (TargetStandardError is double target && !(target > 0 && double.IsFinite(target)))
        {
            throw new ArgumentOutOfRangeException(
                nameof(TargetStandardError), target, Invariant($"{nameof(TargetStandardError)} must be finite and > 0, but is {target}."));
        }

        if (!Enum.IsDefined(Strategy))
        {
            throw new ArgumentOutOfRangeException(
                nameof(Strategy), Strategy, $"{nameof(Strategy)} must be one of {string.Join(", ", Enum.GetNames<JumpStrategy>())}, but is {(int)Strategy}.");
        }

        if (Backend is null)
        {
            throw new ArgumentOutOfRangeException(
                nameof(Backend), Backend, $"{nameof(Backend)} must be set, e.g. Backend.Of<PrunedJumps>() or BackendCatalog.Parse(\"exact\"); the backends are: {string.Join(", ", Backends.BackendCatalog.Names)}.");
        }

        if (GradientChunk is not (0 or -1) && Array.IndexOf(ChunkSizes, GradientChunk) < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(GradientChunk), GradientChunk, Invariant($"{nameof(GradientChunk)} must be 0 (automatic), -1 (one run per parameter), 1, 2, 4, 8 or 16, but is {GradientChunk}."));
        }

        if (FiniteDifferenceStep is double h && !(h > 0 && double.IsFinite(h)))
        {
            throw new ArgumentOutOfRangeException(
                nameof(FiniteDifferenceStep), h, Invariant($"{nameof(FiniteDifferenceStep)} (the finite difference step) must be finite and > 0, but is {h}."));
        }
    }

    private static void CheckCount(long value, string name, long least)
    {
        if (value < least || value > SampleCountLimit)
        {
            throw new ArgumentOutOfRangeException(name, value, Invariant($"{name} must be in [{least}, 2^53], but is {value}."));
        }
    }

    private static string Invariant(FormattableString s) => s.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
