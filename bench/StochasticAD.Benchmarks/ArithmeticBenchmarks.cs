using System.Numerics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using StochasticAD.Random;
using Triple = StochasticAD.StochasticTriple<StochasticAD.Backends.PrunedJumps>;

namespace StochasticAD.Benchmarks;

/// <summary>
/// The cost of one elementary operation on <c>double</c> (the baseline of each category), on a
/// triple with no jump (a parameter: dual part 1) and on a triple carrying a live jump.
/// </summary>
/// <remarks>
/// Each invocation is a chain of <see cref="Operations"/> dependent steps x ← step(x, c) through one
/// generic loop (<see cref="Loop{T, TStep}"/>), the way model code written over <c>T : INumber&lt;T&gt;</c>
/// runs; <c>OperationsPerInvoke</c> makes the reported numbers per step. The start x and the operand c
/// are fields, so the JIT cannot fold the chain.
/// </remarks>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class ArithmeticBenchmarks
{
    /// <summary>Steps per invocation.</summary>
    public const int Operations = 1000;

    /// <summary>The operations (benchmark categories) with what one step computes, in report order.</summary>
    public static IReadOnlyList<(string Category, string Step)> Steps { get; } =
    [
        (AddCategory, "x + c"),
        (MultiplyCategory, "x × c"),
        (LeftMultiplyCategory, "c × x"),
        (ExpCategory, "exp(−x)"),
        (MixedCategory, "x × c + exp(−x / c)"),
    ];

    private const string AddCategory = "add";
    private const string MultiplyCategory = "multiply";
    private const string LeftMultiplyCategory = "leftMultiply";
    private const string ExpCategory = "exp";
    private const string MixedCategory = "mixed";

    // Operands chosen so that 1000 steps stay finite and away from 0: add drifts by 1, multiply shrinks
    // by e^-1, exp(−x) and the mixed step converge to a fixed point.
    private const double Start = 0.5;
    private const double AddOperand = 1e-3;
    private const double MultiplyOperand = 0.999;
    private const double MixedOperand = 0.5;

    private Triple _start;
    private Triple _startWithJump;
    private Triple _add;
    private Triple _multiply;
    private Triple _mixed;

    /// <summary>The step of one operation, applied to the number type of the run.</summary>
    private interface IStep
    {
        /// <summary>One step: the next x from x and the operand c.</summary>
        static abstract T Apply<T>(T x, T c) where T : INumber<T>, IExponentialFunctions<T>;
    }

    [GlobalSetup]
    public void Setup()
    {
        var run = new DifferentiationRun();
        _start = Triple.Parameter(Start, 1, run);
        _add = Triple.Parameter(AddOperand, 1, run);
        _multiply = Triple.Parameter(MultiplyOperand, 1, run);
        _mixed = Triple.Parameter(MixedOperand, 1, run);

        // A jump comes from a discrete draw: Bernoulli(p) with p a parameter jumps ±1 with weight ε-probability.
        var rng = new StochasticRandom(BenchModels.Seed);
        Triple p = Triple.Parameter(0.5, 1, run);
        Triple coin;
        do
        {
            coin = rng.Bernoulli(p);
        }
        while (!coin.HasJump);

        // Value Start and dual part 1 as in the no-jump case, plus the coin's live jump Δ = ±1.
        _startWithJump = _start + (coin - coin.Value);
        if (!_startWithJump.HasJump)
        {
            throw new InvalidOperationException("The start value lost its jump.");
        }
    }

    /// <summary>x ← step(x, c), <see cref="Operations"/> times.</summary>
    private static T Loop<T, TStep>(T x, T c) where T : INumber<T>, IExponentialFunctions<T> where TStep : IStep
    {
        for (int i = 0; i < Operations; i++)
        {
            x = TStep.Apply(x, c);
        }

        return x;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Operations), BenchmarkCategory(AddCategory)]
    public double AddDouble() => Loop<double, Add>(StartField, AddOperandField);

    [Benchmark(OperationsPerInvoke = Operations), BenchmarkCategory(AddCategory)]
    public double AddTriple() => Loop<Triple, Add>(_start, _add).Derivative;

    [Benchmark(OperationsPerInvoke = Operations), BenchmarkCategory(AddCategory)]
    public double AddTripleJump() => Loop<Triple, Add>(_startWithJump, _add).Derivative;

    [Benchmark(Baseline = true, OperationsPerInvoke = Operations), BenchmarkCategory(MultiplyCategory)]
    public double MultiplyDouble() => Loop<double, Multiply>(StartField, MultiplyOperandField);

    [Benchmark(OperationsPerInvoke = Operations), BenchmarkCategory(MultiplyCategory)]
    public double MultiplyTriple() => Loop<Triple, Multiply>(_start, _multiply).Derivative;

    [Benchmark(OperationsPerInvoke = Operations), BenchmarkCategory(MultiplyCategory)]
    public double MultiplyTripleJump() => Loop<Triple, Multiply>(_startWithJump, _multiply).Derivative;

    [Benchmark(Baseline = true, OperationsPerInvoke = Operations), BenchmarkCategory(LeftMultiplyCategory)]
    public double LeftMultiplyDouble() => Loop<double, LeftMultiply>(StartField, MultiplyOperandField);

    [Benchmark(OperationsPerInvoke = Operations), BenchmarkCategory(LeftMultiplyCategory)]
    public double LeftMultiplyTriple() => Loop<Triple, LeftMultiply>(_start, _multiply).Derivative;

    [Benchmark(OperationsPerInvoke = Operations), BenchmarkCategory(LeftMultiplyCategory)]
    public double LeftMultiplyTripleJump() => Loop<Triple, LeftMultiply>(_startWithJump, _multiply).Derivative;

    [Benchmark(Baseline = true, OperationsPerInvoke = Operations), BenchmarkCategory(ExpCategory)]
    public double ExpDouble() => Loop<double, Exp>(StartField, 0);

    [Benchmark(OperationsPerInvoke = Operations), BenchmarkCategory(ExpCategory)]
    public double ExpTriple() => Loop<Triple, Exp>(_start, default).Derivative;

    [Benchmark(OperationsPerInvoke = Operations), BenchmarkCategory(ExpCategory)]
    public double ExpTripleJump() => Loop<Triple, Exp>(_startWithJump, default).Derivative;

    [Benchmark(Baseline = true, OperationsPerInvoke = Operations), BenchmarkCategory(MixedCategory)]
    public double MixedDouble() => Loop<double, Mixed>(StartField, MixedOperandField);

    [Benchmark(OperationsPerInvoke = Operations), BenchmarkCategory(MixedCategory)]
    public double MixedTriple() => Loop<Triple, Mixed>(_start, _mixed).Derivative;

    [Benchmark(OperationsPerInvoke = Operations), BenchmarkCategory(MixedCategory)]
    public double MixedTripleJump() => Loop<Triple, Mixed>(_startWithJump, _mixed).Derivative;

    // The double operands are read from the triples' values (fields), so the JIT cannot treat them as constants.
    private double StartField => _start.Value;

    private double AddOperandField => _add.Value;

    private double MultiplyOperandField => _multiply.Value;

    private double MixedOperandField => _mixed.Value;

    private readonly struct Add : IStep
    {
        public static T Apply<T>(T x, T c) where T : INumber<T>, IExponentialFunctions<T> => x + c;
    }

    private readonly struct Multiply : IStep
    {
        public static T Apply<T>(T x, T c) where T : INumber<T>, IExponentialFunctions<T> => x * c;
    }

    // The same product with the carried x on the right: the dual chain's order differs (c·δx + x·δc vs δx·c + …).
    private readonly struct LeftMultiply : IStep
    {
        public static T Apply<T>(T x, T c) where T : INumber<T>, IExponentialFunctions<T> => c * x;
    }

    private readonly struct Exp : IStep
    {
        public static T Apply<T>(T x, T c) where T : INumber<T>, IExponentialFunctions<T> => T.Exp(-x);
    }

    private readonly struct Mixed : IStep
    {
        public static T Apply<T>(T x, T c) where T : INumber<T>, IExponentialFunctions<T> => (x * c) + T.Exp(-x / c);
    }
}
