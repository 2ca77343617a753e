namespace StochasticAD.Optimization;

/// <summary>Whether <see cref="Optimizer"/> minimises or maximises the program's mean.</summary>
public enum OptimizationGoal
{
    /// <summary>Minimise E[X(θ)]: step against the gradient.</summary>
    Minimize,

    /// <summary>Maximise E[X(θ)]: step along the gradient (the rule is given −gradient).</summary>
    Maximize,
}

/// <summary>How <see cref="Optimizer"/> runs: steps, batch, seed, goal, projection.</summary>
public sealed record OptimizationOptions
{
    /// <summary>The number of steps. Default 1 000.</summary>
    public int Steps { get; init; } = 1_000;

    /// <summary>The number k of derivative estimates averaged into each step's gradient estimate. Default 1.</summary>
    public int BatchSize { get; init; } = 1;

    /// <summary>
    /// The seed: sample j of step t runs on <see cref="Random.StochasticRandom.ForStream(long, long)"/>(Seed, t·BatchSize + j),
    /// so a seed gives the same trace every time.
    /// </summary>
    public long Seed { get; init; }

    /// <summary>Minimise (default) or maximise.</summary>
    public OptimizationGoal Goal { get; init; } = OptimizationGoal.Minimize;

    /// <summary>
    /// Whether each step also records an estimate of the objective E[X(θ)]: the mean of the primal
    /// outputs of the step's runs (free: they are the runs the gradient came from). Default false.
    /// </summary>
    public bool RecordObjective { get; init; }

    /// <summary>
    /// Applied to the parameters (in place) after every step, e.g. <see cref="Optimizer.Clamp(double, double)"/>
    /// to keep a probability inside (0, 1). Null (default) for none.
    /// </summary>
    public Action<double[]>? Projection { get; init; }

    /// <summary>
    /// The backend of the triples: <c>Backend.Of&lt;ExactJumps&gt;()</c> (the type argument
    /// <see cref="Derivative"/> takes), or by short name <c>BackendCatalog.Parse("exact")</c>.
    /// Default <see cref="Backends.PrunedJumps"/>.
    /// </summary>
    public Backends.Backend Backend { get; init; } = Backends.Backend.Default;

    /// <summary>Checks the options; throws <see cref="ArgumentOutOfRangeException"/> naming the invalid one and its value.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Steps, nameof(Steps));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchSize, nameof(BatchSize));
        if (!Enum.IsDefined(Goal))
        {
            throw new ArgumentOutOfRangeException(nameof(Goal), Goal, $"Unknown goal {Goal}.");
        }

        if (Backend is null)
        {
            throw new ArgumentOutOfRangeException(
                nameof(Backend), Backend, $"{nameof(Backend)} must be set, e.g. Backend.Of<PrunedJumps>() or BackendCatalog.Parse(\"exact\"); the backends are: {string.Join(", ", Backends.BackendCatalog.Names)}.");
        }
    }
}
