using System.Runtime.CompilerServices;
using StochasticAD.Backends;

namespace StochasticAD;

/// <summary>
/// Entry points: run a program once on stochastic triples and read its triple or its
/// derivative estimate. Each call is one differentiation run; the mean of many estimates is
/// the derivative of the program's mean.
/// </summary>
/// <remarks>
/// The overloads without a type argument use the default backend (<see cref="PrunedJumps"/>);
/// pass the backend as the type argument to choose another, e.g. <c>Derivative.Estimate&lt;PrunedJumps&gt;(…)</c>.
/// Randomness comes only from the generator the program captures, so a fixed seed gives the
/// same estimate every time.
/// </remarks>
public static partial class Derivative
{
    /// <summary>Runs <paramref name="program"/> at <paramref name="p"/> with the default backend and returns its output triple.</summary>
    /// <param name="program">The program, written over triples (usually a generic model instantiated with the triple type).</param>
    /// <param name="p">The parameter's value.</param>
    /// <param name="direction">The dual part given to the parameter: 1 differentiates in p, −1 in −p (the left rules).</param>
    /// <param name="strategy">How the run's draws form new jumps (<see cref="JumpStrategy.Default"/>: the backend's choice).</param>
    public static StochasticTriple<PrunedJumps> Triple(
        Func<StochasticTriple<PrunedJumps>, StochasticTriple<PrunedJumps>> program, double p, double direction = 1,
        JumpStrategy strategy = JumpStrategy.Default) =>
        Triple<PrunedJumps>(program, p, direction, strategy);

    /// <summary>Runs <paramref name="program"/> at <paramref name="p"/> with backend <typeparamref name="TJumps"/> and returns its output triple.</summary>
    /// <inheritdoc cref="Triple(Func{StochasticTriple{PrunedJumps}, StochasticTriple{PrunedJumps}}, double, double, JumpStrategy)"/>
    /// <remarks>
    /// The triple returned belongs to a run of its own, which stays readable while this thread makes
    /// up to 127 further runs of its own (calls of <c>Triple</c> or <c>new DifferentiationRun()</c>);
    /// the calls that return plain numbers (<see cref="Estimate{TJumps}"/>, <see cref="Directional{TJumps}"/>,
    /// and <c>Gradient</c>) reuse one pooled run per thread and never evict it. A triple read
    /// after its run was evicted throws <see cref="MixedRunException"/> rather than reading another
    /// run's events: keep its <see cref="StochasticTriple{TJumps}.Value"/> and
    /// <see cref="StochasticTriple{TJumps}.Derivative"/> (plain doubles) to keep results longer.
    /// For many estimates in a loop use <see cref="Estimate{TJumps}"/>, which allocates nothing per call.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static StochasticTriple<TJumps> Triple<TJumps>(
        Func<StochasticTriple<TJumps>, StochasticTriple<TJumps>> program, double p, double direction = 1,
        JumpStrategy strategy = JumpStrategy.Default)
        where TJumps : struct, IJumps<TJumps>
    {
        ArgumentNullException.ThrowIfNull(program);
        CheckFinite(p, nameof(p));
        CheckFinite(direction, nameof(direction));
        CheckStrategy(strategy);

        // Not the pooled run: users keep the triple of one call and print it after the next (the
        // README's quickstart does), which the pooled run's restart would invalidate.
        return program(StochasticTriple<TJumps>.Parameter(p, direction, new DifferentiationRun(strategy)));
    }

    /// <summary>One unbiased estimate of d E[program(p)] / dp (times <paramref name="direction"/>), with the default backend.</summary>
    /// <inheritdoc cref="Triple(Func{StochasticTriple{PrunedJumps}, StochasticTriple{PrunedJumps}}, double, double, JumpStrategy)"/>
    public static double Estimate(
        Func<StochasticTriple<PrunedJumps>, StochasticTriple<PrunedJumps>> program, double p, double direction = 1,
        JumpStrategy strategy = JumpStrategy.Default) =>
        Estimate<PrunedJumps>(program, p, direction, strategy);

    /// <summary>One unbiased estimate of d E[program(p)] / dp (times <paramref name="direction"/>), with backend <typeparamref name="TJumps"/>.</summary>
    /// <inheritdoc cref="Triple(Func{StochasticTriple{PrunedJumps}, StochasticTriple{PrunedJumps}}, double, double, JumpStrategy)"/>
    // NoInlining (also on Triple and Directional): this method is then the root of its own compilation,
    // and the user's lambda and the function it calls (a generic walk, say) are inlined into it through
    // the delegate's guarded devirtualization with this method's inlining budget. Inlined into the
    // caller, a small method such as a benchmark's or a test's one-liner, the budget of that small root
    // ran out inside the user's function and left the triple's operators and the draw as calls
    // (docs/devdocs.md, Performance: the user-level walk).
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Estimate<TJumps>(
        Func<StochasticTriple<TJumps>, StochasticTriple<TJumps>> program, double p, double direction = 1,
        JumpStrategy strategy = JumpStrategy.Default)
        where TJumps : struct, IJumps<TJumps>
    {
        ArgumentNullException.ThrowIfNull(program);
        CheckFinite(p, nameof(p));
        CheckFinite(direction, nameof(direction));
        CheckStrategy(strategy);

        // This thread's pooled run: no allocation per call. The lease only marks it busy during the
        // program (a nested call then gets a run of its own).
        using RunRegistry.RunLease lease = RentRun(strategy);
        return program(StochasticTriple<TJumps>.Parameter(p, direction, lease.Run)).Derivative;
    }

    /// <summary>This thread's pooled run, out of line: inlined, its paths would spend the budget the user's program needs.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static RunRegistry.RunLease RentRun(JumpStrategy strategy) => RunRegistry.Rent(strategy);

    /// <summary>
    /// One unbiased estimate of the gradient of E[program(p)], one run per parameter (each
    /// run's randomness continues the generator's stream), with the default backend.
    /// </summary>
    /// <param name="program">The program of a vector of parameters.</param>
    /// <param name="p">The parameters' values.</param>
    /// <param name="strategy">How the runs' draws form new jumps.</param>
    public static double[] Gradient(
        Func<StochasticTriple<PrunedJumps>[], StochasticTriple<PrunedJumps>> program, ReadOnlySpan<double> p,
        JumpStrategy strategy = JumpStrategy.Default) =>
        Gradient<PrunedJumps>(program, p, strategy);

    /// <summary>One unbiased estimate of the gradient of E[program(p)] with backend <typeparamref name="TJumps"/>; see the default overload.</summary>
    public static double[] Gradient<TJumps>(
        Func<StochasticTriple<TJumps>[], StochasticTriple<TJumps>> program, ReadOnlySpan<double> p,
        JumpStrategy strategy = JumpStrategy.Default)
        where TJumps : struct, IJumps<TJumps>
    {
        ArgumentNullException.ThrowIfNull(program);
        var gradient = new double[p.Length];
        var direction = new double[p.Length];
        for (int i = 0; i < p.Length; i++)
        {
            direction[i] = 1;
            gradient[i] = Directional(program, p, direction, strategy);
            direction[i] = 0;
        }

        return gradient;
    }

    /// <summary>One unbiased estimate of the derivative of E[program(p + t·direction)] in t at t = 0, with the default backend.</summary>
    /// <param name="program">The program of a vector of parameters.</param>
    /// <param name="p">The parameters' values.</param>
    /// <param name="direction">The direction (same length as <paramref name="p"/>).</param>
    /// <param name="strategy">How the run's draws form new jumps.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static double Directional(
        Func<StochasticTriple<PrunedJumps>[], StochasticTriple<PrunedJumps>> program, ReadOnlySpan<double> p, ReadOnlySpan<double> direction,
        JumpStrategy strategy = JumpStrategy.Default) =>
        Directional<PrunedJumps>(program, p, direction, strategy);

    /// <summary>The directional estimate with backend <typeparamref name="TJumps"/>; see the default overload.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Directional<TJumps>(
        Func<StochasticTriple<TJumps>[], StochasticTriple<TJumps>> program, ReadOnlySpan<double> p, ReadOnlySpan<double> direction,
        JumpStrategy strategy = JumpStrategy.Default)
        where TJumps : struct, IJumps<TJumps>
    {
        ArgumentNullException.ThrowIfNull(program);
        if (direction.Length != p.Length)
        {
            throw new ArgumentException($"direction has {direction.Length} entries but p has {p.Length}.", nameof(direction));
        }

        CheckStrategy(strategy);
        using RunRegistry.RunLease lease = RunRegistry.Rent(strategy);
        var parameters = new StochasticTriple<TJumps>[p.Length];
        for (int i = 0; i < p.Length; i++)
        {
            if (!double.IsFinite(p[i]))
            {
                throw NotFinite($"p[{i}]", p[i]);
            }

            if (!double.IsFinite(direction[i]))
            {
                throw NotFinite($"direction[{i}]", direction[i]);
            }
            parameters[i] = StochasticTriple<TJumps>.Parameter(p[i], direction[i], lease.Run);
        }

        return program(parameters).Derivative;
    }

    /// <summary>Refuses an undefined strategy: it would otherwise act as "no new jumps" and give a derivative of 0.</summary>
    private static void CheckStrategy(JumpStrategy strategy)
    {
        if (!Enum.IsDefined(strategy))
        {
            throw new ArgumentOutOfRangeException(
                nameof(strategy), strategy, $"strategy must be one of {string.Join(", ", Enum.GetNames<JumpStrategy>())}, but is {(int)strategy}.");
        }
    }

    private static void CheckFinite(double value, string name)
    {
        if (!double.IsFinite(value))
        {
            throw NotFinite(name, value);
        }
    }

    // Out of line: the message's formatting, inlined into Estimate, spent the inlining budget the user's program needs.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentOutOfRangeException NotFinite(string name, double value) =>
        new(name, value, $"{name} must be finite, but is {value}.");
}
