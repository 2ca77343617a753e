namespace StochasticAD;

/// <summary>The result of a Monte Carlo estimate by <see cref="Estimator"/>.</summary>
/// <param name="Model">The model's name.</param>
/// <param name="Estimator">What was estimated: an <see cref="EstimatorKind"/> name, or "value" for E[X(p)].</param>
/// <param name="Backend">What the samples ran on: the triple backend's short name, or "double" (values, finite differences) or "score" (score function runs).</param>
/// <param name="P">The parameter.</param>
/// <param name="Mean">The sample mean.</param>
/// <param name="StandardError">The standard error of the mean (per-sample deviation / √samples).</param>
/// <param name="StandardDeviation">The per-sample standard deviation.</param>
/// <param name="Samples">The number of samples used.</param>
/// <param name="Elapsed">The wall-clock time of the whole estimate.</param>
/// <param name="Partial">True when the estimate was cancelled and holds only the samples done by then.</param>
public sealed record EstimationResult(
    string Model,
    string Estimator,
    string Backend,
    double P,
    double Mean,
    double StandardError,
    double StandardDeviation,
    long Samples,
    TimeSpan Elapsed,
    bool Partial)
{
    /// <summary>
    /// True when a target standard error was set (<see cref="EstimationOptions.TargetStandardError"/>)
    /// and the sampler stopped at <see cref="EstimationOptions.MaxSamples"/> without reaching it.
    /// </summary>
    public bool TargetMissed { get; init; }

    /// <summary>The normal quantile of a two-sided 95% interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>The lower end of the 95% confidence interval.</summary>
    public double Lower95 => Mean - (Z95 * StandardError);

    /// <summary>The upper end of the 95% confidence interval.</summary>
    public double Upper95 => Mean + (Z95 * StandardError);

    /// <summary>Wall-clock seconds per sample.</summary>
    public double SecondsPerSample => Samples == 0 ? double.NaN : Elapsed.TotalSeconds / Samples;

    /// <summary>The efficiency 1 / (variance × seconds per sample): higher is better at equal work.</summary>
    public double Efficiency => 1 / (StandardDeviation * StandardDeviation * SecondsPerSample);
}

/// <summary>Progress of an estimate.</summary>
/// <param name="Completed">Samples done so far.</param>
/// <param name="Planned">Samples planned so far (grows while a target standard error is not met).</param>
public readonly record struct EstimationProgress(long Completed, long Planned);
