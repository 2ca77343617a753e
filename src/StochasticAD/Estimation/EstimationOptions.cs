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

    /// <summary>The backend of the triple estimator, by short name (see <see cref="Backends.BackendCatalog"/>). Default "pruned".</summary>
    public string Backend { get; init; } = Backends.BackendCatalog.Default;

    /// <summary>How the triple estimator's draws form new jumps. Default: the backend's choice.</summary>
    public JumpStrategy Strategy { get; init; } = JumpStrategy.Default;

    /// <summary>Checks the options; throws <see cref="ArgumentOutOfRangeException"/> for an invalid one.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Samples, nameof(Samples));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BlockSize, nameof(BlockSize));
        ArgumentOutOfRangeException.ThrowIfNegative(MinSamples, nameof(MinSamples));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxSamples, nameof(MaxSamples));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BaselineSamples, nameof(BaselineSamples));
        if (TargetStandardError is double target && !(target > 0 && double.IsFinite(target)))
        {
            throw new ArgumentOutOfRangeException(nameof(TargetStandardError), target, "The target standard error must be finite and > 0.");
        }

        if (!Backends.BackendCatalog.Contains(Backend))
        {
            throw new ArgumentOutOfRangeException(
                nameof(Backend), Backend, $"Unknown backend '{Backend}'; the backends are: {string.Join(", ", Backends.BackendCatalog.Names)}.");
        }

        if (FiniteDifferenceStep is double h && !(h > 0 && double.IsFinite(h)))
        {
            throw new ArgumentOutOfRangeException(nameof(FiniteDifferenceStep), h, "The finite difference step must be finite and > 0.");
        }
    }
}
