using StochasticAD.Models;

namespace StochasticAD.Benchmarks;

/// <summary>The models the benchmarks run, with the sizes they run at (one place for both the timings and the summary).</summary>
public static class BenchModels
{
    /// <summary>The seed of every benchmark and estimate: sample (or invocation) i uses stream (Seed, i).</summary>
    public const long Seed = 20240601;

    /// <summary>The model names, in report order.</summary>
    /// <remarks>
    /// <c>random-walk-p200</c> is the random walk at p = 2n = 200, the setting of the paper's and the
    /// Julia package's variance figures (the catalog default is p = 50).
    /// </remarks>
    public static IReadOnlyList<string> Names { get; } = ["random-walk", RandomWalkPaper, "game-of-life", "particle-filter", "sir", "crazy"];

    /// <summary>The random walk at the paper's setting p = 2n.</summary>
    public const string RandomWalkPaper = "random-walk-p200";

    /// <summary>The settings each model runs with; the rest take their catalog defaults.</summary>
    public static IReadOnlyDictionary<string, double> Settings(string name) => name switch
    {
        "random-walk" or RandomWalkPaper => new Dictionary<string, double> { ["steps"] = 100 },
        "game-of-life" => new Dictionary<string, double> { ["half-width"] = 12, ["steps"] = 10 }, // a 25×25 board, 10 steps
        _ => new Dictionary<string, double>(),
    };

    /// <summary>
    /// Samples per estimator in the summary's efficiency study: enough for a per-sample standard
    /// deviation good to a few percent, and few enough on the costly models to keep the whole
    /// summary within about ten minutes on two cores. <c>--quick</c> takes a tenth.
    /// </summary>
    public static long EfficiencySamples(string name, bool quick)
    {
        long samples = name switch
        {
            "game-of-life" => 4_000,
            "particle-filter" => 1_000,
            _ => 20_000,
        };
        return quick ? samples / 10 : samples;
    }

    /// <summary>Builds the model <paramref name="name"/> at its benchmark settings.</summary>
    public static StochasticModel Create(string name) => ModelCatalog.Create(name == RandomWalkPaper ? "random-walk" : name, Settings(name));

    /// <summary>The parameter p the model <paramref name="name"/> (built as <paramref name="model"/>) runs at: its default, except p = 200 for <see cref="RandomWalkPaper"/>.</summary>
    public static double P(string name, StochasticModel model) => name == RandomWalkPaper ? 200 : model.DefaultP;
}
