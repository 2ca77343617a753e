using System.Numerics;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using StochasticAD.Random;

namespace StochasticAD.Benchmarks;

/// <summary>
/// The user-level form of issue 10's targets: a random walk written once over <c>T</c> as a user
/// writes it (no attributes), one derivative sample per invocation through
/// <c>Derivative.Estimate(p =&gt; Walk(p, rng), 50.0)</c> against the plain <c>Walk(50.0, rng)</c>.
/// </summary>
/// <remarks>
/// Unlike <see cref="ModelBenchmarks"/> (a model's virtual <c>Run</c>), the walk here is a static
/// generic method called from a lambda, so the JIT inlines it into whatever method it compiles the
/// lambda into, and the inlining budget of that method decides how much of the walk is inlined
/// (docs/devdocs.md, Performance: the entry points are roots): this measures what a user's own code
/// gets. Each invocation makes its generator as the estimator does, <c>StochasticRandom.ForStream(seed, i)</c>.
/// </remarks>
[MemoryDiagnoser]
public class UserLevelBenchmarks
{
    /// <summary>The walk's length.</summary>
    public const int Steps = 100;

    private long _stream;

    /// <summary>The plain run with <c>double</c>.</summary>
    [Benchmark(Baseline = true)]
    public double Primal() => Walk(50.0, NextRng());

    /// <summary>One derivative sample with the default (pruned) backend.</summary>
    [Benchmark]
    public double Pruned()
    {
        StochasticRandom rng = NextRng();
        return Derivative.Estimate(p => Walk(p, rng), 50.0);
    }

    /// <summary>
    /// One derivative sample of the same walk marked <c>NoInlining</c>, as the README advises: the walk
    /// is then compiled as a method of its own, whatever the lambda is inlined into.
    /// </summary>
    [Benchmark]
    public double PrunedWalkNoInlining()
    {
        StochasticRandom rng = NextRng();
        return Derivative.Estimate(p => WalkNoInlining(p, rng), 50.0);
    }

    /// <summary>X₀ = 0, <see cref="Steps"/> steps of ±1 with P(+1 | X) = exp(−X/p); returns X².</summary>
    public static T Walk<T>(T p, StochasticRandom rng) where T : INumber<T>, IExponentialFunctions<T>
    {
        T x = T.Zero;
        for (int i = 0; i < Steps; i++)
        {
            T up = rng.Bernoulli(T.Exp(-x / p));
            x += up + up - T.One;
        }

        return x * x;
    }

    /// <summary><see cref="Walk{T}"/> written out again, marked <c>NoInlining</c> (a wrapper calling <c>Walk</c> would inline it into its own small budget).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static T WalkNoInlining<T>(T p, StochasticRandom rng) where T : INumber<T>, IExponentialFunctions<T>
    {
        T x = T.Zero;
        for (int i = 0; i < Steps; i++)
        {
            T up = rng.Bernoulli(T.Exp(-x / p));
            x += up + up - T.One;
        }

        return x * x;
    }

    private StochasticRandom NextRng() => StochasticRandom.ForStream(BenchModels.Seed, _stream++);
}
