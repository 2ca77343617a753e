using StochasticAD.Backends;
using StochasticAD.Random;

namespace StochasticAD.Optimization;

/// <summary>
/// Stochastic optimisation of E[X(θ)] driven by triple derivative estimates: each step averages
/// a batch of unbiased gradient estimates and hands it to an <see cref="IStepRule"/>.
/// </summary>
/// <remarks>
/// With scalar triples a gradient estimate of d parameters takes d runs of the program on one
/// generator (one run per coordinate); with gradient triples (<see cref="Run{TJumps, TPartials}"/>)
/// one run per chunk of K parameters (method §13).
/// Sample j of step t uses the generator <see cref="StochasticRandom.ForStream(long, long)"/>(seed, t·k + j),
/// so a trace is reproducible from its seed. The optimiser does not know the valid range of the
/// parameters: a program that refuses a parameter throws from the step that reached it; give a
/// <see cref="OptimizationOptions.Projection"/> to stay inside.
/// </remarks>
public static class Optimizer
{
    /// <summary>Optimises a model of one parameter from <paramref name="initial"/>, with the backend named in the options.</summary>
    /// <param name="model">The model (its <c>Run</c> is the program).</param>
    /// <param name="initial">The starting parameter.</param>
    /// <param name="rule">The update rule (reset before the first step).</param>
    /// <param name="options">Steps, batch, seed, goal, projection; defaults when null.</param>
    /// <param name="cancellationToken">Stops between steps (throws <see cref="OperationCanceledException"/>).</param>
    public static OptimizationTrace Run(
        IStochasticModel model, double initial, IStepRule rule, OptimizationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new OptimizationOptions();
        options.Validate();
        return options.Backend.Accept(new ModelVisitor(model, initial, rule, options, cancellationToken));
    }

    /// <summary>Optimises a program of a vector of parameters with the default backend.</summary>
    /// <param name="program">The program: parameters and the generator of this run to the output X(θ).</param>
    /// <param name="initial">The starting parameters (not modified).</param>
    /// <param name="rule">The update rule (reset before the first step).</param>
    /// <param name="options">Steps, batch, seed, goal, projection; defaults when null (the backend option is ignored: the type argument decides).</param>
    /// <param name="cancellationToken">Stops between steps (throws <see cref="OperationCanceledException"/>).</param>
    public static OptimizationTrace Run(
        Func<StochasticTriple<PrunedJumps>[], StochasticRandom, StochasticTriple<PrunedJumps>> program, ReadOnlySpan<double> initial,
        IStepRule rule, OptimizationOptions? options = null, CancellationToken cancellationToken = default) =>
        Run<PrunedJumps>(program, initial, rule, options, cancellationToken);

    /// <summary>Optimises a program of a vector of parameters with backend <typeparamref name="TJumps"/>.</summary>
    /// <inheritdoc cref="Run(Func{StochasticTriple{PrunedJumps}[], StochasticRandom, StochasticTriple{PrunedJumps}}, ReadOnlySpan{double}, IStepRule, OptimizationOptions?, CancellationToken)"/>
    public static OptimizationTrace Run<TJumps>(
        Func<StochasticTriple<TJumps>[], StochasticRandom, StochasticTriple<TJumps>> program, ReadOnlySpan<double> initial,
        IStepRule rule, OptimizationOptions? options = null, CancellationToken cancellationToken = default)
        where TJumps : struct, IJumps<TJumps>
    {
        ArgumentNullException.ThrowIfNull(program);
        var parameters = new StochasticTriple<TJumps>[initial.Length];
        return Drive(initial, rule, options, (theta, rng, gradient) =>
        {
            int d = theta.Length;
            double objective = 0;
            for (int i = 0; i < d; i++)
            {
                // One run per coordinate, each differentiating along one axis (this thread's pooled run, as Derivative.* use).
                using RunRegistry.RunLease lease = RunRegistry.Rent(JumpStrategy.Default);
                DifferentiationRun run = lease.Run;
                for (int c = 0; c < d; c++)
                {
                    parameters[c] = StochasticTriple<TJumps>.Parameter(theta[c], c == i ? 1 : 0, run);
                }

                StochasticTriple<TJumps> x = program(parameters, rng);
                gradient[i] += x.Derivative;
                objective += x.Value;
            }

            return (objective, d);
        }, cancellationToken);
    }

    /// <summary>
    /// Optimises a program of a vector of parameters whose gradient estimate is one pass per chunk of
    /// K = <typeparamref name="TPartials"/>'s size parameters (method §13): the gradient triple's
    /// gradient goes to the step rule as it is.
    /// </summary>
    /// <inheritdoc cref="Run(Func{StochasticTriple{PrunedJumps}[], StochasticRandom, StochasticTriple{PrunedJumps}}, ReadOnlySpan{double}, IStepRule, OptimizationOptions?, CancellationToken)"/>
    public static OptimizationTrace Run<TJumps, TPartials>(
        Func<GradientTriple<TJumps, TPartials>[], StochasticRandom, GradientTriple<TJumps, TPartials>> program, ReadOnlySpan<double> initial,
        IStepRule rule, OptimizationOptions? options = null, CancellationToken cancellationToken = default)
        where TJumps : struct, IJumps<TJumps>
        where TPartials : struct, IPartials<TPartials>
    {
        ArgumentNullException.ThrowIfNull(program);
        int k = TPartials.Count;
        var parameters = new GradientTriple<TJumps, TPartials>[initial.Length];
        var chunk = new double[k];
        return Drive(initial, rule, options, (theta, rng, gradient) =>
        {
            int d = theta.Length;
            double objective = 0;
            int runs = 0;
            for (int start = 0; start < d; start += k, runs++)
            {
                using RunRegistry.RunLease lease = RunRegistry.Rent(JumpStrategy.Default);
                DifferentiationRun run = lease.Run;
                for (int c = 0; c < d; c++)
                {
                    parameters[c] = GradientTriple<TJumps, TPartials>.Parameter(theta[c], c >= start && c < start + k ? c - start : -1, run);
                }

                GradientTriple<TJumps, TPartials> x = program(parameters, rng);
                x.CopyGradientTo(chunk);
                for (int c = start; c < Math.Min(d, start + k); c++)
                {
                    gradient[c] += chunk[c - start];
                }

                objective += x.Value;
            }

            return (objective, runs);
        }, cancellationToken);
    }

    /// <summary>Adds one gradient estimate at theta into gradient; returns the sum of the runs' outputs and the number of runs.</summary>
    private delegate (double Objective, int Runs) GradientSample(double[] theta, StochasticRandom rng, double[] gradient);

    /// <summary>The optimisation loop: batches of gradient samples, averaged, handed to the rule.</summary>
    private static OptimizationTrace Drive(
        ReadOnlySpan<double> initial, IStepRule rule, OptimizationOptions? options, GradientSample sample, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        options ??= new OptimizationOptions();
        options.Validate();
        if (initial.Length == 0)
        {
            throw new ArgumentException("There must be at least one parameter.", nameof(initial));
        }

        int d = initial.Length;
        double[] theta = initial.ToArray();
        for (int i = 0; i < d; i++)
        {
            CheckFinite(theta[i], $"initial[{i}]");
        }

        rule.Reset(d);
        var steps = new List<OptimizationStep>(options.Steps);
        var gradient = new double[d];
        var descent = new double[d];
        for (int t = 0; t < options.Steps; t++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Array.Clear(gradient);
            double objective = 0;
            int runs = 0;
            for (int j = 0; j < options.BatchSize; j++)
            {
                StochasticRandom rng = StochasticRandom.ForStream(options.Seed, ((long)t * options.BatchSize) + j, cancellationToken);
                (double o, int r) = sample(theta, rng, gradient);
                objective += o;
                runs += r;
            }

            for (int i = 0; i < d; i++)
            {
                gradient[i] /= options.BatchSize;
                CheckFinite(gradient[i], $"gradient[{i}] at step {t}");
                descent[i] = options.Goal == OptimizationGoal.Maximize ? -gradient[i] : gradient[i];
            }

            steps.Add(new OptimizationStep(
                t, (double[])theta.Clone(), (double[])gradient.Clone(),
                options.RecordObjective ? objective / runs : null));
            rule.Step(theta, descent);
            options.Projection?.Invoke(theta);
        }

        return new OptimizationTrace(rule.Name, steps, theta);
    }

    /// <summary>A projection that clamps every parameter into [<paramref name="lower"/>, <paramref name="upper"/>].</summary>
    /// <exception cref="ArgumentOutOfRangeException">lower &gt; upper, or either is NaN.</exception>
    public static Action<double[]> Clamp(double lower, double upper)
    {
        if (!(lower <= upper))
        {
            throw new ArgumentOutOfRangeException(nameof(lower), lower, $"lower = {lower} must be <= upper = {upper}.");
        }

        return theta =>
        {
            for (int i = 0; i < theta.Length; i++)
            {
                theta[i] = Math.Clamp(theta[i], lower, upper);
            }
        };
    }

    private static void CheckFinite(double value, string name)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite, but is {value}.");
        }
    }

    private sealed class ModelVisitor(IStochasticModel model, double initial, IStepRule rule, OptimizationOptions options, CancellationToken token)
        : IBackendVisitor<OptimizationTrace>
    {
        public OptimizationTrace Visit<TJumps>() where TJumps : struct, IJumps<TJumps> =>
            Run<TJumps>((theta, rng) => model.Run(theta[0], rng), [initial], rule, options, token);
    }
}
