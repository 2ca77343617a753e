using Triple = StochasticAD.StochasticTriple<StochasticAD.Backends.PrunedJumps>;

namespace StochasticAD.Tests;

/// <summary>
/// exp's jump is computed as exp(x)·(exp(Δ) − 1) with exp(Δ) remembered for the last Δ (Rules/ExpJump.cs):
/// the same jump as exp(x + Δ) − exp(x) whether the memory hits or not, and the textbook form where the
/// product would lose the jump (exp(x) underflowed, exp(Δ) overflowed).
/// </summary>
public class ExpJumpTests
{
    private static double ExpJumpOf(double x, double delta)
    {
        // A jump of Δ = 0 is no jump: the triple drops it.
        Triple y = Triple.Exp(TripleArithmeticTests.WithJump(x, delta, 0.5));
        return y.JumpList.Count == 0 ? 0 : Assert.Single(y.JumpList).Delta;
    }

    // The reference: exp(x + Δ) − exp(x) evaluated with a relative error of a few ulps of the larger term.
    private static void AssertJump(double x, double delta, double actual)
    {
        double expected = Math.Exp(x + delta) - Math.Exp(x);
        double scale = Math.Max(Math.Exp(x + delta), Math.Exp(x));
        Assert.True(
            Math.Abs(actual - expected) <= 1e-14 * scale || actual == expected,
            $"exp jump at x = {x}, Δ = {delta}: {actual}, expected {expected} (scale {scale})");
    }

    [Theory]
    [InlineData(0.0, 2.0)]
    [InlineData(-1.5, -0.04)]
    [InlineData(3.0, 1e-9)]
    [InlineData(700.0, 5.0)] // exp(x + Δ) overflows: +∞ in both forms
    [InlineData(-800.0, 790.0)] // exp(x) underflows to 0 while exp(x + Δ) = e^−10: the product would give 0
    [InlineData(-700.0, 750.0)] // exp(Δ) overflows while exp(x + Δ) = e^50 is finite
    [InlineData(-745.0, 0.5)] // exp(x) subnormal
    public void Jump_matches_the_difference_of_exponentials(double x, double delta) => AssertJump(x, delta, ExpJumpOf(x, delta));

    [Fact]
    public void Remembered_delta_gives_the_right_jump_at_every_argument()
    {
        // Repeated, alternating and new Δs on this thread, at changing x: the memory must never hand one Δ's factor to another.
        double[] deltas = [0.04, 0.04, -0.04, 0.04, 2.0, 2.0, 0.0, -0.0, 0.04, double.NaN, 0.04];
        for (int i = 0; i < deltas.Length; i++)
        {
            double x = -1 + (0.37 * i);
            double actual = ExpJumpOf(x, deltas[i]);
            if (double.IsNaN(deltas[i]))
            {
                Assert.True(double.IsNaN(actual), $"Δ = NaN gave {actual}");
                continue;
            }

            AssertJump(x, deltas[i], actual);
        }
    }

    [Fact]
    public void Each_thread_keeps_its_own_memory()
    {
        // Two threads alternate two Δs at the same time; each jump must still be its own Δ's.
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 4, t =>
        {
            double delta = t % 2 == 0 ? 0.5 : -0.25;
            for (int i = 0; i < 20_000; i++)
            {
                double x = (i % 100) * 0.01;
                double actual = ExpJumpOf(x, delta);
                double expected = Math.Exp(x + delta) - Math.Exp(x);
                if (Math.Abs(actual - expected) > 1e-14 * Math.Exp(x + 0.5))
                {
                    failures.Add($"thread {t}, x = {x}, Δ = {delta}: {actual} vs {expected}");
                    return;
                }
            }
        });
        Assert.Empty(failures);
    }
}
