using StochasticAD.Random;
using Triple = StochasticAD.StochasticTriple<StochasticAD.Backends.PrunedJumps>;

namespace StochasticAD.Tests;

public class ComparisonAndRunTests
{
    [Fact]
    public void Comparison_that_a_jump_flips_throws_a_dedicated_exception()
    {
        // x = 0 jumps to 1: "x < 0.5" is true on the primal path and false on the jump's path.
        Triple x = TripleArithmeticTests.WithJump(0, 1, 1);
        var ex = Assert.Throws<PredicateDependsOnJumpException>(() => x < 0.5);
        Assert.Equal("<", ex.Predicate);
        Assert.Contains("depends on a jump", ex.Message, StringComparison.Ordinal);
        Assert.Contains("arithmetically", ex.Message, StringComparison.Ordinal);
        Assert.Throws<PredicateDependsOnJumpException>(() => x == 0.0);
        Assert.Throws<PredicateDependsOnJumpException>(() => Triple.IsZero(x));
        Assert.Throws<PredicateDependsOnJumpException>(() => Triple.Sign(x - 0.5));
        Assert.Throws<PredicateDependsOnJumpException>(() => x.CompareTo((Triple)0.5));
    }

    [Fact]
    public void Comparison_whose_outcome_is_the_same_on_every_path_returns_it()
    {
        Triple x = TripleArithmeticTests.WithJump(0, 1, 1);
        Assert.True(x < 2.0);
        Assert.True(x > -1.0);
        Assert.False(x == 5.0);
        Assert.True(x != 5.0);
        Assert.True(x >= 0.0);
        Assert.Equal(-1, x.CompareTo((Triple)3.0));
        Assert.True(Triple.IsFinite(x));
    }

    [Fact]
    public void Comparison_with_only_a_dual_part_never_throws()
    {
        Triple t = Derivative.Triple(q => q, 0.5);
        Assert.True(t < 1.0);
        Assert.False(t > 1.0);
        Assert.True(t == 0.5); // values equal; dual parts are not compared, as for dual numbers
    }

    [Fact]
    public void Max_and_Min_evaluate_a_flipping_jump_exactly_instead_of_throwing()
    {
        Triple x = TripleArithmeticTests.WithJump(0, 1, 1);
        Triple m = Triple.Max(x, 0.5);
        Assert.Equal(0.5, m.Value);
        Assert.Equal(0.5, Assert.Single(m.JumpList).Delta, 12); // max(1, 0.5) − 0.5
    }

    [Fact]
    public void Triples_of_two_runs_cannot_be_mixed()
    {
        var rng = new StochasticRandom(11);
        Triple kept = default;
        Derivative.Estimate(q => kept = q * 2, 0.5);
        var ex = Assert.Throws<MixedRunException>(() => Derivative.Estimate(q => q + kept, 0.5));
        Assert.Contains("different differentiation runs", ex.Message, StringComparison.Ordinal);

        // Also when only the jumps could tell: a draw kept from an earlier run.
        Triple keptDraw = default;
        Derivative.Estimate(q => keptDraw = rng.Bernoulli(q), 0.5);
        Assert.Throws<MixedRunException>(() => Derivative.Estimate(q => rng.Bernoulli(q) * keptDraw, 0.5));
        Assert.Throws<MixedRunException>(() => Derivative.Estimate(q => (q < keptDraw + 10) ? q : q, 0.5));
    }

    [Fact]
    public void Constants_mix_with_any_run()
    {
        Triple constant = 3.0;
        Assert.Equal(2, Derivative.Estimate(q => q * 2 + constant, 0.5), 12);
        Assert.Equal(2, Derivative.Estimate(q => q * 2 + constant, 0.7), 12);
    }

    [Fact]
    public void A_seed_reproduces_a_run_exactly()
    {
        static double[] Run(long seed)
        {
            var rng = new StochasticRandom(seed);
            var result = new double[50];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = Derivative.Estimate(q => RandomWalkTests.Walk(30, q, rng), 60);
            }

            return result;
        }

        Assert.Equal(Run(5), Run(5));
        Assert.NotEqual(Run(5), Run(6));
    }
}
