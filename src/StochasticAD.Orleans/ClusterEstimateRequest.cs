namespace StochasticAD.Orleans;

/// <summary>An estimate to run on a cluster: what <c>stochad estimate</c> asks for, with the model by name.</summary>
public sealed record ClusterEstimateRequest
{
    /// <summary>The model's name in the silos' model registry.</summary>
    public required string Model { get; init; }

    /// <summary>The model's settings other than p (missing ones take their defaults).</summary>
    public IReadOnlyDictionary<string, double> Settings { get; init; } = new Dictionary<string, double>();

    /// <summary>The parameter p.</summary>
    public double P { get; init; }

    /// <summary>"value" for E[X(p)], or an estimator's short name: triple, score, score-cv, fd.</summary>
    public string Estimator { get; init; } = "triple";

    /// <summary>
    /// Samples or target standard error, seed, block size, backend, strategy, step, baseline batch — as for
    /// the local <see cref="StochasticAD.Estimator"/>. <see cref="EstimationOptions.MaxDegreeOfParallelism"/>
    /// is ignored: each silo uses its own threads.
    /// </summary>
    public EstimationOptions Options { get; init; } = new();
}

/// <summary>An estimate of a model of several parameters to run on a cluster: E[X(p)], a directional derivative or the gradient.</summary>
public sealed record ClusterVectorRequest
{
    /// <summary>The model's name in the silos' model registry (a user's <see cref="IVectorStochasticModel"/>).</summary>
    public required string Model { get; init; }

    /// <summary>The parameters p.</summary>
    public required IReadOnlyList<double> Parameters { get; init; }

    /// <summary>The direction of a directional derivative; null for E[X(p)] and for the gradient.</summary>
    public IReadOnlyList<double>? Direction { get; init; }

    /// <summary>"value" for E[X(p)], or an estimator's short name: triple, score, score-cv, fd.</summary>
    public string Estimator { get; init; } = "triple";

    /// <summary>As for <see cref="ClusterEstimateRequest.Options"/>.</summary>
    public EstimationOptions Options { get; init; } = new();
}

/// <summary>How the coordinator cuts and dispatches batches; none of it changes the result.</summary>
public sealed record ClusterEstimatorOptions
{
    /// <summary>The wall time a batch should take once the speed is known; shorter batches re-dispatch less after a failure. Default 0.5 s.</summary>
    public TimeSpan TargetBatchDuration { get; init; } = TimeSpan.FromSeconds(0.5);

    /// <summary>Batches sent to a silo before the previous one returns, so it never waits for the round trip. Default 2.</summary>
    public int BatchesInFlightPerSilo { get; init; } = 2;

    /// <summary>How often one batch may fail on dying silos before the job gives up. Default 5.</summary>
    public int MaxAttemptsPerBatch { get; init; } = 5;

    /// <summary>How long to wait for a silo to join when none is left alive. Default 10 s.</summary>
    public TimeSpan NoSiloGracePeriod { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>What the last cluster estimate did (for logs and tests).</summary>
/// <param name="Batches">Batches that returned results.</param>
/// <param name="Redispatched">Batches sent again after their silo failed.</param>
/// <param name="Silos">The silos that returned results.</param>
public sealed record ClusterRunStatistics(int Batches, int Redispatched, IReadOnlyList<string> Silos);
