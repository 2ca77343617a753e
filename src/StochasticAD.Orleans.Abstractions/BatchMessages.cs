namespace StochasticAD.Orleans;

/// <summary>
/// What every batch of one job runs: the model (by catalog name and settings), the parameter, the
/// estimator and the options that decide sample i's value. Sample i always runs on stream (Seed, i).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record JobSpec
{
    /// <summary>The model's name in the silo's model registry (built-in catalog or a user assembly).</summary>
    [Id(0)] public required string Model { get; init; }

    /// <summary>The model's settings other than p (missing ones take their defaults).</summary>
    [Id(1)] public IReadOnlyDictionary<string, double> Settings { get; init; } = new Dictionary<string, double>();

    /// <summary>The parameter p.</summary>
    [Id(2)] public double P { get; init; }

    /// <summary>What a sample estimates: "value" for E[X(p)], or an estimator's short name (triple, score, score-cv, fd).</summary>
    [Id(3)] public required string Estimator { get; init; }

    /// <summary>The seed.</summary>
    [Id(4)] public long Seed { get; init; }

    /// <summary>The triple estimator's backend by short name.</summary>
    [Id(5)] public required string Backend { get; init; }

    /// <summary>The jump strategy's name (a <c>JumpStrategy</c> member).</summary>
    [Id(6)] public string Strategy { get; init; } = "Default";

    /// <summary>The finite difference step, or null for the default.</summary>
    [Id(7)] public double? FiniteDifferenceStep { get; init; }

    /// <summary>The baseline b of score-cv (estimated beforehand by a "value" job on the baseline seed).</summary>
    [Id(8)] public double Baseline { get; init; }

    /// <summary>Samples per block: the unit of accumulation, merged in index order.</summary>
    [Id(9)] public int BlockSize { get; init; } = 256;

    /// <summary>The wire version of the client (<see cref="ClusterProtocol.Version"/>); a silo refuses another.</summary>
    [Id(10)] public int ProtocolVersion { get; init; } = ClusterProtocol.Version;

    /// <summary>The parameters of a vector model (then <see cref="P"/> and <see cref="Settings"/> are unused); null for a scalar model.</summary>
    [Id(11)] public IReadOnlyList<double>? Parameters { get; init; }

    /// <summary>A vector model's direction of the directional derivative; null for E[X(p)] or the gradient.</summary>
    [Id(12)] public IReadOnlyList<double>? Direction { get; init; }

    /// <summary>Whether a vector model's sample is the whole gradient (one value per parameter, all on stream (Seed, i)).</summary>
    [Id(13)] public bool Gradient { get; init; }

    /// <summary>The gradient's chunk of parameters per pass (<c>EstimationOptions.GradientChunk</c>: 0 automatic, −1 one run per parameter).</summary>
    [Id(14)] public int GradientChunk { get; init; }

    /// <summary>
    /// Numbers per sample: for a gradient its d components and the d(d − 1)/2 pair sums that give the
    /// covariance (as the local engine samples them), else 1.
    /// </summary>
    public int Dimension => Gradient && Parameters is { } p ? p.Count + (p.Count * (p.Count - 1) / 2) : 1;

    /// <summary>The leading components a target standard error applies to: a gradient's d components, else all.</summary>
    public int TargetComponents => Gradient && Parameters is { } p ? p.Count : Dimension;
}

/// <summary>A batch: samples [Start, Start + Count) of a job, accumulated in blocks of the job's block size from Start.</summary>
[GenerateSerializer, Immutable]
public sealed record BatchRequest
{
    /// <summary>The job.</summary>
    [Id(0)] public required JobSpec Job { get; init; }

    /// <summary>The first sample index (a block boundary of the job's round).</summary>
    [Id(1)] public long Start { get; init; }

    /// <summary>The number of samples.</summary>
    [Id(2)] public long Count { get; init; }
}

/// <summary>
/// The partial sums of a batch, per block in index order and within a block per component
/// (entry b·<see cref="JobSpec.Dimension"/> + k): count, mean and sum of squared deviations (Welford).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record BatchResult
{
    /// <summary>Samples per block.</summary>
    [Id(0)] public required long[] Counts { get; init; }

    /// <summary>The mean of each block.</summary>
    [Id(1)] public required double[] Means { get; init; }

    /// <summary>The sum of squared deviations from the mean of each block.</summary>
    [Id(2)] public required double[] SquaredDeviations { get; init; }

    /// <summary>The silo that ran the batch (for logs and tests).</summary>
    [Id(3)] public string Silo { get; init; } = "";
}

/// <summary>What a silo offers: its wire version, its models and its worker threads.</summary>
[GenerateSerializer, Immutable]
public sealed record SiloDescription
{
    /// <summary>The silo's wire version (<see cref="ClusterProtocol.Version"/>).</summary>
    [Id(0)] public int ProtocolVersion { get; init; }

    /// <summary>The silo's StochasticAD version, for messages.</summary>
    [Id(1)] public string LibraryVersion { get; init; } = "";

    /// <summary>The names of the models the silo can run.</summary>
    [Id(2)] public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary>The threads one batch runs on.</summary>
    [Id(3)] public int Threads { get; init; }

    /// <summary>The silo's address.</summary>
    [Id(4)] public string Silo { get; init; } = "";

    /// <summary>Batches the worker is running now (a cancelled one counts until its threads have stopped).</summary>
    [Id(5)] public int RunningBatches { get; init; }
}

/// <summary>The version of the messages between client and silos.</summary>
public static class ClusterProtocol
{
    /// <summary>
    /// Raised whenever a message, the meaning of a field or the way a sample is computed changes, so
    /// that a client and a silo of different builds refuse each other instead of mixing results.
    /// </summary>
    public const int Version = 2;
}
