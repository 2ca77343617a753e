using System.Globalization;
using StochasticAD.Models;

namespace StochasticAD.Orleans;

/// <summary>Checks a job and builds its per-sample function from the engine's own samplers.</summary>
internal static class JobSampler
{
    /// <summary>The per-sample function of <paramref name="job"/>; a typed error when the job is invalid.</summary>
    /// <exception cref="ClusterVersionMismatchException">The job's wire version is not this silo's.</exception>
    /// <exception cref="UnknownModelException">The registry has no such model.</exception>
    /// <exception cref="InvalidJobException">A setting, p, the estimator or an option is invalid.</exception>
    public static VectorSample Create(JobSpec job, ModelRegistry models)
    {
        if (job.ProtocolVersion != ClusterProtocol.Version)
        {
            throw new ClusterVersionMismatchException(
                $"The client speaks cluster protocol version {job.ProtocolVersion} but this silo speaks version {ClusterProtocol.Version}; run the same StochasticAD version on both.");
        }

        ModelEntry entry = models.Find(job.Model)
            ?? throw new UnknownModelException($"The silo does not know the model '{job.Model}'. Its models: {string.Join(", ", models.Names)}.");
        StochasticModel model;
        EstimationOptions options;
        try
        {
            model = ModelCatalog.Create(entry, job.Settings);
            options = Options(job);
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new InvalidJobException(ex.Message);
        }

        Check(model, job.P, "p");
        if (string.Equals(job.Estimator, "value", StringComparison.OrdinalIgnoreCase))
        {
            Func<long, double> value = Estimator.ValueSampler(model, job.P, job.Seed);
            return (i, into) => into[0] = value(i);
        }

        if (!Estimator.TryParse(job.Estimator, out EstimatorKind kind))
        {
            throw new InvalidJobException($"Unknown estimator '{job.Estimator}': use triple, score, score-cv, fd or value.");
        }

        if (kind == EstimatorKind.FiniteDifference)
        {
            double h = job.FiniteDifferenceStep ?? (0.01 * Math.Max(1, Math.Abs(job.P)));
            Check(model, job.P - h, "p - h");
            Check(model, job.P + h, "p + h");
        }

        Func<long, double> derivative = Estimator.DerivativeSampler(model, job.P, kind, options, job.Baseline);
        return (i, into) => into[0] = derivative(i);
    }

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
            Backend = job.Backend,
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
