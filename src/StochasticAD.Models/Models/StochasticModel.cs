using System.Numerics;
using StochasticAD.Random;

namespace StochasticAD.Models;

/// <summary>
/// A built-in model: a stochastic program of one scalar parameter p, written once over the
/// number type, with its valid range and — where known — exact or reference values of E[X(p)]
/// and dE[X(p)]/dp. Registered by name in <see cref="ModelCatalog"/>.
/// </summary>
public abstract class StochasticModel : IStochasticModel, IParameterRange
{
    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <summary>One line describing the model.</summary>
    public abstract string Description { get; }

    /// <summary>The default parameter.</summary>
    public abstract double DefaultP { get; }

    /// <inheritdoc/>
    public abstract bool IsValid(double p);

    /// <inheritdoc/>
    public abstract string Range { get; }

    /// <summary>The exact dE[X(p)]/dp, or null when no exact value is known.</summary>
    /// <param name="p">The parameter.</param>
    /// <param name="cancellationToken">Stops a long computation (large models) with <see cref="OperationCanceledException"/>.</param>
    public virtual double? ExactDerivative(double p, CancellationToken cancellationToken = default) => null;

    /// <summary>The exact E[X(p)], or null when no exact value is known.</summary>
    /// <param name="p">The parameter.</param>
    /// <param name="cancellationToken">Stops a long computation (large models) with <see cref="OperationCanceledException"/>.</param>
    public virtual double? ExactMean(double p, CancellationToken cancellationToken = default) => null;

    /// <summary>
    /// The value to compare derivative estimates with: the exact derivative where there is one,
    /// otherwise a reference estimate with its standard error (e.g. finite differences with
    /// common random numbers over many samples), or null.
    /// </summary>
    /// <param name="p">The parameter.</param>
    /// <param name="cancellationToken">Stops a long computation (large models, sampled references) with <see cref="OperationCanceledException"/>.</param>
    public virtual ReferenceValue? ReferenceDerivative(double p, CancellationToken cancellationToken = default) =>
        ExactDerivative(p, cancellationToken) is double d ? new ReferenceValue(d, 0, "exact") : null;

    /// <inheritdoc/>
    public abstract T Run<T>(T p, StochasticRandom rng)
        where T : INumber<T>, ISignedNumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IPowerFunctions<T>, IRootFunctions<T>,
            ITrigonometricFunctions<T>, IHyperbolicFunctions<T>;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming p and its value unless <see cref="IsValid"/>.</summary>
    protected void CheckParameter(double p)
    {
        if (!IsValid(p))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"p = {p} is out of range for {Name}: {Range}."));
        }
    }
}

/// <summary>A value to compare estimates with.</summary>
/// <param name="Value">The value.</param>
/// <param name="StandardError">Its standard error; 0 for an exact value.</param>
/// <param name="Source">How it was obtained, e.g. "exact" or "fd-crn 10⁶ samples".</param>
public readonly record struct ReferenceValue(double Value, double StandardError, string Source);
