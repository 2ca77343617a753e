using StochasticAD.Backends;
using StochasticAD.Random;

namespace StochasticAD.Tests.Backends;

public sealed class PrunedTwoTests : PrunedKJumpsTests<TwoEvents>;

public sealed class PrunedFourTests : PrunedKJumpsTests<FourEvents>;

/// <summary>Tests of the K-event backend's own mechanics (the conformance suite covers the contract).</summary>
public abstract class PrunedKJumpsTests<TSlots> where TSlots : struct, IEventSlots
{
    private static int K => TSlots.Capacity;

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
