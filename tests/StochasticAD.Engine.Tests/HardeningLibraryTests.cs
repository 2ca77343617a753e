using System.Diagnostics;
using StochasticAD.Backends;
using StochasticAD.Models;
using StochasticAD.Random;

namespace StochasticAD.Engine.Tests;

/// <summary>Issue 11, the library side: bad calls throw typed exceptions naming the value; cancellation reaches inside a sample and every reference.</summary>
public class HardeningLibraryTests
{
    public static TheoryData<string, Action, Type, string> BadCalls() => new()
    {
        // 2. an undefined strategy is refused, not run as "no jumps"
        { "2", () => new EstimationOptions { Strategy = (JumpStrategy)99 }.Validate(), typeof(ArgumentOutOfRangeException), "Strategy must be one of" },
        { "2", () => Estimator.Derivative(new CrazyModel(), 0.5, EstimatorKind.Triple, new EstimationOptions { Strategy = (JumpStrategy)99, Samples = 10 }), typeof(ArgumentOutOfRangeException), "but is 99" },
        { "2", () => Derivative.Estimate(p => p * p, 0.5, strategy: (JumpStrategy)99), typeof(ArgumentOutOfRangeException), "strategy must be one of" },

        // 5. smoothed backend + Branch.If on a condition that depends on p
        { "5", () => Derivative.Estimate<SmoothedJumps>(p => SmoothedBranch(p, new StochasticRandom(1)), 0.4), typeof(SmoothedBranchException), "b * x + (1 - b) * y" },

        // 6. triple probabilities whose derivatives do not sum to 0
        { "6", () => Derivative.Estimate(p => new StochasticRandom(1).Categorical([p, 1.5 - (2 * p)]), 0.5), typeof(ArgumentException), "must sum to 0" },

        // 11. sample counts beyond 2^53 are refused (no bare OverflowException)
        { "11", () => new EstimationOptions { Samples = long.MaxValue }.Validate(), typeof(ArgumentOutOfRangeException), "Samples must be in [1, 2^53]" },
        { "11", () => new EstimationOptions { MaxSamples = -1 }.Validate(), typeof(ArgumentOutOfRangeException), "MaxSamples must be in [1, 2^53], but is -1" },

        // 15. p outside the model's range, in the model's terms
        { "15", () => Estimator.Derivative(new RandomWalkModel(10), -1, EstimatorKind.Triple, new EstimationOptions { Samples = 10 }), typeof(ArgumentOutOfRangeException), "p = -1 is out of range for random-walk: p > 0." },
        { "15", () => Estimator.Mean(new CrazyModel(), 2, new EstimationOptions { Samples = 10 }), typeof(ArgumentOutOfRangeException), "p = 2 is out of range for crazy" },
    };

    [Theory]
    [MemberData(nameof(BadCalls))]
    public void Bad_library_calls_throw_a_typed_exception_with_a_clear_message(string item, Action call, Type exception, string fragment)
    {
        Exception e = Assert.Throws(exception, call);
        Assert.True(e.Message.Contains(fragment, StringComparison.Ordinal), $"item {item}: {e.Message}");
    }

    private static StochasticTriple<TJumps> SmoothedBranch<TJumps>(StochasticTriple<TJumps> p, StochasticRandom rng) where TJumps : struct, IJumps<TJumps>
    {
        StochasticTriple<TJumps> b = rng.Bernoulli(p);
        return Branch.If(b, () => StochasticTriple<TJumps>.Exp(p), () => p * p);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-1.0)]
    public void Item05_the_same_branch_is_unbiased_with_a_backend_that_keeps_jumps(double direction)
    {
        // E = p·e^p + (1 − p)·p²; dE/dp = e^p + p·e^p + 2p − 3p² = 2.4086 at p = 0.4 (smoothing gave 1.0766).
        const double p = 0.4;
        const int seed = 11, n = 40_000;
        double exact = direction * (Math.Exp(p) + (p * Math.Exp(p)) + (2 * p) - (3 * p * p));
        var m = new OnlineMoments();
        for (int i = 0; i < n; i++)
        {
            StochasticRandom rng = StochasticRandom.ForStream(seed, i);
            m.Add(Derivative.Estimate(q => SmoothedBranch(q, rng), p, direction));
        }

        double z = (m.Mean - exact) / m.StandardError;
        Assert.True(Math.Abs(z) <= 4, $"seed {seed}: {m.Mean} ± {m.StandardError} vs {exact}, z = {z:F2}");
    }

    [Fact]
    public void Item06_probabilities_whose_derivatives_sum_to_zero_are_accepted() =>
        Assert.True(double.IsFinite(Derivative.Estimate(p => new StochasticRandom(1).Categorical([p, 1 - p]), 0.3)));

    [Theory]
    [InlineData(2, 1e-5)]
    [InlineData(2, 1e-4)]
    [InlineData(2, 0.01)]
    [InlineData(2, 50)]
    [InlineData(3, 0.7)]
    public void Item04_random_walk_reference_matches_the_closed_form(int steps, double p)
    {
        // Two steps: 0 → 1 → 2 with probability e^(−1/p), else back to 0: E[X²] = 4e^(−1/p), d/dp = 4e^(−1/p)/p².
        // Three steps: X₃ = 3 w.p. e^(−1/p)e^(−2/p), else 1: E[X²] = 1 + 8e^(−3/p), d/dp = 24e^(−3/p)/p².
        double exact = steps == 2 ? 4 * Math.Exp(-1 / p) / (p * p) : 24 * Math.Exp(-3 / p) / (p * p);
        double reference = new RandomWalkModel(steps).ExactDerivative(p)!.Value;
        Assert.Equal(exact, reference, Math.Max(1e-300, 1e-12 * Math.Abs(exact)));
    }

    [Theory]
    [InlineData(1e-300)]
    [InlineData(1e-5)]
    [InlineData(1e-4)]
    [InlineData(0.01)]
    [InlineData(50)]
    [InlineData(1e8)]
    public void Item04_random_walk_reference_is_finite_and_matches_a_difference_quotient_where_that_is_accurate(double p)
    {
        var model = new RandomWalkModel(100);
        double d = model.ExactDerivative(p)!.Value;
        Assert.True(double.IsFinite(d), $"p = {p}: {d}");
        if (p is >= 1 and <= 1e4)
        {
            double h = 1e-4 * p;
            double quotient = (model.ExactMean(p + h)!.Value - model.ExactMean(p - h)!.Value) / (2 * h);
            Assert.Equal(quotient, d, 1e-5 * Math.Max(1, Math.Abs(d)));
        }
    }

    [Fact]
    public void Item07_a_missed_target_is_flagged()
    {
        var options = new EstimationOptions { TargetStandardError = 1e-6, MaxSamples = 2000, Seed = 3 };
        Assert.True(Estimator.Derivative(new CrazyModel(), 0.6, EstimatorKind.Triple, options).TargetMissed);
        Assert.False(Estimator.Derivative(new CrazyModel(), 0.6, EstimatorKind.Triple, options with { TargetStandardError = 5 }).TargetMissed);
        Assert.False(Estimator.Derivative(new CrazyModel(), 0.6, EstimatorKind.Triple, new EstimationOptions { Samples = 100 }).TargetMissed);
    }

    /// <summary>Item 9: one SIR sample of 100 000 agents took 73 s to see the token; the generator now checks it every few thousand draws.</summary>
    [Theory]
    [InlineData(EstimatorKind.Triple)]
    [InlineData(EstimatorKind.FiniteDifference)]
    [InlineData(EstimatorKind.Score)]
    public void Item09_cancellation_interrupts_a_long_single_sample(EstimatorKind kind)
    {
        var model = new SirModel(100_000, 10, 1_000, 0.5, 0.25, false);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var timer = Stopwatch.StartNew();
        EstimationResult r = Estimator.Derivative(model, 0.5, kind, new EstimationOptions { Samples = 2, MaxDegreeOfParallelism = 1 }, null, cts.Token);
        Assert.True(r.Partial);
        Assert.Equal(0, r.Samples);

        // A liveness bound, not a speed assertion: without the generator's check this takes minutes.
        Assert.True(timer.Elapsed < TimeSpan.FromSeconds(30), $"took {timer.Elapsed}");
    }

    public static TheoryData<string, Action<CancellationToken>> References() => new()
    {
        { "random-walk exact", ct => new RandomWalkModel(100_000).ExactDerivative(50, ct) },
        { "random-walk mean", ct => new RandomWalkModel(100_000).ExactMean(50, ct) },
        { "sir exact", ct => new SirModel(120, 1, 10_000, 0.5, 0.25, false).ExactDerivative(0.5, ct) },
        { "sir fd reference", ct => new SirModel(1_000, 1, 10, 0.5, 0.25, false).ReferenceDerivative(0.5, ct) },
        { "game-of-life exact", ct => new GameOfLifeModel(1, 10_000, 0.1).ExactDerivative(0.5, ct) },
    };

    [Theory]
    [MemberData(nameof(References))]
    public void Item09_every_long_reference_computation_honours_the_token(string name, Action<CancellationToken> reference)
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => reference(cts.Token));
        Assert.False(string.IsNullOrEmpty(name));
    }

    [Fact]
    public void Item09_a_model_too_large_for_a_sampled_reference_has_none_instead_of_hours_of_sampling()
    {
        // `estimate sir --set agents=100000 -n 2` spent 836 s in the finite-difference reference after its two samples.
        Assert.Null(new SirModel(100_000, 1, 10, 0.5, 0.25, false).ReferenceDerivative(0.5));
        Assert.NotNull(new SirModel(20, 1, 10, 0.5, 0.25, false).ReferenceDerivative(0.5));
    }

    [Fact]
    public void Item09_the_generator_throws_within_a_few_thousand_draws_of_cancellation()
    {
        using var cts = new CancellationTokenSource();
        var rng = new StochasticRandom(1) { CancellationToken = cts.Token };
        for (int i = 0; i < 100_000; i++)
        {
            rng.NextUInt64();
        }

        cts.Cancel();
        int draws = 0;
        void DrawForever()
        {
            while (true)
            {
                rng.NextUInt64();
                draws++;
            }
        }

        Assert.Throws<OperationCanceledException>(DrawForever);
        Assert.True(draws <= 4096, $"{draws} draws after cancellation");

        // Without a token the stream is the same as before (the check draws nothing).
        var plain = new StochasticRandom(7);
        var watched = new StochasticRandom(7) { CancellationToken = new CancellationTokenSource().Token };
        for (int i = 0; i < 20_000; i++)
        {
            Assert.Equal(plain.NextUInt64(), watched.NextUInt64());
        }
    }

    [Fact]
    public void Item11_ten_trillion_samples_run_without_overflow_until_cancelled()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        EstimationResult r = Estimator.Derivative(new CrazyModel(), 0.6, EstimatorKind.Triple, new EstimationOptions { Samples = 10_000_000_000_000 }, null, cts.Token);
        Assert.True(r.Partial);
        Assert.True(r.Samples > 0);
    }

    [Fact]
    public void Item15_the_comparison_exception_suggests_Branch_If() =>
        Assert.Contains("Branch.If", new PredicateDependsOnJumpException("<", true, "1, 2", "3, 2").Message, StringComparison.Ordinal);

    /// <summary>Welford's running mean and variance, for the one statistical test here.</summary>
    private sealed class OnlineMoments
    {
        private long _n;
        private double _m2;

        public double Mean { get; private set; }

        public double StandardError => Math.Sqrt(_m2 / (_n - 1) / _n);

        public void Add(double x)
        {
            _n++;
            double d = x - Mean;
            Mean += d / _n;
            _m2 += d * (x - Mean);
        }
    }
}
