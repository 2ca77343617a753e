namespace StochasticAD;

/// <summary>
/// Thrown when a comparison, predicate or branch of a stochastic triple has a different outcome
/// on the path of one of its jumps than on the primal path.
/// </summary>
/// <remarks>
/// A <c>bool</c> cannot carry a jump, so the derivative of the program after such a branch
/// would silently be wrong. Instead of returning a bool that is only right on the primal path,
/// the library refuses. Rewrite the branch arithmetically (e.g. <c>b * x + (1 - b) * y</c> for
/// a 0/1 value <c>b</c>, or <c>T.Max</c>, <c>T.Min</c>, <c>T.Clamp</c>), index an array by the
/// random value, or use a draw from the library's distributions instead of comparing a uniform
/// with a probability.
/// </remarks>
public sealed class PredicateDependsOnJumpException : InvalidOperationException
{
    /// <summary>Creates the exception for the named predicate, its primal outcome and the operands on both paths.</summary>
    /// <param name="predicate">The predicate, e.g. <c>&lt;</c> or <c>IsZero</c>.</param>
    /// <param name="primalOutcome">Its outcome on the primal path.</param>
    /// <param name="primalOperands">The operands' primal values, as text.</param>
    /// <param name="alternativeOperands">The operands' values on the jump's path, as text.</param>
    public PredicateDependsOnJumpException(string predicate, bool primalOutcome, string primalOperands, string alternativeOperands)
        : base(
            $"The outcome of '{predicate}' depends on a jump: it is {primalOutcome} for the primal operands ({primalOperands}) " +
            $"but {!primalOutcome} for the alternative operands ({alternativeOperands}). A bool cannot carry a jump, so the " +
            "derivative after this branch would be wrong. Use Branch.If(condition, () => a, () => b), express the choice " +
            "arithmetically (b * x + (1 - b) * y for a 0/1 value b, T.Max, T.Min, T.Clamp), index an array by the random value, or draw from one of the library's " +
            "distributions instead of comparing a uniform number with a probability.")
    {
        Predicate = predicate;
    }

    /// <summary>Creates the exception with a message.</summary>
    public PredicateDependsOnJumpException(string message) : base(message) => Predicate = "";

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public PredicateDependsOnJumpException(string message, Exception innerException) : base(message, innerException) => Predicate = "";

    /// <summary>Creates the exception with the default message.</summary>
    public PredicateDependsOnJumpException() : base("The outcome of a predicate depends on a jump.") => Predicate = "";

    /// <summary>The predicate whose outcome flips, e.g. <c>&lt;</c> or <c>IsZero</c>.</summary>
    public string Predicate { get; }
}

/// <summary>Thrown when triples of two different differentiation runs are combined.</summary>
public sealed class MixedRunException : InvalidOperationException
{
    /// <summary>Creates the exception for the two runs involved.</summary>
    public MixedRunException(DifferentiationRun first, DifferentiationRun second)
        : base(BetweenMessage(first?.ToString() ?? "no run", second?.ToString() ?? "no run"))
    {
    }

    private const string Advice =
        "A triple is only meaningful inside the call that created its parameters: do not keep triples in fields " +
        "or closures across calls to Derivative.*; keep their Value or Derivative (plain doubles) instead.";

    /// <summary>The exception for two runs named <paramref name="first"/> and <paramref name="second"/> (as the run registry names them).</summary>
    internal static MixedRunException Between(string first, string second) => new(BetweenMessage(first, second));

    /// <summary>The exception for a triple of a run that has finished, used on its own.</summary>
    internal static MixedRunException Finished(string run) =>
        new($"A stochastic triple of {run} was used after that differentiation run ended (its call to Derivative.* returned, " +
            "or the run object was reused). " + Advice);

    private static string BetweenMessage(string first, string second) =>
        $"Stochastic triples of two different differentiation runs ({first} and {second}) were combined. " + Advice;

    /// <summary>Creates the exception with a message.</summary>
    public MixedRunException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public MixedRunException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with the default message.</summary>
    public MixedRunException() : base("Stochastic triples of two different differentiation runs were combined.")
    {
    }
}

/// <summary>
/// Thrown by <see cref="StochasticTriple{TJumps}.GetHashCode"/> for a triple that carries a jump:
/// as a dictionary key or set element it would be compared by its whole representation (value,
/// dual part, jumps, run), not by its value, so lookups would silently miss.
/// </summary>
public sealed class TripleWithJumpAsKeyException : InvalidOperationException
{
    /// <summary>Creates the exception for the triple, given as text.</summary>
    /// <param name="triple">The triple's text (<c>x + δε + (Δ with probability wε)</c>).</param>
    /// <param name="detail">Distinguishes this constructor from the one taking a message; its value is ignored.</param>
    internal TripleWithJumpAsKeyException(string triple, bool detail)
        : base(
            $"The triple {triple} carries a jump and cannot be hashed (used as a dictionary key or set element): " +
            "hashing and Equals compare the whole representation, not the value, so lookups would silently miss. " +
            "Key by the value (triple.Value) or by the integer of a draw instead.")
    {
        _ = detail;
    }

    /// <summary>Creates the exception with a message.</summary>
    public TripleWithJumpAsKeyException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public TripleWithJumpAsKeyException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with the default message.</summary>
    public TripleWithJumpAsKeyException() : base("A triple that carries a jump cannot be hashed; key by its value instead.")
    {
    }
}
