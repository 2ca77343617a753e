using System.Diagnostics;
using StochasticAD.Models;

namespace StochasticAD.Benchmarks.Reporting;

/// <summary>One estimator of the study: its name, how <see cref="Estimator"/> runs it, and the benchmark that times one of its samples.</summary>
/// <param name="Name">The name in the report.</param>
/// <param name="Kind">The estimator.</param>
/// <param name="Backend">The triple's backend (ignored by the other estimators).</param>
/// <param name="Benchmark">The <see cref="ModelBenchmarks"/> method whose time is one sample's.</param>
/// <param name="Biased">Whether the estimator is biased in general (its efficiency is then only shown when the bias is not detected).</param>
internal sealed record EstimatorSpec(string Name, EstimatorKind Kind, string Backend, string Benchmark, bool Biased = false)
{
    /// <summary>The estimators, in report order; score-cv is the reference of the efficiencies.</summary>
    public static IReadOnlyList<EstimatorSpec> All { get; } =
    [
        new("triple pruned", EstimatorKind.Triple, "pruned", nameof(ModelBenchmarks.Pruned)),
        new("triple pruned-2", EstimatorKind.Triple, "pruned-2", nameof(ModelBenchmarks.PrunedTwo)),
        new("triple pruned-4", EstimatorKind.Triple, "pruned-4", nameof(ModelBenchmarks.PrunedFour)),
        new("triple exact", EstimatorKind.Triple, "exact", nameof(ModelBenchmarks.Exact)),
        new("triple aggressive", EstimatorKind.Triple, "aggressive", nameof(ModelBenchmarks.Aggressive)),
        new("triple smoothed", EstimatorKind.Triple, "smoothed", nameof(ModelBenchmarks.Smoothed), Biased: true),
        new("score", EstimatorKind.Score, "pruned", nameof(ModelBenchmarks.Score)),
        new(ScoreCv, EstimatorKind.ScoreControlVariate, "pruned", nameof(ModelBenchmarks.Score)),
        new("fd-crn", EstimatorKind.FiniteDifference, "pruned", nameof(ModelBenchmarks.FiniteDifference)),
    ];

    /// <summary>The name of the reference estimator of the efficiencies.</summary>
    public const string ScoreCv = "score-cv";
}

/// <summary>One estimator's result on one model.</summary>
/// <param name="Spec">The estimator.</param>
/// <param name="Result">Mean, standard error and per-sample standard deviation from <see cref="Estimator.Derivative"/>.</param>
/// <param name="Time">The benchmark time of one sample; null when its benchmark failed.</param>
/// <param name="Error">Why the estimator could not run on the model (then <paramref name="Result"/> is null).</param>
internal sealed record EstimatorRow(EstimatorSpec Spec, EstimationResult? Result, Timing? Time, string? Error = null)
{
    /// <summary>1 / (variance × seconds per sample): samples needed for an error bar, times their cost, inverted.</summary>
    public double Efficiency => Time is { } t && Result is { } r ? 1 / (r.StandardDeviation * r.StandardDeviation * t.MeanNs * 1e-9) : double.NaN;

    /// <summary>(mean − reference) / combined standard error, or NaN without a reference.</summary>
    public double Z(ReferenceValue? reference) => reference is { } r && Result is { } e
        ? (e.Mean - r.Value) / Math.Sqrt((e.StandardError * e.StandardError) + (r.StandardError * r.StandardError))
        : double.NaN;
}

/// <summary>Every estimator of <see cref="EstimatorSpec.All"/> on one model, at a fixed seed and sample count.</summary>
/// <param name="Model">The model's name.</param>
/// <param name="Description">The model's description.</param>
/// <param name="P">The parameter (the model's default).</param>
/// <param name="Samples">Samples per estimator.</param>
/// <param name="Reference">The reference derivative, if the model has one.</param>
/// <param name="Rows">One per estimator.</param>
/// <param name="Elapsed">The wall time of the study.</param>
internal sealed record ModelStudy(
    string Model, string Description, double P, long Samples, ReferenceValue? Reference, IReadOnlyList<EstimatorRow> Rows, TimeSpan Elapsed)
{
    /// <summary>The row of the estimator called <paramref name="name"/>.</summary>
    public EstimatorRow Row(string name) => Rows.First(r => r.Spec.Name == name);

    /// <summary>Runs the study for <paramref name="name"/>; times come from <paramref name="timings"/> (the <see cref="ModelBenchmarks"/>).</summary>
    public static ModelStudy Run(string name, TimingSet timings, bool quick)
    {
        var timer = Stopwatch.StartNew();
        StochasticModel model = BenchModels.Create(name);
        double p = BenchModels.P(name, model);
        long samples = BenchModels.EfficiencySamples(name, quick);
        var rows = new List<EstimatorRow>();
        foreach (EstimatorSpec spec in EstimatorSpec.All)
        {
            var options = new EstimationOptions { Seed = BenchModels.Seed, Samples = samples, Backend = StochasticAD.Backends.BackendCatalog.Parse(spec.Backend) };
            Timing? time = timings.Get(spec.Benchmark, name);
            try
            {
                rows.Add(new EstimatorRow(spec, Estimator.Derivative(model, p, spec.Kind, options), time));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A backend that cannot run the model (e.g. smoothed, where a draw's dual part reaches an index) is reported, not fatal.
                rows.Add(new EstimatorRow(spec, null, time, $"{ex.GetType().Name}: {ex.Message}"));
            }
        }

        return new ModelStudy(name, model.Description, p, samples, model.ReferenceDerivative(p), rows, timer.Elapsed);
    }
}
