using System.Numerics;
using StochasticAD.Random;

namespace StochasticAD;

/// <summary>
/// A stochastic program X(p) of one scalar parameter, written once over the number type, for
/// the estimation engine (<see cref="Estimator"/>). The engine runs it with <c>double</c> for
/// values and finite differences and with <see cref="StochasticTriple{TJumps}"/> for the
/// triple and score function estimators.
/// </summary>
/// <remarks>
/// C# cannot pass a generic method as a delegate, hence an interface with a generic method.
/// All randomness must come from the generator passed to <see cref="Run{T}(T, StochasticRandom)"/>
/// (its <c>rng</c> argument), through its distribution methods, so that a seed reproduces a run and the derivative sees
/// every discrete draw.
/// <para>
/// The constraint on <c>T</c> is the model constraint: <c>INumber</c>, <c>ISignedNumber</c> and
/// every function interface a stochastic triple implements (as <c>double</c> does), so a model may call <c>T.Sin</c>, <c>T.Exp</c>,
/// <c>T.Sqrt</c>, …. Implement the method explicitly,
/// <c>T IStochasticModel.Run&lt;T&gt;(T p, StochasticRandom rng)</c>, and it inherits the constraint
/// without restating it; a generic helper of your own copies the clause (the article "Writing
/// models" has it).
/// </para>
/// </remarks>
public interface IStochasticModel
{
    /// <summary>A short name of the model (used in reports).</summary>
    string Name { get; }

    /// <summary>One run of the program at parameter <paramref name="p"/>.</summary>
    /// <typeparam name="T">The number type: <c>double</c> or a stochastic triple.</typeparam>
    /// <param name="p">The parameter.</param>
    /// <param name="rng">The generator of this run.</param>
    /// <returns>The program's output X(p).</returns>
    T Run<T>(T p, StochasticRandom rng)
        where T : INumber<T>, ISignedNumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IPowerFunctions<T>, IRootFunctions<T>,
            ITrigonometricFunctions<T>, IHyperbolicFunctions<T>;
}
