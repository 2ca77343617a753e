using StochasticAD.Backends;
using StochasticAD.Random;
using Triple = StochasticAD.StochasticTriple<StochasticAD.Backends.PrunedJumps>;

namespace StochasticAD.Tests;

/// <summary>Triples hold their run as a stamp; these pin down what that must still guarantee.</summary>
public class RunRegistryTests
{
    [Fact]
    public void A_triple_kept_from_an_earlier_call_fails_loudly_when_used_alone()
    {
        var rng = new StochasticRandom(5);
        Triple kept = default;
        Derivative.Estimate(q => kept = rng.Bernoulli(q) + q, 0.5);
        Derivative.Estimate(q => q * 2, 0.5); // the thread's pooled run is reused with a new stamp

        // Read-outs of the kept triple must not read the new call's events.
        var ex = Assert.Throws<MixedRunException>(() => kept.Run);
        Assert.Contains("finished run", ex.Message, StringComparison.Ordinal);
        if (kept.Jumps.Event != 0)
        {
            Assert.Throws<MixedRunException>(() => kept.Derivative);
        }

        // Used inside a new call it is mixing two runs, whose message names both.
        var mixed = Assert.Throws<MixedRunException>(() => Derivative.Estimate(q => q + kept, 0.5));
        Assert.Contains("a finished run", mixed.Message, StringComparison.Ordinal);
        Assert.Matches(@"\(run \d+ and a finished run", mixed.Message);
    }

    [Fact]
    public void Each_event_keeps_the_generator_that_drew_it_and_a_restart_forgets_them()
    {
        // The run keeps one generator while all events share it and switches to one per event when
        // a second appears; the prunings must still draw from each event's own generator.
        var a = new StochasticRandom(1);
        var b = new StochasticRandom(2);
        var run = new DifferentiationRun();
        int[] events =
        [
            run.NewEvent(a, 1, PruningMode.Weights),
            run.NewEvent(a, 1, PruningMode.Weights),
            run.NewEvent(b, 1, PruningMode.Weights),
            run.NewEvent(a, 1, PruningMode.Weights),
        ];
        Assert.Same(a, run.GeneratorOf(events[0]));
        Assert.Same(a, run.GeneratorOf(events[1]));
        Assert.Same(b, run.GeneratorOf(events[2]));
        Assert.Same(a, run.GeneratorOf(events[3]));

        run.Restart(JumpStrategy.Default);
        int first = run.NewEvent(b, 1, PruningMode.Weights);
        int second = run.NewEvent(b, 1, PruningMode.Weights);
        Assert.Same(b, run.GeneratorOf(first));
        Assert.Same(b, run.GeneratorOf(second));
    }

    [Fact]
    public void Mixing_two_live_runs_names_both()
    {
        var first = new DifferentiationRun();
        var second = new DifferentiationRun();
        Triple a = Triple.Parameter(1, 1, first);
        Triple b = Triple.Parameter(2, 1, second);
        var ex = Assert.Throws<MixedRunException>(() => a + b);
        Assert.Contains($"{first} and {second}", ex.Message, StringComparison.Ordinal);
        Assert.Same(first, a.Run);
        Assert.Same(second, b.Run);
    }

    [Fact]
    public void A_call_nested_in_another_calls_program_gets_a_run_of_its_own()
    {
        var rng = new StochasticRandom(9);
        double inner = 0;
        double outer = Derivative.Estimate(
            q =>
            {
                inner = Derivative.Estimate(r => rng.Bernoulli(r) * 3, 0.25);
                return q * q;
            },
            1.5);
        Assert.Equal(3, outer, 12);
        Assert.True(double.IsFinite(inner));
    }

    [Fact]
    public void The_triple_of_Derivative_Triple_outlives_later_calls_until_its_ring_slot_is_reused()
    {
        // The README keeps the triple of one call and prints it after the next: Triple gives its
        // triple a run of its own (this thread's ring), which the pooled run of Estimate never evicts.
        var rng = new StochasticRandom(3);
        Triple kept = Derivative.Triple(q => rng.Bernoulli(q) * 2, 0.5);
        double value = kept.Value;
        double derivative = kept.Derivative;
        for (int i = 0; i < 1000; i++)
        {
            Derivative.Estimate(q => rng.Bernoulli(q), 0.5);
        }

        Assert.Equal(value, kept.Value);
        Assert.Equal(derivative, kept.Derivative);

        // 127 more runs of its own on this thread reuse its slot: then reading it fails loudly.
        for (int i = 0; i < 127; i++)
        {
            _ = Derivative.Triple(q => rng.Bernoulli(q), 0.5);
        }

        Assert.Equal(value, kept.Value); // plain data
        Assert.Throws<MixedRunException>(() => kept.Run);

        // A run made by the caller lives as long as the caller wants (until its thread has made 127 more that way).
        var own = new DifferentiationRun();
        Triple mine = rng.Bernoulli(Triple.Parameter(0.5, 1, own)) * 2;
        double before = mine.Derivative;
        for (int i = 0; i < 10; i++)
        {
            Derivative.Estimate(q => rng.Bernoulli(q), 0.5);
        }

        Assert.Equal(before, mine.Derivative);
        Assert.Same(own, mine.Run);
    }

    [Fact]
    public void Runs_made_by_other_threads_never_evict_a_run_in_use()
    {
        var own = new DifferentiationRun();
        Triple mine = Triple.Parameter(0.5, 1, own) * 3;
        // Other threads (not this one: Parallel.For would run part of the loop here) make many runs.
        Thread[] others = [.. Enumerable.Range(0, 2).Select(k => new Thread(() =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                _ = Triple.Parameter(1, 1, new DifferentiationRun()) * 2;
            }
        }))];
        foreach (Thread t in others)
        {
            t.Start();
        }

        foreach (Thread t in others)
        {
            t.Join();
        }

        Assert.Same(own, mine.Run);
        Assert.Equal(3, mine.Derivative);
    }

    [Fact]
    public void A_run_ends_when_its_thread_has_made_127_more()
    {
        var first = new DifferentiationRun();
        Triple kept = Triple.Parameter(0.5, 1, first);
        for (int i = 0; i < 126; i++)
        {
            _ = new DifferentiationRun();
        }

        Assert.Same(first, kept.Run);
        _ = new DifferentiationRun();
        Assert.Throws<MixedRunException>(() => kept.Run);
    }

    [Fact]
    public void Estimate_allocates_nothing_per_call_besides_what_the_caller_makes()
    {
        // The pooled run, its event table and the parameter are reused: after a warm-up, a call of a
        // program that makes jumps allocates no more than its closure (made here once).
        var rng = new StochasticRandom(17);
        Func<Triple, Triple> walk = q =>
        {
            Triple x = 0;
            for (int i = 0; i < 50; i++)
            {
                Triple up = rng.Bernoulli(Triple.Exp(-x / q));
                x += up + up - 1;
            }

            return x * x;
        };
        for (int i = 0; i < 20; i++)
        {
            Derivative.Estimate(walk, 50.0);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            Derivative.Estimate(walk, 50.0);
        }

        long perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / 100;
        Assert.True(perCall == 0, $"Derivative.Estimate allocated {perCall} bytes per call");
    }

    [Fact]
    public void Jumps_are_plain_data_without_object_references()
    {
        Assert.False(System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<Triple>());
        Assert.False(System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<StochasticTriple<PrunedKJumps<FourEvents>>>());
        Assert.False(System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<StochasticTriple<PrunedJumps<Aggressive>>>());
    }
}
