namespace StochasticAD.Models;

/// <summary>A built-in model of several parameters, as the command line's <c>gradient</c> command lists it.</summary>
/// <param name="Name">The name on the command line.</param>
/// <param name="Summary">One line on what it computes.</param>
/// <param name="Create">Makes the model.</param>
/// <param name="DefaultP">The default parameters.</param>
/// <param name="ParameterNames">The parameters' names.</param>
/// <param name="ExactGradient">The exact gradient at p, when known.</param>
public sealed record VectorModelEntry(
    string Name, string Summary, Func<IVectorStochasticModel> Create, Func<double[]> DefaultP, Func<string[]> ParameterNames,
    Func<double[], double[]>? ExactGradient);

/// <summary>The built-in models of several parameters (their gradients run in one pass per chunk, method §13).</summary>
public static class VectorModelCatalog
{
    private static readonly AgeGroupSirModel s_sir = new();
    private static readonly ParticleFilterPhiModel s_filter = new();

    private static readonly VectorModelEntry[] s_entries =
    [
        new(s_sir.Name, "age-structured SIR, 10 age groups of 100, one transmission rate per group; output: people ever infected",
            () => s_sir, s_sir.DefaultP, s_sir.ParameterNames, null),
        new(s_filter.Name, "bootstrap particle filter (T = 20, m = 1000) of a 2-D linear Gaussian model; p = Φ's 4 entries; output L̂ (Kalman exact)",
            () => s_filter, s_filter.DefaultP, ParticleFilterPhiModel.ParameterNames, p => s_filter.ExactGradient(p)),
    ];

    /// <summary>Every entry.</summary>
    public static IReadOnlyList<VectorModelEntry> Entries => s_entries;

    /// <summary>The names.</summary>
    public static IReadOnlyList<string> Names { get; } = Array.ConvertAll(s_entries, e => e.Name);

    /// <summary>The entry named <paramref name="name"/> (case-insensitive), or null.</summary>
    public static VectorModelEntry? Find(string name) =>
        Array.Find(s_entries, e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
}
