using System.Runtime.CompilerServices;
using StochasticAD.Backends;
using StochasticAD.Random;

namespace StochasticAD;

// The run's event table, struct-of-arrays: the state of each random event that must be shared by
// every triple descended from it (its weight, whether it is still alive, how many prunings it
// has won, which generator decides its prunings). A jump of the pruned backends is then
// (Δ, event index, run stamp): plain data. Index 0 is unused, so 0 means "no event". The arrays
// grow by doubling and are kept when a pooled run object is reused, so a run in steady state
// allocates nothing per event.
public sealed partial class DifferentiationRun
{
    private double[] _weights = [];
    private int[] _wins = []; // pairwise prunings won + 1 while alive; 0 once pruned away
    private PruningMode[] _modes = [];
    private StochasticRandom? _generator; // the generator of every event so far, while they all share one (the usual case)
    private StochasticRandom?[] _generators = []; // per event, once events of more than one generator exist
    private bool _generatorPerEvent;
    private int _eventCount;

    /// <summary>The aggressive backend's running Σ|w| over the run's events.</summary>
    internal double AggressiveTotal { get; set; }

    /// <summary>The aggressive backend's one live event (0 if none yet).</summary>
    internal int AggressiveLive { get; set; }

    /// <summary>The number of events in the table.</summary>
    internal int EventCount => _eventCount;

    /// <summary>Adds an alive event of weight <paramref name="weight"/>; returns its index (1, 2, …).</summary>
    internal int NewEvent(StochasticRandom rng, double weight, PruningMode mode)
    {
        int e = ++_eventCount;
        if (e >= _weights.Length)
        {
            GrowEvents();
        }

        _weights[e] = weight;
        _wins[e] = 1;
        _modes[e] = mode;

        // One generator for the whole run is kept in one field: storing it per event was a GC write
        // barrier on every new event (about every other step of the random walk).
        if (_generatorPerEvent || !ReferenceEquals(rng, _generator))
        {
            SetGenerator(e, rng);
        }

        return e;
    }

    /// <summary>Records the generator of event <paramref name="e"/> when it is not the run's one generator so far.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void SetGenerator(int e, StochasticRandom rng)
    {
        if (e == 1)
        {
            _generator = rng;
            return;
        }

        if (!_generatorPerEvent)
        {
            Array.Fill(_generators, _generator, 1, e - 1);
            _generatorPerEvent = true;
        }

        _generators[e] = rng;
    }

    /// <summary>Whether event <paramref name="e"/> has not been pruned away.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool IsAlive(int e) => _wins[e] != 0;

    /// <summary>The weight of event <paramref name="e"/> (rescaled by every pruning it survived).</summary>
    internal ref double WeightOf(int e) => ref _weights[e];

    /// <summary>Pairwise prunings event <paramref name="e"/> has won, plus one; 0 once it is dead.</summary>
    internal ref int WinsOf(int e) => ref _wins[e];

    /// <summary>How clashes involving event <paramref name="e"/> are decided.</summary>
    internal PruningMode ModeOf(int e) => _modes[e];

    /// <summary>The generator that drew event <paramref name="e"/>; its prunings draw from it.</summary>
    internal StochasticRandom GeneratorOf(int e) => (_generatorPerEvent ? _generators[e] : _generator)!;

    /// <summary>Marks event <paramref name="e"/> pruned away for every triple that holds it.</summary>
    internal void Kill(int e) => _wins[e] = 0;

    private void ClearEvents()
    {
        // Drop the generators (they may be large and belong to the previous use); the numbers are overwritten on reuse.
        if (_generatorPerEvent)
        {
            Array.Clear(_generators, 0, Math.Min(_eventCount + 1, _generators.Length));
            _generatorPerEvent = false;
        }

        _generator = null;
        _eventCount = 0;
        _directionStride = 0;
        AggressiveTotal = 0;
        AggressiveLive = 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GrowEvents()
    {
        int size = Math.Max(16, _weights.Length * 2);
        Array.Resize(ref _weights, size);
        Array.Resize(ref _wins, size);
        Array.Resize(ref _modes, size);
        Array.Resize(ref _generators, size);
    }
}
