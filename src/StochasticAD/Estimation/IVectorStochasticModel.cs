using System.Numerics;
using StochasticAD.Random;

namespace StochasticAD;

/// <summary>
/// A stochastic program X(p) of a vector of parameters p = (p₁, …, p_d), written once over the
/// number type, for the gradient and directional estimates of <see cref="Estimator"/>
/// (<see cref="Estimator.Gradient"/>, <see cref="Estimator.Directional"/>).
/// </summary>
/// <remarks>
/// The parameters come as a span so that the <c>double</c> runs need no copy; copy them to an
/// array (<c>p.ToArray()</c>) if a lambda inside the model must capture them. As for
/// <see cref="IStochasticModel"/>, all randomness must come from the generator passed to
/// <see cref="Run{T}(ReadOnlySpan{T}, StochasticRandom)"/>, and <c>T</c> carries the same model
/// constraint (implement the method explicitly to inherit it).
/// </remarks>
public interface IVectorStochasticModel
{
    /// <summary>A short name of the model (used in reports).</summary>
    string Name { get; }

    /// <summary>The number of parameters d; <see cref="Run{T}"/> is always given exactly this many.</summary>
    int Dimension { get; }

    /// <summary>One run of the program at parameters <paramref name="p"/>.</summary>
    /// <typeparam name="T">The number type: <c>double</c> or a stochastic triple.</typeparam>
    /// <param name="p">The parameters (length <see cref="Dimension"/>).</param>
    /// <param name="rng">The generator of this run.</param>
    /// <returns>The program's output X(p).</returns>
    T Run<T>(ReadOnlySpan<T> p, StochasticRandom rng)
        where T : INumber<T>, ISignedNumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IPowerFunctions<T>, IRootFunctions<T>,
            ITrigonometricFunctions<T>, IHyperbolicFunctions<T>;
}
