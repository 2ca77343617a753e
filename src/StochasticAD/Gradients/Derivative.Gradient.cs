using StochasticAD.Backends;

namespace StochasticAD;

// The one-pass gradient (method §13): K parameters per run, chunk by chunk.
public static partial class Derivative
{
    /// <summary>
    /// One unbiased estimate of the gradient of E[program(p)] with the default backend, K = the
    /// chunk size of <typeparamref name="TPartials"/> parameters per run: one run when p has at
    /// most K entries, otherwise one run per chunk of K (each run's randomness continues the
    /// generator's stream).
    /// </summary>
    /// <typeparam name="TPartials">The chunk: <see cref="Partials1"/> … <see cref="Partials16"/>.</typeparam>
    /// <param name="program">The program of a vector of parameters, over gradient triples (usually a generic model instantiated with the gradient triple type).</param>
    /// <param name="p">The parameters' values (finite).</param>
    /// <param name="strategy">How the runs' draws form new jumps.</param>
    /// <exception cref="ArgumentOutOfRangeException">An entry of p is not finite, or the strategy is undefined.</exception>
    public static double[] Gradient<TPartials>(
        Func<GradientTriple<PrunedJumps, TPartials>[], GradientTriple<PrunedJumps, TPartials>> program, ReadOnlySpan<double> p,
        JumpStrategy strategy = JumpStrategy.Default)
        where TPartials : struct, IPartials<TPartials> =>
        Gradient<PrunedJumps, TPartials>(program, p, strategy);

    /// <summary>The one-pass gradient with backend <typeparamref name="TJumps"/>; see the default overload.</summary>
    /// <typeparam name="TJumps">The backend.</typeparam>
    /// <typeparam name="TPartials">The chunk.</typeparam>
    /// <param name="program">The program of a vector of parameters, over gradient triples.</param>
    /// <param name="p">The parameters' values (finite).</param>
    /// <param name="strategy">How the runs' draws form new jumps.</param>
    public static double[] Gradient<TJumps, TPartials>(
        Func<GradientTriple<TJumps, TPartials>[], GradientTriple<TJumps, TPartials>> program, ReadOnlySpan<double> p,
        JumpStrategy strategy = JumpStrategy.Default)
        where TJumps : struct, IJumps<TJumps>
        where TPartials : struct, IPartials<TPartials>
    {
        var gradient = new double[p.Length];
        GradientInto(program, p, gradient, strategy);
        return gradient;
    }

    /// <summary>Writes the one-pass gradient into <paramref name="gradient"/> (same length as p), chunk by chunk.</summary>
    internal static void GradientInto<TJumps, TPartials>(
        Func<GradientTriple<TJumps, TPartials>[], GradientTriple<TJumps, TPartials>> program, ReadOnlySpan<double> p, Span<double> gradient,
        JumpStrategy strategy)
        where TJumps : struct, IJumps<TJumps>
        where TPartials : struct, IPartials<TPartials>
    {
        ArgumentNullException.ThrowIfNull(program);
        CheckStrategy(strategy);
        for (int i = 0; i < p.Length; i++)
        {
            CheckFinite(p[i], $"p[{i}]");
        }

        int k = TPartials.Count;
        var parameters = new GradientTriple<TJumps, TPartials>[p.Length];
        Span<double> chunk = stackalloc double[k];
        for (int start = 0; start < p.Length; start += k)
        {
            using RunRegistry.RunLease lease = RunRegistry.Rent(strategy);
            for (int i = 0; i < p.Length; i++)
            {
                int component = i >= start && i < start + k ? i - start : -1;
                parameters[i] = GradientTriple<TJumps, TPartials>.Parameter(p[i], component, lease.Run);
            }

            program(parameters).CopyGradientTo(chunk);
            int count = Math.Min(k, p.Length - start);
            chunk[..count].CopyTo(gradient[start..]);
        }
    }
}
