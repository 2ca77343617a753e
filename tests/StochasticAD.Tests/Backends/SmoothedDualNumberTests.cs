using StochasticAD.Backends;
using StochasticAD.Random;
using Dual = StochasticAD.StochasticTriple<StochasticAD.Backends.SmoothedJumps>;

namespace StochasticAD.Tests.Backends;

/// <summary>StochasticTriple&lt;SmoothedJumps&gt; is the library's dual number: draws return dual numbers with the smoothed derivative.</summary>
public class SmoothedDualNumberTests
{
    [Fact]
    public void A_draw_with_a_dual_number_parameter_returns_a_dual_number_with_the_two_sided_smoothed_derivative()
    {
        const double p = 0.3;
        var rng = new StochasticRandom(42);
        for (int i = 0; i < 200; i++)
        {
            Dual b = Derivative.Triple<SmoothedJumps>(q => rng.Bernoulli(q), p);
            Assert.False(b.HasJump);

            // Two-sided: ½·(right rule for δ = 1) − ½·(left rule for δ = −1).
            double expected = b.Value == 0 ? 0.5 / (1 - p) : 0.5 / p;
            Assert.Equal(expected, b.Dual, 12);
        }
    }

    [Fact]
    public void Single_sided_smoothing_is_the_single_sided_rule_folded_into_the_dual_part()
    {
        const double p = 0.3;
        var rng = new StochasticRandom(43);
        for (int i = 0; i < 200; i++)
        {
            Dual b = Derivative.Triple<SmoothedJumps>(q => rng.Bernoulli(q), p, strategy: JumpStrategy.SingleSided);
            Assert.Equal(b.Value == 0 ? 1 / (1 - p) : 0, b.Dual, 12);
        }
    }

    [Fact]
    public void Continuous_draws_stay_pathwise_and_deterministic_code_is_exact()
    {
        var rng = new StochasticRandom(44);
        Dual x = Derivative.Triple<SmoothedJumps>(q => rng.Normal(q, 2.0) * q, 1.5);
        double z = ((x.Value / 1.5) - 1.5) / 2; // x = (q + 2z)·q
        Assert.Equal((2 * 1.5) + (2 * z), x.Dual, 10);
    }
}
