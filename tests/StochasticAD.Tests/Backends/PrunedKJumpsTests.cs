using System.Globalization;
using StochasticAD.Backends;
using StochasticAD.Models;
using StochasticAD.Random;
using StochasticAD.Tests.Statistics;
using Xunit.Abstractions;

namespace StochasticAD.Tests.Backends;

public sealed class PrunedTwoTests(ITestOutputHelper output) : PrunedKJumpsTests<TwoEvents>(output);

public sealed class PrunedFourTests(ITestOutputHelper output) : PrunedKJumpsTests<FourEvents>(output);

public sealed class PrunedEightTests(ITestOutputHelper output) : PrunedKJumpsTests<EightEventSlots>(output);

/// <summary>Tests of the K-event backend's own mechanics and statistics (the conformance suite covers the contract).</summary>
public abstract class PrunedKJumpsTests<TSlots>(ITestOutputHelper output) where TSlots : struct, IEventSlots
{
    private static int K => TSlots.Capacity;

    private static string Name => PrunedKJumps<TSlots>.Name;

    /// <summary>
    /// The model of the bug report (binomials with random n and p, every group coupled to every
    /// other), smaller: one directional derivative per sample, pruned-K minus exact on the same
    /// stream, so the statistic is the paired difference (valid whatever the pairs' correlation).
    /// </summary>
    [Theory]
    [InlineData(+1)]
    [InlineData(-1)]
    public void Age_group_sir_directional_derivative_matches_exact(double sign)
    {
        const int Samples = 2500;
        var model = new AgeGroupSirModel(groups: 4, groupSize: 40, steps: 12);
        double[] p = model.DefaultP();
        double[] direction = [sign, 0.5 * sign, -0.25 * sign, sign];
        long seed = Estimates.StableSeed($"{Name} age-group SIR {sign}");
        var differences = new double[Samples];
        var exact = new double[Samples];
        var pruned = new double[Samples];
        for (int i = 0; i < Samples; i++)
        {
            StochasticRandom exactRng = StochasticRandom.ForStream(seed, i), prunedRng = StochasticRandom.ForStream(seed, i);
            exact[i] = Derivative.Directional<ExactJumps>(q => model.Run<StochasticTriple<ExactJumps>>(q, exactRng), p, direction);
            pruned[i] = Derivative.Directional<PrunedKJumps<TSlots>>(q => model.Run<StochasticTriple<PrunedKJumps<TSlots>>>(q, prunedRng), p, direction);
            differences[i] = pruned[i] - exact[i];
        }

        var e = Estimates.Summary(exact);
        var k = Estimates.Summary(pruned);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"direction {sign:+0;-0}: exact {e.Mean:G5} ± {e.StdErr:G3} (std {e.Std:G4}), {Name} {k.Mean:G5} ± {k.StdErr:G3} (std {k.Std:G4}), seed {seed}"));
        Estimates.AssertUnbiased($"{Name} − exact, age-group SIR, direction {sign:+0;-0}", 0, Estimates.Summary(differences), output, seed: seed);
    }

    /// <summary>
    /// A pruned event stays in triples computed before its pruning, while triples computed after
    /// it drop it: their values on its path are no longer consistent. Combining the two must not
    /// evaluate that path (here it would be Binomial(−1, ·): the age-group SIR model's
    /// "n (on a jump's path) must be a whole number >= 0, but is -1").
    /// </summary>
    [Fact]
    public void A_pruned_event_is_never_mapped_on_an_impossible_path()
    {
        var run = new DifferentiationRun();
        var rng = new StochasticRandom(7);

        // Two light events and K − 1 heavy ones: their sum holds K + 1 events, so the two light
        // ones are pruned against each other (which one dies is a coin flip; the test holds either way).
        StochasticTriple<PrunedKJumps<TSlots>> light1 = Event(run, rng, 1);
        StochasticTriple<PrunedKJumps<TSlots>> light2 = Event(run, rng, 1);
        StochasticTriple<PrunedKJumps<TSlots>> sum = light1 + light2;
        for (int h = 0; h < K - 1; h++)
        {
            sum += Event(run, rng, 100);
        }

        // On the dead light event's path the true difference is 0; the sum dropped that event, a
        // fresh light1 + light2 still holds it: a naive merge says −1 there, with K events in all.
        StochasticTriple<PrunedKJumps<TSlots>> difference = sum - (light1 + light2);
        Assert.Equal(0, difference.Value);

        // Each heavy event adds one trial on its path; the pruned one must add nothing.
        StochasticTriple<PrunedKJumps<TSlots>> draw = rng.Binomial(difference, 0.5);
        Assert.Equal(0, draw.Value);
        var jumps = new List<Jump>();
        draw.Jumps.CopyTo(jumps);
        Assert.All(jumps, j => Assert.InRange(j.Delta, 0, 1));
    }

    private static StochasticTriple<PrunedKJumps<TSlots>> Event(DifferentiationRun run, StochasticRandom rng, double weight) =>
        StochasticTriple<PrunedKJumps<TSlots>>.FromJumps(0, 0, [(1, weight)], run, rng);
}
