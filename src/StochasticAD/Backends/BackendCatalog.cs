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
    /// <summary>Every backend, default first.</summary>
    public static IReadOnlyList<Backend> All { get; } =
    [
        Backend.Of<PrunedJumps>(), Backend.Of<PrunedKJumps<TwoEvents>>(), Backend.Of<PrunedKJumps<FourEvents>>(), Backend.Of<PrunedJumps<ByWins>>(),
        Backend.Of<PrunedJumps<Aggressive>>(), Backend.Of<ExactJumps>(), Backend.Of<SmoothedJumps>(),
    ];

    /// <summary>The short names, default first.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(b => b.Name)];

    /// <summary>The default backend's name.</summary>
    public static string Default => Backend.Default.Name;

    /// <summary>Whether <paramref name="name"/> names a backend (exactly, as in <see cref="Names"/>).</summary>
    public static bool Contains(string name) => Names.Contains(name);

    /// <summary>The backend named <paramref name="name"/> (exactly, as in <see cref="Names"/>), or null.</summary>
    /// <param name="name">A short name, e.g. <c>exact</c>.</param>
    public static Backend? Find(string name) => All.FirstOrDefault(b => b.Name == name);

    /// <summary>The backend named <paramref name="name"/> (exactly, as in <see cref="Names"/>).</summary>
    /// <param name="name">A short name, e.g. <c>exact</c>.</param>
    /// <exception cref="ArgumentException">No backend has that name.</exception>
    public static Backend Parse(string name) =>
        Find(name) ?? throw new ArgumentException($"Unknown backend '{name}'; the backends are: {string.Join(", ", Names)}.", nameof(name));

    /// <summary>Calls <paramref name="visitor"/> with the backend named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No backend has that name.</exception>
    public static TResult Accept<TResult>(string name, IBackendVisitor<TResult> visitor) => Parse(name).Accept(visitor);
}
