using System.Numerics;
using StochasticAD.Backends;
using StochasticAD.Random;
using Triple = StochasticAD.StochasticTriple<StochasticAD.Backends.PrunedJumps>;

namespace StochasticAD.Tests;

public class TripleArithmeticTests
{
    /// <summary>A triple with value x, dual 1 and a jump of Δ with weight w, from a fresh run.</summary>
    internal static Triple WithJump(double x, double delta, double weight, DifferentiationRun? run = null, StochasticRandom? rng = null)
    {
        run ??= new DifferentiationRun();
        rng ??= new StochasticRandom(1);
        var jumps = PrunedJumps.New(run, rng, delta, weight);
        return Triple.FromParts(x, 1, jumps, run);
    }

    [Fact]
    public void Constant_has_no_derivative_and_prints_in_the_papers_notation()
    {
        Triple c = 3.5;
        Assert.Equal(3.5, c.Value);
        Assert.Equal(0, c.Derivative);
        Assert.Null(c.Run);
        Assert.Equal("3.5 + 0ε", c.ToString());
    }

    [Fact]
    public void Printed_triple_shows_value_dual_and_jump()
    {
        Triple t = WithJump(0, 1, 2.0);
        Assert.Equal("0 + 1ε + (1 with probability 2ε)", t.ToString());
    }

    [Fact]
    public void Jumps_are_evaluated_exactly_not_linearised()
    {
        Triple x = WithJump(1, 2, 0.5);
        Triple y = Triple.Exp(x);
        Assert.Equal(Math.E, y.Value, 12);
        Assert.Equal(Math.E, y.Dual, 12);
        Jump j = Assert.Single(y.JumpList);
        Assert.Equal(Math.Exp(3) - Math.E, j.Delta, 12);
        Assert.Equal(0.5, j.Weight);
        Assert.Equal(Math.E + ((Math.Exp(3) - Math.E) * 0.5), y.Derivative, 12);
    }

    [Fact]
    public void Binary_operation_couples_jumps_of_the_same_event()
    {
        var run = new DifferentiationRun();
        Triple x = WithJump(2, 1, 0.25, run);
        Triple y = x * x; // same event: alternative is (2+1)² − 4 = 5
        Jump j = Assert.Single(y.JumpList);
        Assert.Equal(5, j.Delta, 12);
        Assert.Equal(4, y.Dual, 12);
    }

    [Fact]
    public void Pruning_two_events_keeps_one_and_rescales_its_weight_without_bias()
    {
        // Δ₁w₁ + Δ₂w₂ = 1·1 + 1·3 = 4 must be the mean of the pruned contribution.
        var rng = new StochasticRandom(7);
        double sum = 0;
        const int n = 20000;
        for (int i = 0; i < n; i++)
        {
            var run = new DifferentiationRun();
            Triple a = WithJump(0, 1, 1, run, rng);
            Triple b = WithJump(0, 1, 3, run, rng);
            Triple s = a + b;
            Assert.True(s.JumpList.Count <= 1);
            sum += s.Derivative - s.Dual;
            // The loser is pruned everywhere: exactly one of a, b still has a jump.
            Assert.True(a.HasJump ^ b.HasJump);
        }

        // Each outcome is 4 exactly (1/q·w with q ∝ w), so the mean is 4 with no variance.
        Assert.Equal(4, sum / n, 9);
    }

    [Fact]
    public void Mixed_operations_with_double_match_triple_operations()
    {
        Triple x = WithJump(1.5, -1, 0.3);
        Triple[] viaDouble = [x + 2.0, 2.0 + x, x - 2.0, 2.0 - x, x * 2.0, 2.0 * x, x / 2.0, 2.0 / x];
        Triple two = 2.0;
        Triple[] viaTriple = [x + two, two + x, x - two, two - x, x * two, two * x, x / two, two / x];
        for (int i = 0; i < viaDouble.Length; i++)
        {
            Assert.Equal(viaTriple[i].Value, viaDouble[i].Value, 14);
            Assert.Equal(viaTriple[i].Dual, viaDouble[i].Dual, 14);
            Assert.Equal(viaTriple[i].Derivative, viaDouble[i].Derivative, 14);
        }
    }

    [Fact]
    public void Generic_math_helpers_work_through_the_interfaces()
    {
        static T Poly<T>(T x) where T : INumber<T>, IRootFunctions<T>, ITrigonometricFunctions<T>, IHyperbolicFunctions<T>, IPowerFunctions<T>, ILogarithmicFunctions<T>, IExponentialFunctions<T>
            => (T.Sqrt(x) * T.Sin(x)) + T.Tanh(x) + T.Pow(x, T.CreateChecked(3)) + T.Log(x) + T.Exp2(x) + T.Max(x, T.One) + T.Clamp(x, T.Zero, T.CreateChecked(10));

        double x = 1.3;
        Triple t = Derivative.Triple(q => Poly(q), x);
        Assert.Equal(Poly(x), t.Value, 12);
        double h = 1e-6;
        Assert.Equal((Poly(x + h) - Poly(x - h)) / (2 * h), t.Derivative, 5);
    }

    [Fact]
    public void Checked_conversion_refuses_to_drop_a_derivative_but_truncating_keeps_the_value()
    {
        Triple t = Derivative.Triple(q => q * 2, 1.5);
        var ex = Assert.Throws<InvalidOperationException>(() => double.CreateChecked(t));
        Assert.Contains("derivative", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3.0, double.CreateTruncating(t));
        Assert.Equal(4.0, double.CreateChecked(Of<Triple>(4)));

        static T Of<T>(int v) where T : INumberBase<T> => T.CreateChecked(v);
    }

    [Fact]
    public void Parse_gives_a_constant()
    {
        Triple t = Triple.Parse("2.25", null);
        Assert.Equal(2.25, t.Value);
        Assert.Equal(0, t.Derivative);
    }

    [Fact]
    public void No_heap_allocation_per_arithmetic_operation_even_with_a_live_jump()
    {
        Triple x = WithJump(0.7, 1, 0.5);
        Triple acc = 0.0;

        // Warm up (JIT, static initialisers) before measuring.
        for (int i = 0; i < 1000; i++)
        {
            acc = Step(acc, x);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200_000; i++)
        {
            acc = Step(acc, x);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(acc.HasJump);
        Assert.Equal(0, allocated);

        static Triple Step(Triple acc, Triple x) =>
            (acc * 0.5) + (Triple.Exp(x) * x) - Triple.Sqrt(x + 1.0) + Triple.Max(x, acc) + (x / 3.0) + Triple.Sin(acc);
    }

    [Fact]
    public void Plain_double_model_code_allocates_nothing_either()
    {
        var rng = new StochasticRandom(3);
        double acc = 0;
        acc += Walk(rng);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            acc += Walk(rng);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(acc > 0);

        static double Walk(StochasticRandom rng) => RandomWalkTests.Walk(20, 40.0, rng);
    }
}
