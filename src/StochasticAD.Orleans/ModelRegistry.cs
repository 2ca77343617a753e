using System.Reflection;
using StochasticAD.Models;

namespace StochasticAD.Orleans;

/// <summary>
/// Supplies models to a silo from a user assembly: a public non-abstract class with a public
/// parameterless constructor, found by the silo host when it loads the assembly (<c>stochad silo --models</c>).
/// </summary>
public interface IModelEntryProvider
{
    /// <summary>The models, with their settings and how to build them.</summary>
    IEnumerable<ModelEntry> Entries { get; }
}

/// <summary>A model of several parameters that a silo can run, by name.</summary>
/// <param name="Name">The model's name.</param>
/// <param name="Create">Builds the model.</param>
public sealed record VectorModelEntry(string Name, Func<IVectorStochasticModel> Create);

/// <summary>
/// The models a silo can run, by name: the built-in <see cref="ModelCatalog"/> and the models of
/// user assemblies — every <see cref="IModelEntryProvider"/>, every public <see cref="StochasticModel"/>
/// subclass with a public parameterless constructor (a model without settings), and every public
/// <see cref="IVectorStochasticModel"/> with a public parameterless constructor (a model of several parameters).
/// </summary>
public sealed class ModelRegistry
{
    private readonly Dictionary<string, ModelEntry> _entries = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, VectorModelEntry> _vectorEntries = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A registry of the built-in catalog and the given extra entries.</summary>
    /// <param name="extra">More models; a name already taken is an error.</param>
    /// <param name="vectorModels">Models of several parameters.</param>
    /// <exception cref="ArgumentException">Two models share a name.</exception>
    public ModelRegistry(IEnumerable<ModelEntry>? extra = null, IEnumerable<VectorModelEntry>? vectorModels = null)
    {
        foreach (ModelEntry entry in ModelCatalog.Entries.Concat(extra ?? []))
        {
            if (!_entries.TryAdd(entry.Name, entry))
            {
                throw new ArgumentException($"Two models are called '{entry.Name}'.", nameof(extra));
            }
        }

        foreach (VectorModelEntry entry in vectorModels ?? [])
        {
            if (_entries.ContainsKey(entry.Name) || !_vectorEntries.TryAdd(entry.Name, entry))
            {
                throw new ArgumentException($"Two models are called '{entry.Name}'.", nameof(vectorModels));
            }
        }
    }

    /// <summary>The names of the models (of one parameter and of several), sorted.</summary>
    public IReadOnlyList<string> Names => [.. _entries.Keys.Concat(_vectorEntries.Keys).Order(StringComparer.Ordinal)];

    /// <summary>The entry of the one-parameter model called <paramref name="name"/> (case-insensitive), or null.</summary>
    public ModelEntry? Find(string name) => _entries.GetValueOrDefault(name);

    /// <summary>The entry of the model of several parameters called <paramref name="name"/> (case-insensitive), or null.</summary>
    public VectorModelEntry? FindVector(string name) => _vectorEntries.GetValueOrDefault(name);

    /// <summary>A registry of the catalog and the models of the assemblies at <paramref name="assemblyPaths"/>.</summary>
    /// <exception cref="FileNotFoundException">An assembly is missing.</exception>
    /// <exception cref="ArgumentException">An assembly holds no model, or two models share a name.</exception>
    public static ModelRegistry FromAssemblies(IEnumerable<string> assemblyPaths)
    {
        var extra = new List<ModelEntry>();
        var vectors = new List<VectorModelEntry>();
        foreach (string path in assemblyPaths)
        {
            string full = Path.GetFullPath(path);
            if (!File.Exists(full))
            {
                throw new FileNotFoundException($"The model assembly '{path}' does not exist.", full);
            }

            Assembly assembly = System.Runtime.Loader.AssemblyLoadContext.Default.LoadFromAssemblyPath(full);
            int before = extra.Count + vectors.Count;
            extra.AddRange(EntriesOf(assembly));
            vectors.AddRange(VectorEntriesOf(assembly));
            if (extra.Count + vectors.Count == before)
            {
                throw new ArgumentException(
                    $"The assembly '{path}' has no public {nameof(IModelEntryProvider)}, {nameof(StochasticModel)} or {nameof(IVectorStochasticModel)} with a parameterless constructor.",
                    nameof(assemblyPaths));
            }
        }

        return new ModelRegistry(extra, vectors);
    }

    /// <summary>The models of several parameters an assembly offers: its public <see cref="IVectorStochasticModel"/> classes with a parameterless constructor.</summary>
    public static IEnumerable<VectorModelEntry> VectorEntriesOf(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        foreach (Type type in Constructible(assembly).Where(typeof(IVectorStochasticModel).IsAssignableFrom))
        {
            var model = (IVectorStochasticModel)Activator.CreateInstance(type)!;
            yield return new VectorModelEntry(model.Name, () => (IVectorStochasticModel)Activator.CreateInstance(type)!);
        }
    }

    private static IEnumerable<Type> Constructible(Assembly assembly) =>
        assembly.GetExportedTypes().Where(t => t is { IsAbstract: false, IsClass: true } && t.GetConstructor(Type.EmptyTypes) is not null);

    /// <summary>The models an assembly offers (see <see cref="ModelRegistry"/>).</summary>
    public static IEnumerable<ModelEntry> EntriesOf(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        foreach (Type type in Constructible(assembly))
        {
            if (typeof(IModelEntryProvider).IsAssignableFrom(type))
            {
                foreach (ModelEntry entry in ((IModelEntryProvider)Activator.CreateInstance(type)!).Entries)
                {
                    yield return entry;
                }
            }
            else if (typeof(StochasticModel).IsAssignableFrom(type))
            {
                var model = (StochasticModel)Activator.CreateInstance(type)!;
                yield return new ModelEntry(model.Name, model.Description, [], _ => (StochasticModel)Activator.CreateInstance(type)!);
            }
        }
    }
}
