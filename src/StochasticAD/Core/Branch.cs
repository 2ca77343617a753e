using System.Numerics;
using System.Runtime.CompilerServices;
using StochasticAD.Backends;

namespace StochasticAD;

/// <summary>
/// if/else on a random value, for model code generic over T: with <c>double</c> a plain if;
/// with stochastic triples the derivative includes the events that flip the condition.
/// </summary>
/// <remarks>
/// <para>
/// A comparison of triples returns a <c>bool</c> and throws when a jump flips it (method §9).
/// <see cref="If{T}(T, Func{double, bool}, Func{T}, Func{T})"/> instead evaluates the arm the
/// primal condition selects, and also the other arm when (and only when) some jump of the
/// condition flips it. The result is the primal arm's triple, except that under a flipping
/// event its alternative value is the other arm's value plus that arm's own jump under the same
/// event (condition and arms are coupled event by event). So a branch on a discrete draw keeps
/// an unbiased derivative.
/// </para>
/// <para>
/// The arms must be side-effect-free and must not draw random numbers: draw before the branch
/// and use the values in the arms. With triples a draw inside an arm throws
/// <see cref="DrawInBranchArmException"/>. The other arm runs only when a jump flips the condition, that
/// is on some runs and not others; a draw inside it would consume generator numbers only then,
/// so every later draw (and the primal path itself) would depend on the derivative bookkeeping
/// and no longer match the same program run with <c>double</c> and the same seed; a mutation
/// inside it would change the state the primal path goes on with, though the primal path never
/// took that arm.
/// </para>
/// <para>
/// The condition should be discrete (a draw or a function of draws). A condition that changes
/// continuously with the parameter (a non-zero dual part) crosses its threshold on a set of
/// probability zero whose contribution to the derivative (a boundary term) neither dual numbers
/// nor triples can express; that term is missing from the estimate.
/// </para>
/// </remarks>
public static class Branch
{
    /// <summary>whenTrue() if <paramref name="condition"/> is non-zero, else whenFalse(); with triples, differentiable through the condition's jumps.</summary>
    /// <typeparam name="T">The number type of the model (<c>double</c>, or a stochastic triple).</typeparam>
    /// <param name="condition">The condition: non-zero means true (e.g. a Bernoulli draw).</param>
    /// <param name="whenTrue">The arm for a true condition; side-effect-free, no draws (see <see cref="Branch"/>).</param>
    /// <param name="whenFalse">The arm for a false condition; side-effect-free, no draws.</param>
    /// <returns>The selected arm's value; for triples with the flipping events' jumps to the other arm.</returns>
    public static T If<T>(T condition, Func<T> whenTrue, Func<T> whenFalse) where T : INumber<T> =>
        If(condition, static v => v != 0, whenTrue, whenFalse);

    /// <summary>whenTrue() if <paramref name="predicate"/> holds for <paramref name="x"/>, else whenFalse(); with triples, differentiable through x's jumps.</summary>
    /// <typeparam name="T">The number type of the model (<c>double</c>, or a stochastic triple).</typeparam>
    /// <param name="x">The value the condition is about (e.g. a count drawn from a binomial).</param>
    /// <param name="predicate">The condition on x's value; deterministic (it is asked of the primal value and of the value on each jump's path).</param>
    /// <param name="whenTrue">The arm for a true condition; side-effect-free, no draws (see <see cref="Branch"/>).</param>
    /// <param name="whenFalse">The arm for a false condition; side-effect-free, no draws.</param>
    /// <returns>The selected arm's value; for triples with the flipping events' jumps to the other arm.</returns>
    public static T If<T>(T x, Func<double, bool> predicate, Func<T> whenTrue, Func<T> whenFalse) where T : INumber<T>
    {
        ArgumentNullException.ThrowIfNull(predicate);
        ArgumentNullException.ThrowIfNull(whenTrue);
        ArgumentNullException.ThrowIfNull(whenFalse);
        if (typeof(T) == typeof(double))
        {
            return predicate(Random.StochasticRandom.AsDouble(x)) ? whenTrue() : whenFalse();
        }

        return BranchRules<T>.Instance.If(x, predicate, whenTrue, whenFalse);
    }
}

/// <summary>The branch for one number type: triples through <see cref="TripleBranch{TJumps}"/>, other types a plain if through double.</summary>
internal abstract class BranchRules<T> where T : INumber<T>
{
    public static readonly BranchRules<T> Instance = NumberTypeRules.For<T, BranchRules<T>>(typeof(TripleBranch<>), () => new PlainBranch<T>());

    public abstract T If(T x, Func<double, bool> predicate, Func<T> whenTrue, Func<T> whenFalse);
}

internal sealed class PlainBranch<T> : BranchRules<T> where T : INumber<T>
{
    public override T If(T x, Func<double, bool> predicate, Func<T> whenTrue, Func<T> whenFalse) =>
        predicate(double.CreateChecked(x)) ? whenTrue() : whenFalse();
}

internal sealed class TripleBranch<TJumps> : BranchRules<StochasticTriple<TJumps>> where TJumps : struct, IJumps<TJumps>
{
    public override StochasticTriple<TJumps> If(
        StochasticTriple<TJumps> x, Func<double, bool> predicate, Func<StochasticTriple<TJumps>> whenTrue, Func<StochasticTriple<TJumps>> whenFalse)
    {
        if (TJumps.Smooths && x.Dual != 0)
        {
            // Smoothing has folded the condition's jumps into its dual part: the branch cannot see
            // which events flip it, and choosing one arm would silently drop the other's contribution.
            throw new SmoothedBranchException(TJumps.Name, x.Value, x.Dual);
        }

        bool primal = predicate(x.Value);
        var keeps = new KeepsOutcome(predicate, x.Value, primal);

        // All2 asks without pruning: when no jump flips the condition the other arm is never run
        // and the primal arm's triple (with its own jumps) is the answer as it is.
        if (!x.HasJump || TJumps.All2(x.Jumps, default, ref keeps))
        {
            return BranchArms.Run(primal ? whenTrue : whenFalse);
        }

        StochasticTriple<TJumps> taken = BranchArms.Run(primal ? whenTrue : whenFalse);
        StochasticTriple<TJumps> other = BranchArms.Run(primal ? whenFalse : whenTrue);
        DifferentiationRun? run = DifferentiationRun.Merge(DifferentiationRun.Merge(x.Run, taken.Run), other.Run);

        // Couple [condition, taken arm, other arm] so that an event shared by the condition and an
        // arm is seen on both at once.
        TJumps[] operands = [x.Jumps, taken.Jumps, other.Jumps];
        var select = new ArmJump(predicate, x.Value, primal, taken.Value, other.Value);
        TJumps jumps = TJumps.MapMany(operands, select);
        return StochasticTriple<TJumps>.FromParts(taken.Value, taken.Dual, jumps, run);
    }

    private readonly struct KeepsOutcome(Func<double, bool> predicate, double value, bool primal) : IJumpPredicate2
    {
        public bool Holds(double deltaX, double deltaY) => predicate(value + deltaX) == primal;
    }

    /// <summary>Operand 0 is the condition, 1 the taken arm, 2 the other arm.</summary>
    private readonly struct ArmJump(Func<double, bool> predicate, double condition, bool primal, double taken, double other) : IJumpMapMany
    {
        public double Apply(ReadOnlySpan<double> deltas) =>
            predicate(condition + deltas[0]) != primal
                ? other + deltas[2] - taken
                : deltas[1];
    }
}

/// <summary>
/// Marks the arms of a branch on triples while they run, so that a draw inside one is detected
/// (<see cref="DrawInBranchArmException"/>). Per thread: a model runs on one thread, and the
/// engine's parallel samples each run on their own.
/// </summary>
internal static class BranchArms
{
    [ThreadStatic]
    private static int t_depth;

    // Arms running on any thread. Every draw of a triple asks Inside, and reading the thread-static
    // depth is a call to the runtime's thread-static helper (it is not inlined for this library), so
    // the draw first reads this plain static: one compare while no arm runs anywhere. It is never 0
    // while this thread's depth is not, so the answer is the same.
    private static int s_running;

    /// <summary>Whether an arm of a branch on triples is running on this thread.</summary>
    public static bool Inside
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Volatile.Read(ref s_running) != 0 && InsideOnThisThread();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool InsideOnThisThread() => t_depth != 0;

    /// <summary>Runs <paramref name="arm"/> marked as an arm (nested branches nest).</summary>
    public static T Run<T>(Func<T> arm)
    {
        Interlocked.Increment(ref s_running);
        t_depth++;
        try
        {
            return arm();
        }
        finally
        {
            t_depth--;
            Interlocked.Decrement(ref s_running);
        }
    }
}

/// <summary>
/// Thrown when a model draws a random number of triples inside an arm of
/// <see cref="Branch.If{T}(T, Func{T}, Func{T})"/>. The arm not taken runs only on the runs where
/// a jump flips the condition, so a draw there would consume generator numbers on some runs and
/// not others: the primal path would no longer be the program's own, and the draw's own jumps
/// would be lost. Draw before the branch and use the values in the arms.
/// </summary>
/// <remarks>
/// Every draw inside an arm throws, in the taken arm too, so that the mistake shows on the first
/// run rather than only on the runs where a jump happens to flip the condition. With
/// <c>double</c> the branch is a plain if and nothing is checked.
/// </remarks>
public sealed class DrawInBranchArmException : InvalidOperationException
{
    private DrawInBranchArmException(string draw, string message) : base(message)
    {
        Draw = draw;
    }

    /// <summary>Creates the exception with a message.</summary>
    public DrawInBranchArmException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public DrawInBranchArmException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with the default message.</summary>
    public DrawInBranchArmException() : base("A random draw was made inside an arm of Branch.If; draw before the branch.")
    {
    }

    /// <summary>The name of the draw that was attempted (e.g. <c>Bernoulli</c>), or null when the exception was made from a message.</summary>
    public string? Draw { get; }

    /// <summary>The exception for the draw <paramref name="draw"/> (e.g. <c>Bernoulli</c>).</summary>
    internal static DrawInBranchArmException ForDraw(string draw) => new(
        draw,
        $"rng.{draw} was called inside an arm of Branch.If. The arms must not draw: the arm not taken runs only when a jump " +
        "flips the condition, so a draw there would change the random stream on some runs and lose its own derivative. " +
        "Draw before the branch and choose between the values, e.g. var death = rng.Bernoulli(pDeath); var birth = rng.Bernoulli(pBirth); " +
        "Branch.If(alive, () => 1 - death, () => birth).");
}

/// <summary>
/// Thrown by <see cref="Branch.If{T}(T, Func{T}, Func{T})"/> when the condition is a smoothed
/// value (a backend that folds jumps into the dual part, such as <see cref="Backends.SmoothedJumps"/>)
/// that depends on the parameter: a branch on it would be silently biased.
/// </summary>
public sealed class SmoothedBranchException : NotSupportedException
{
    /// <summary>Creates the exception for the backend and the condition's value and dual part.</summary>
    /// <param name="backend">The backend's short name.</param>
    /// <param name="value">The condition's primal value.</param>
    /// <param name="dual">The condition's dual part (the smoothed derivative).</param>
    public SmoothedBranchException(string backend, double value, double dual)
        : base(string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"Branch.If cannot branch on a smoothed value: with the {backend} backend the condition ({value} with derivative {dual}) ") +
            "carries its jumps folded into the dual part, so the branch cannot tell which events flip it and the derivative would be " +
            "silently biased. Write the choice arithmetically (b * x + (1 - b) * y for a 0/1 value b), or use a backend that keeps jumps (pruned, exact).")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SmoothedBranchException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public SmoothedBranchException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with the default message.</summary>
    public SmoothedBranchException() : base("Branch.If cannot branch on a smoothed value that depends on the parameter.")
    {
    }
}
