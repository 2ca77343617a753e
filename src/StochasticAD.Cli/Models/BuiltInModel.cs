using System.Numerics;
using StochasticAD.Random;

namespace StochasticAD.Cli.Models;

/// <summary>A model the CLI knows by name, with its parameter range and, where known, exact values.</summary>
public abstract class BuiltInModel : IStochasticModel
{
    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <summary>One line describing the model.</summary>
    public abstract string Description { get; }

    /// <summary>The default parameter.</summary>
    public abstract double DefaultP { get; }

    /// <summary>Whether <paramref name="p"/> is a valid parameter (as text for messages: <see cref="Range"/>).</summary>
    public abstract bool IsValid(double p);

    /// <summary>The valid range, for messages.</summary>
    public abstract string Range { get; }

    /// <summary>The exact dE[X(p)]/dp, or null when unknown.</summary>
    public abstract double? ExactDerivative(double p);

    /// <summary>The exact E[X(p)], or null when unknown.</summary>
    public abstract double? ExactMean(double p);

    /// <inheritdoc/>
    public abstract T Run<T>(T p, StochasticRandom rng)
        where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IPowerFunctions<T>, IRootFunctions<T>;
}

/// <summary>The built-in models by name.</summary>
public static class ModelCatalog
{
    /// <summary>The names of the built-in models.</summary>
    public static IReadOnlyList<string> Names { get; } = ["random-walk", "crazy"];

    /// <summary>The model called <paramref name="name"/>, or null; <paramref name="steps"/> sets the random walk's n.</summary>
    public static BuiltInModel? Find(string name, int? steps = null) => name.ToUpperInvariant() switch
    {
        "RANDOM-WALK" => new RandomWalkModel(steps ?? RandomWalkModel.DefaultSteps),
        "CRAZY" => new CrazyModel(),
        _ => null,
    };
}
