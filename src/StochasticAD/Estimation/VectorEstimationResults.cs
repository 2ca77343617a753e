namespace StochasticAD;

/// <summary>A Monte Carlo estimate of the gradient of E[X(p)] by <see cref="Estimator.Gradient"/>.</summary>
/// <param name="Model">The model's name.</param>
/// <param name="Estimator">The estimator's short name (triple, score, score-cv, fd).</param>
/// <param name="Backend">What the samples ran on (as in <see cref="EstimationResult.Backend"/>).</param>
/// <param name="P">The parameters.</param>
/// <param name="Mean">Per component k: the sample mean of the estimates of ∂E[X]/∂p_k.</param>
/// <param name="StandardError">Per component: the standard error of the mean.</param>
/// <param name="StandardDeviation">Per component: the per-sample standard deviation.</param>
/// <param name="Samples">The number of samples (each sample estimates every component).</param>
/// <param name="Elapsed">The wall-clock time of the whole estimate.</param>
/// <param name="Partial">True when the estimate was cancelled and holds only the samples done by then.</param>
public sealed record GradientResult(
    string Model,
    string Estimator,
    string Backend,
    IReadOnlyList<double> P,
    IReadOnlyList<double> Mean,
    IReadOnlyList<double> StandardError,
    IReadOnlyList<double> StandardDeviation,
    long Samples,
    TimeSpan Elapsed,
    bool Partial)
{
    /// <summary>
    /// The covariance matrix of the mean gradient (row-major, Dimension × Dimension): the per-sample
    /// covariance of the components divided by the sample count; its diagonal is StandardError².
    /// Null when not computed.
    /// </summary>
    public IReadOnlyList<double>? Covariance { get; init; }

    /// <summary>Parameters differentiated per run (the chunk of the one-pass gradient); −1 for one scalar run per parameter.</summary>
    public int Chunk { get; init; } = -1;

    /// <summary>The covariance of components <paramref name="j"/> and <paramref name="k"/> of the mean gradient (NaN when not computed).</summary>
    public double CovarianceOf(int j, int k) => Covariance is { } c ? c[(j * Mean.Count) + k] : double.NaN;

    /// <summary>Wall-clock seconds per sample (a sample runs the model once per component).</summary>
    public double SecondsPerSample => Samples == 0 ? double.NaN : Elapsed.TotalSeconds / Samples;
}

/// <summary>
/// A Monte Carlo estimate of a scalar quantity of a vector model: E[X(p)] (<see cref="Estimator.Mean(IVectorStochasticModel, double[], EstimationOptions?, IProgress{EstimationProgress}?, CancellationToken)"/>,
/// <see cref="Direction"/> null) or the directional derivative d/dt E[X(p + t·direction)] at t = 0 (<see cref="Estimator.Directional"/>).
/// </summary>
/// <param name="Model">The model's name.</param>
/// <param name="Estimator">The estimator's short name, or "value" for E[X(p)].</param>
/// <param name="Backend">What the samples ran on (as in <see cref="EstimationResult.Backend"/>).</param>
/// <param name="P">The parameters.</param>
/// <param name="Direction">The direction, or null for E[X(p)].</param>
/// <param name="Mean">The sample mean.</param>
/// <param name="StandardError">The standard error of the mean.</param>
/// <param name="StandardDeviation">The per-sample standard deviation.</param>
/// <param name="Samples">The number of samples used.</param>
/// <param name="Elapsed">The wall-clock time of the whole estimate.</param>
/// <param name="Partial">True when the estimate was cancelled and holds only the samples done by then.</param>
public sealed record VectorEstimationResult(
    string Model,
    string Estimator,
    string Backend,
    IReadOnlyList<double> P,
    IReadOnlyList<double>? Direction,
    double Mean,
    double StandardError,
    double StandardDeviation,
    long Samples,
    TimeSpan Elapsed,
    bool Partial)
{
    /// <summary>Wall-clock seconds per sample.</summary>
    public double SecondsPerSample => Samples == 0 ? double.NaN : Elapsed.TotalSeconds / Samples;
}
