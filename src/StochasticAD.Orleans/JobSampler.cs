using StochasticAD.Backends;
using System.Globalization;
using StochasticAD.Models;

namespace StochasticAD.Orleans;

/// <summary>Checks a job and builds its per-sample function from the engine's own samplers.</summary>
internal static class JobSampler
{
    /// <summary>The per-sample function of <paramref name="job"/> (<see cref="JobSpec.Dimension"/> numbers per sample); a typed error when the job is invalid.</summary>
    /// <param name="job">The job.</param>
    /// <param name="models">The silo's models.</param>
    /// <param name="cancellationToken">Set on every sample's generator, so that cancelling a batch stops inside a long sample, not only between samples.</param>
    /// <exception cref="ClusterVersionMismatchException">The job's wire version is not this silo's.</exception>
    /// <exception cref="UnknownModelException">The registry has no such model.</exception>
    /// <exception cref="InvalidJobException">A setting, p, the estimator or an option is invalid.</exception>
    public static VectorSample Create(JobSpec job, ModelRegistry models, CancellationToken cancellationToken)
    {
        if (job.ProtocolVersion != ClusterProtocol.Version)
        {
            throw new ClusterVersionMismatchException(
                $"The client speaks cluster protocol version {job.ProtocolVersion} but this silo speaks version {ClusterProtocol.Version}; run the same StochasticAD version on both.");
        }

        if (job.Parameters is not null || models.FindVector(job.Model) is not null)
        {
            return CreateVector(job, models, cancellationToken);
        }

        ModelEntry entry = models.Find(job.Model)
            ?? throw new UnknownModelException($"The silo does not know the model '{job.Model}'. Its models: {string.Join(", ", models.Names)}.");
        if (job.Gradient || job.Direction is not null)
        {
            throw new InvalidJobException($"The model {entry.Name} has one parameter: a gradient or a direction needs a model of several parameters.");
        }

        StochasticModel model;
        try
        {
            model = ModelCatalog.Create(entry, job.Settings);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidJobException(ex.Message);
        }

        EstimationOptions options = ValidOptions(job);

        Check(model, job.P, "p");
        if (string.Equals(job.Estimator, "value", StringComparison.OrdinalIgnoreCase))
        {
            Func<long, double> value = Estimator.ValueSampler(model, job.P, job.Seed, cancellationToken);
            return (i, into) => into[0] = value(i);
        }

        EstimatorKind kind = Kind(job);

        if (kind == EstimatorKind.FiniteDifference)
        {
            double h = Estimator.FiniteDifferenceStep(options, job.P); // the step the sampler below uses
            Check(model, job.P - h, "p - h");
            Check(model, job.P + h, "p + h");
        }

        Func<long, double> derivative = Estimator.DerivativeSampler(model, job.P, kind, options, job.Baseline, cancellationToken);
        return (i, into) => into[0] = derivative(i);
    }

    /// <summary>The per-sample function of a job on a model of several parameters: E[X(p)], a directional derivative or the gradient.</summary>
    private static VectorSample CreateVector(JobSpec job, ModelRegistry models, CancellationToken cancellationToken)
    {
        VectorModelEntry entry = models.FindVector(job.Model)
            ?? throw new InvalidJobException($"The model {job.Model} has one parameter: give p, not a parameter vector.");
        IVectorStochasticModel model = entry.Create();
        if (job.Parameters is not { } parameters)
        {
            throw new InvalidJobException($"The model {entry.Name} has {model.Dimension} parameters: give them as a vector.");
        }

        if (job.Settings.Count > 0)
        {
            throw new InvalidJobException($"The model {entry.Name} has no settings, but got: {string.Join(", ", job.Settings.Keys)}.");
        }

        double[] p = CheckVector(model, parameters, "p");
        EstimationOptions options = ValidOptions(job);
        bool value = string.Equals(job.Estimator, "value", StringComparison.OrdinalIgnoreCase);
        if (value)
        {
            return job.Gradient || job.Direction is not null
                ? throw new InvalidJobException("The estimator 'value' estimates E[X(p)]: it takes no gradient and no direction.")
                : Estimator.VectorValueSampler(model, p, job.Seed, cancellationToken);
        }

        if (job.Gradient)
        {
            // The local engine's own gradient sample (one pass per chunk for the triple, pair sums for the covariance).
            return job.Direction is null
                ? Estimator.GradientWithPairSums(model, p, Kind(job), options, job.Baseline, cancellationToken, out _)
                : throw new InvalidJobException("A gradient takes no direction.");
        }

        DirectionalSample one = Estimator.VectorDerivativeSampler(model, p, Kind(job), options, job.Baseline, cancellationToken);

        double[] direction = job.Direction is { } d
            ? CheckVector(model, d, "direction")
            : throw new InvalidJobException($"A derivative of the model {entry.Name} of several parameters needs a direction or the gradient.");
        return (i, into) => into[0] = one(i, direction);
    }

    private static double[] CheckVector(IVectorStochasticModel model, IReadOnlyList<double> values, string name)
    {
        if (values.Count != model.Dimension)
        {
            throw new InvalidJobException($"{name} has {values.Count} entries but the model {model.Name} has {model.Dimension} parameters.");
        }

        for (int k = 0; k < values.Count; k++)
        {
            if (!double.IsFinite(values[k]))
            {
                throw new InvalidJobException(string.Create(CultureInfo.InvariantCulture, $"{name}[{k}] must be finite, but is {values[k]}."));
            }
        }

        return [.. values];
    }

    private static EstimationOptions ValidOptions(JobSpec job)
    {
        try
        {
            EstimationOptions options = Options(job);
            options.Validate();
            return options;
        }
        catch (ArgumentException ex)
        {
            throw new InvalidJobException(ex.Message);
        }
    }

    private static EstimatorKind Kind(JobSpec job) =>
        Estimator.TryParse(job.Estimator, out EstimatorKind kind)
            ? kind
            : throw new InvalidJobException($"Unknown estimator '{job.Estimator}': use triple, score, score-cv, fd or value.");

    /// <summary>The engine options that decide a sample's value.</summary>
    public static EstimationOptions Options(JobSpec job)
    {
        if (!Enum.TryParse(job.Strategy, ignoreCase: true, out JumpStrategy strategy) || !Enum.IsDefined(strategy))
        {
            throw new ArgumentOutOfRangeException(nameof(job), job.Strategy, $"Unknown jump strategy '{job.Strategy}'.");
        }

        return new EstimationOptions
        {
            Seed = job.Seed,
            Backend = BackendCatalog.Parse(job.Backend),
            GradientChunk = job.GradientChunk,
            Strategy = strategy,
            FiniteDifferenceStep = job.FiniteDifferenceStep,
            BlockSize = job.BlockSize,
        };
    }

    private static void Check(StochasticModel model, double p, string name)
    {
        if (!double.IsFinite(p) || !model.IsValid(p))
        {
            throw new InvalidJobException(string.Create(CultureInfo.InvariantCulture, $"{name} = {p} is out of range for {model.Name}: {model.Range}."));
        }
    }
}
