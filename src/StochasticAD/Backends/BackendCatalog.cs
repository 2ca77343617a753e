namespace StochasticAD.Backends;

/// <summary>Something to do with a backend chosen by name at run time (a backend is a type argument).</summary>
/// <typeparam name="TResult">What the visit returns.</typeparam>
public interface IBackendVisitor<out TResult>
{
    /// <summary>Called with the backend's type.</summary>
    TResult Visit<TJumps>() where TJumps : struct, IJumps<TJumps>;
}

/// <summary>The backends by their short names (<c>pruned</c>, <c>pruned-2</c>, <c>pruned-4</c>, <c>pruned-wins</c>, <c>aggressive</c>, <c>exact</c>, <c>smoothed</c>), for command lines and configuration.</summary>
public static class BackendCatalog
{
    /// <summary>The short names, default first.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [PrunedJumps.Name, PrunedKJumps<TwoEvents>.Name, PrunedKJumps<FourEvents>.Name, PrunedWinsJumps.Name, AggressiveJumps.Name, ExactJumps.Name, SmoothedJumps.Name];

    /// <summary>The default backend's name.</summary>
    public static string Default => PrunedJumps.Name;

    /// <summary>Whether <paramref name="name"/> names a backend.</summary>
    public static bool Contains(string name) => Names.Contains(name);

    /// <summary>Calls <paramref name="visitor"/> with the backend named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No backend has that name.</exception>
    public static TResult Accept<TResult>(string name, IBackendVisitor<TResult> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return name switch
        {
            "pruned" => visitor.Visit<PrunedJumps>(),
            "pruned-2" => visitor.Visit<PrunedKJumps<TwoEvents>>(),
            "pruned-4" => visitor.Visit<PrunedKJumps<FourEvents>>(),
            "pruned-wins" => visitor.Visit<PrunedWinsJumps>(),
            "aggressive" => visitor.Visit<AggressiveJumps>(),
            "exact" => visitor.Visit<ExactJumps>(),
            "smoothed" => visitor.Visit<SmoothedJumps>(),
            _ => throw new ArgumentException($"Unknown backend '{name}'; the backends are: {string.Join(", ", Names)}.", nameof(name)),
        };
    }
}
