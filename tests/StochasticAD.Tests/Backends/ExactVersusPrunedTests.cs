using StochasticAD.Backends;
using StochasticAD.Random;
using StochasticAD.Tests.Statistics;
using Xunit.Abstractions;

namespace StochasticAD.Tests.Backends;

/// <summary>The exact backend is the oracle: same mean as pruning, and no pruning variance.</summary>
public class ExactVersusPrunedTests(ITestOutputHelper output)
{
    [Fact]
    public void Exact_and_pruned_agree_on_the_random_walk_and_exact_has_no_larger_spread()
    {
        const int n = 8000;
        const long seedExact = 777, seedPruned = 778;
        var rngExact = new StochasticRandom(seedExact);
        var rngPruned = new StochasticRandom(seedPruned);
        var exact = Estimates.Sample(() => Derivative.Estimate<ExactJumps>(q => RandomWalkTests.Walk(50, q, rngExact), 100), n);
        var pruned = Estimates.Sample(() => Derivative.Estimate<PrunedJumps>(q => RandomWalkTests.Walk(50, q, rngPruned), 100), n);
        Estimates.AssertUnbiased("exact backend, random walk n=50 p=100", 7.558188194, exact, output, seed: seedExact);
        Estimates.AssertUnbiased("pruned backend, random walk n=50 p=100", 7.558188194, pruned, output, seed: seedPruned);

        // Same mean: the difference of two independent means within 4 combined standard errors.
        double z = (exact.Mean - pruned.Mean) / Math.Sqrt((exact.StdErr * exact.StdErr) + (pruned.StdErr * pruned.StdErr));
        output.WriteLine($"per-sample std: exact {exact.Std:G4}, pruned {pruned.Std:G4}; difference of means z = {z:F2}");
        Assert.True(Math.Abs(z) <= 4, $"means differ: z = {z}");
        Assert.True(exact.Std <= pruned.Std, $"exact std {exact.Std} > pruned std {pruned.Std}");
    }
}
