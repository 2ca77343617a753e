using System.Globalization;

namespace StochasticAD.Models;

/// <summary>A size or setting of a model other than p (e.g. the number of steps), with its default and range.</summary>
/// <param name="Name">The setting's name, as the command line's <c>--set name=value</c> takes it.</param>
/// <param name="Default">The default value.</param>
/// <param name="Minimum">The smallest valid value.</param>
/// <param name="Maximum">The largest valid value.</param>
/// <param name="IsInteger">Whether only whole numbers are valid.</param>
/// <param name="Description">What it sets.</param>
public sealed record ModelSetting(string Name, double Default, double Minimum, double Maximum, bool IsInteger, string Description)
{
    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the setting and the value if it is not valid.</summary>
    public void Check(double value)
    {
        if (!(value >= Minimum && value <= Maximum) || (IsInteger && Math.Floor(value) != value))
        {
            string kind = IsInteger ? "a whole number" : "a number";
            throw new ArgumentOutOfRangeException(
                Name, value, string.Create(CultureInfo.InvariantCulture, $"The setting {Name} must be {kind} in [{Minimum}, {Maximum}], but is {value}."));
        }
    }
}

/// <summary>A registered model: its name, summary, settings and how to build it from settings.</summary>
/// <param name="Name">The model's name.</param>
/// <param name="Summary">One line describing it.</param>
/// <param name="Settings">Its settings other than p.</param>
/// <param name="Create">Builds the model from validated settings (every setting present).</param>
public sealed record ModelEntry(string Name, string Summary, IReadOnlyList<ModelSetting> Settings, Func<IReadOnlyDictionary<string, double>, StochasticModel> Create);

/// <summary>The built-in models by name: what <c>stochad list</c> shows and every command accepts.</summary>
public static class ModelCatalog
{
    private static readonly ModelEntry[] s_entries =
    [
        new("random-walk", "X0 = 0, n steps of ±1, P(+1 | X) = exp(-X/p); output X² (method §10)",
            [new("steps", RandomWalkModel.DefaultSteps, 0, 100_000, true, "number of steps n")],
            s => new RandomWalkModel((int)s["steps"])),
        new("sir", "agent-based SIR epidemic: N agents, I0 infected, T steps, uniform contacts; output: agents ever infected; p = β (or γ with wrt=1)",
            [new("agents", SirModel.DefaultAgents, 1, 100_000, true, "population size N"), new("infected", SirModel.DefaultInfected, 0, 100_000, true, "initially infected I0 (at most N)"), new("steps", SirModel.DefaultSteps, 0, 10_000, true, "number of steps T"), new("beta", SirModel.DefaultBeta, 0, 1, false, "infection probability β (p's default when wrt=0, fixed when wrt=1)"), new("gamma", SirModel.DefaultGamma, 0, 1, false, "recovery probability γ (p's default when wrt=1, fixed when wrt=0)"), new("wrt", 0, 0, 1, true, "which rate p is: 0 = β, 1 = γ")],
            s => new SirModel((int)s["agents"], (int)s["infected"], (int)s["steps"], s["beta"], s["gamma"], s["wrt"] == 1)),
        new("crazy", "a = p(1-p); b ~ Binomial(10, p); c = 2b + 3 Bernoulli(p); X = a c Normal(b, a)", [], _ => new CrazyModel()),
        new("game-of-life", "stochastic Game of Life (Julia tutorial): (2N+1)² board, alive at start w.p. p, T steps, rule flipped w.p. theta; output live cells", [new("half-width", GameOfLifeModel.DefaultHalfWidth, 0, 200, true, "board half-width N (side 2N+1)"), new("steps", GameOfLifeModel.DefaultSteps, 0, 10_000, true, "number of steps T"), new("theta", GameOfLifeModel.DefaultTheta, 0, 1, false, "probability theta that a cell does the opposite of the rule")], s => new GameOfLifeModel((int)s["half-width"], (int)s["steps"], s["theta"])),
        new("particle-filter", "2-D linear Gaussian model, Φ = p·(seeded rotation); bootstrap particle filter; output the likelihood estimate (Kalman exact)", [new("T", ParticleFilterModel.DefaultSteps, 1, 1000, true, "number of observations T"), new("m", ParticleFilterModel.DefaultParticles, 1, 1_000_000, true, "number of particles m"), new("log", 0, 0, 1, true, "1: output log L̂ (biased at finite m) instead of L̂"), new("stop-gradient", 0, 0, 1, true, "1: biased stop-gradient resampling instead of NewWeight")], s => new ParticleFilterModel((int)s["T"], (int)s["m"], s["log"] == 1, s["stop-gradient"] == 1 ? Filtering.ResamplingGradient.StopGradient : Filtering.ResamplingGradient.NewWeight)),
        new("kl-poisson-negbin", "i ~ Poisson(λ = p); X = log Pois(i; λ) - log NB(i; 10, 0.25); E[X] = KL divergence", [], _ => new KlPoissonNegBinModel()),
    ];

    /// <summary>The registered models.</summary>
    public static IReadOnlyList<ModelEntry> Entries => s_entries;

    /// <summary>The names of the registered models.</summary>
    public static IReadOnlyList<string> Names { get; } = Array.ConvertAll(s_entries, e => e.Name);

    /// <summary>The entry called <paramref name="name"/> (case-insensitive), or null.</summary>
    public static ModelEntry? Find(string name) =>
        Array.Find(s_entries, e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Builds the model <paramref name="name"/> with <paramref name="settings"/> (missing ones take their defaults).</summary>
    /// <exception cref="ArgumentException">Unknown model or unknown setting.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of its range.</exception>
    public static StochasticModel Create(string name, IReadOnlyDictionary<string, double>? settings = null)
    {
        ModelEntry entry = Find(name)
            ?? throw new ArgumentException($"Unknown model '{name}'. Known models: {string.Join(", ", Names)}.", nameof(name));
        return Create(entry, settings);
    }

    /// <summary>Builds the model of <paramref name="entry"/> (a catalog entry or a user's) with <paramref name="settings"/> (missing ones take their defaults).</summary>
    /// <exception cref="ArgumentException">Unknown setting.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of its range.</exception>
    public static StochasticModel Create(ModelEntry entry, IReadOnlyDictionary<string, double>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var values = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (ModelSetting s in entry.Settings)
        {
            values[s.Name] = s.Default;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, double>())
        {
            ModelSetting setting = entry.Settings.FirstOrDefault(s => string.Equals(s.Name, key, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException(
                    $"The model {entry.Name} has no setting '{key}'" +
                    (entry.Settings.Count == 0 ? "." : $"; its settings are: {string.Join(", ", entry.Settings.Select(s => s.Name))}."),
                    nameof(settings));
            setting.Check(value);
            values[setting.Name] = value;
        }

        return entry.Create(values);
    }
}
