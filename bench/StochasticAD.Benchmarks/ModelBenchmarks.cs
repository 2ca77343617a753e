using BenchmarkDotNet.Attributes;
using StochasticAD.Backends;
using StochasticAD.Models;
using StochasticAD.Random;

namespace StochasticAD.Benchmarks;

/// <summary>
/// One invocation is one run of a model: a plain simulation (<see cref="Primal"/>, the baseline),
/// or one derivative sample of an estimator, done the way <see cref="Estimator"/> does it.
/// </summary>
/// <remarks>
/// Like the estimator, each invocation makes its own generator, <see cref="StochasticRandom.ForStream(long, long)"/>
/// (seed, i) for invocation i = 0, 1, 2, … of the benchmark, so the runs are deterministic, differ from
/// one another (as samples do), and the cost of creating the generator (and the closure and the
/// differentiation run of a derivative sample) is counted, in time and in bytes, as in a real estimate.
/// </remarks>
[MemoryDiagnoser]
public class ModelBenchmarks
{
    private StochasticModel _model = null!;
    private double _p;
    private double _h;
    private long _stream;

    /// <summary>The model, by its catalog name (sizes in <see cref="BenchModels"/>).</summary>
    [ParamsSource(nameof(Models))]
    public string Model { get; set; } = "random-walk";

    /// <summary>The values of <see cref="Model"/>.</summary>
    public static IEnumerable<string> Models => BenchModels.Names;

    [GlobalSetup]
    public void Setup()
    {
        _model = BenchModels.Create(Model);
        _p = BenchModels.P(Model, _model);
        _h = 0.01 * Math.Max(1, Math.Abs(_p)); // the estimator's default finite-difference step
        _stream = 0;
    }

    /// <summary>One plain run with <c>double</c>.</summary>
    [Benchmark(Baseline = true)]
    public double Primal() => _model.Run(_p, NextRng());

    /// <summary>One derivative sample with the default backend.</summary>
    [Benchmark]
    public double Pruned() => TripleSample<PrunedJumps>();

    /// <summary>One derivative sample with the backend that keeps up to two events per triple (pruned-2).</summary>
    [Benchmark]
    public double PrunedTwo() => TripleSample<PrunedKJumps<TwoEvents>>();

    /// <summary>One derivative sample with the backend that keeps up to four events per triple (pruned-4).</summary>
    [Benchmark]
    public double PrunedFour() => TripleSample<PrunedKJumps<FourEvents>>();

    /// <summary>One derivative sample with the exact (no pruning) backend.</summary>
    [Benchmark]
    public double Exact() => TripleSample<ExactJumps>();

    /// <summary>One derivative sample with the smoothed (dual number, biased) backend.</summary>
    [Benchmark]
    public double Smoothed() => TripleSample<SmoothedJumps>();

    /// <summary>One derivative sample with the aggressive (reservoir) backend.</summary>
    [Benchmark]
    public double Aggressive() => TripleSample<PrunedJumps<Aggressive>>();

    /// <summary>One score-function sample, as <c>Estimator.ScoreSample</c> makes it (baseline 0; score-cv costs the same per sample).</summary>
    [Benchmark]
    public double Score()
    {
        StochasticRandom rng = NextRng();
        var recorder = new ScoreRecorder();
        rng.Score = recorder;
        StochasticTriple<PrunedJumps> y = Derivative.Triple<PrunedJumps>(q => _model.Run(q, rng), _p);
        return (y.Value * recorder.Score) + y.Dual;
    }

    /// <summary>One central finite-difference sample with common random numbers: two plain runs on the same stream.</summary>
    [Benchmark]
    public double FiniteDifference()
    {
        long stream = _stream++;
        double up = _model.Run(_p + _h, StochasticRandom.ForStream(BenchModels.Seed, stream));
        double down = _model.Run(_p - _h, StochasticRandom.ForStream(BenchModels.Seed, stream));
        return (up - down) / (2 * _h);
    }

    private double TripleSample<TJumps>() where TJumps : struct, IJumps<TJumps>
    {
        StochasticRandom rng = NextRng();
        return Derivative.Estimate<TJumps>(q => _model.Run(q, rng), _p);
    }

    private StochasticRandom NextRng() => StochasticRandom.ForStream(BenchModels.Seed, _stream++);
}
