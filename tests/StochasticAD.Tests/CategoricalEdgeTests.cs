using StochasticAD.Random;
using StochasticAD.Tests.Statistics;
using Xunit.Abstractions;
using Triple = StochasticAD.StochasticTriple<StochasticAD.Backends.PrunedJumps>;

namespace StochasticAD.Tests;

/// <summary>Categories of probability 0 that gain probability: the moving edge's mass goes to them in proportion to their δ.</summary>
public class CategoricalEdgeTests(ITestOutputHelper output)
{
    [Fact]
    public void Mass_leaving_upwards_is_shared_among_zero_probability_categories_by_their_derivatives()
    {
        // At q = 0: probabilities (1 − q, q/4, 3q/4) are (1, 0, 0); E[k] = q/4 + 2·3q/4 = 1.75 q.
        const long seed = 404;
        var rng = new StochasticRandom(seed);
        var stats = Estimates.Sample(
            () => Derivative.Estimate(q => rng.Categorical<Triple>([1 - q, q / 4, 3 * q / 4]), 0.0),
            20_000);
        Estimates.AssertUnbiased($"Categorical (1−q, q/4, 3q/4) at q = 0", 1.75, stats, output, seed: seed);
    }

    [Fact]
    public void Mass_leaving_downwards_is_shared_among_zero_probability_categories_by_their_derivatives()
    {
        // At q = 0: probabilities (q/4, 3q/4, 1 − q) are (0, 0, 1); E[k] = 3q/4 + 2(1 − q) so dE/dq = −1.25.
        const long seed = 405;
        var rng = new StochasticRandom(seed);
        var stats = Estimates.Sample(
            () => Derivative.Estimate(q => rng.Categorical<Triple>([q / 4, 3 * q / 4, 1 - q]), 0.0),
            20_000);
        Estimates.AssertUnbiased($"Categorical (q/4, 3q/4, 1−q) at q = 0", -1.25, stats, output, seed: seed);
    }
}
