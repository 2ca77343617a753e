using StochasticAD.Backends;
using StochasticAD.Random;
using StochasticAD.Tests.Statistics;
using Xunit.Abstractions;

namespace StochasticAD.Tests.Backends;

// One conformance suite, run over every backend: the concrete classes at the end of this file
// only name the backend. Statistical cases use fixed seeds (printed) and |z| ≤ 4.

public sealed class PrunedConformance(ITestOutputHelper output) : BackendConformanceTests<PrunedJumps>(output);

public sealed class PrunedTwoConformance(ITestOutputHelper output) : BackendConformanceTests<PrunedKJumps<TwoEvents>>(output);

public sealed class PrunedFourConformance(ITestOutputHelper output) : BackendConformanceTests<PrunedKJumps<FourEvents>>(output);

public sealed class PrunedEightConformance(ITestOutputHelper output) : BackendConformanceTests<PrunedKJumps<EightEventSlots>>(output);

public sealed class PrunedWinsConformance(ITestOutputHelper output) : BackendConformanceTests<PrunedJumps<ByWins>>(output);

public sealed class AggressiveConformance(ITestOutputHelper output) : BackendConformanceTests<PrunedJumps<Aggressive>>(output);

public sealed class ExactConformance(ITestOutputHelper output) : BackendConformanceTests<ExactJumps>(output);

public sealed class SmoothedConformance(ITestOutputHelper output) : BackendConformanceTests<SmoothedJumps>(output);

public abstract class BackendConformanceTests<TJumps>(ITestOutputHelper output) where TJumps : struct, IJumps<TJumps>
{
    private const int Samples = 12_000;

    /// <summary>Smoothing backends keep no jumps and are unbiased only for functions linear in the discrete values.</summary>
    private static bool KeepsJumps => !TJumps.Smooths;

    private static long Seed(string name, int k = 0) => (long)StableHash($"{TJumps.Name}/{name}") + k;

    private static ulong StableHash(string s)
    {
        ulong h = 1469598103934665603UL;
        foreach (char c in s)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return h >> 20;
    }

    // ---------------------------------------------------------------- the contract itself

    [Fact]
    public void Default_is_empty()
    {
        TJumps empty = default;
        Assert.False(empty.HasJump);
        Assert.Equal(0, empty.Contribution);
        var list = new List<Jump>();
        empty.CopyTo(list);
        Assert.Empty(list);
    }

    [Fact]
    public void New_jump_is_held_with_its_weight_and_zero_weight_makes_none()
    {
        var run = new DifferentiationRun();
        var rng = new StochasticRandom(1);
        TJumps j = TJumps.New(run, rng, 2, 0.25);
        Assert.False(TJumps.New(run, rng, 2, 0).HasJump);
        Assert.False(TJumps.New(run, rng, 0, 1).HasJump);
        if (!KeepsJumps)
        {
            Assert.False(j.HasJump);
            return;
        }

        Assert.True(j.HasJump);
        Assert.Equal(0.5, j.Contribution, 12);
        var list = new List<Jump>();
        j.CopyTo(list);
        Jump only = Assert.Single(list);
        Assert.Equal(2, only.Delta);
        Assert.Equal(0.25, only.Weight);
    }

    [Fact]
    public void IsEmpty_holds_for_default_and_not_for_a_kept_jump()
    {
        // The operators' no-jump fast path trusts IsEmpty: a backend that keeps jumps must not report
        // a held jump as empty, or the jump would be dropped silently.
        Assert.True(default(TJumps).IsEmpty);
        TJumps j = TJumps.New(new DifferentiationRun(), new StochasticRandom(7), 2, 0.25);
        Assert.Equal(!KeepsJumps, j.IsEmpty);
        if (j.HasJump)
        {
            Assert.False(j.IsEmpty);
        }
    }

    [Fact]
    public void Operators_carry_a_jump_through_the_out_of_line_path()
    {
        // x + c, x · c, exp(x) and c − x on a triple holding a jump: each result's jump is the exact
        // change of the function on the jump's path, with the weight unchanged.
        var run = new DifferentiationRun();
        var x = StochasticTriple<TJumps>.FromParts(0.5, 1, TJumps.New(run, new StochasticRandom(8), 2, 0.25), run);
        var c = StochasticTriple<TJumps>.Parameter(3, 0, run);
        double w = KeepsJumps ? 0.25 : 0;
        Assert.Equal((2 * w) + 1, (x + c).Derivative, 12);
        Assert.Equal((6 * w) + 3, (x * c).Derivative, 12);
        Assert.Equal(((Math.Exp(2.5) - Math.Exp(0.5)) * w) + Math.Exp(0.5), StochasticTriple<TJumps>.Exp(x).Derivative, 12);
        Assert.Equal((-2 * w) - 1, (3.0 - x).Derivative, 12);
    }

    [Fact]
    public void Map_maps_delta_and_keeps_the_weight()
    {
        var run = new DifferentiationRun();
        TJumps j = TJumps.New(run, new StochasticRandom(2), 3, 0.5);
        var affine = new AffineMap(2, 1);
        TJumps m = TJumps.Map(j, affine);
        Assert.Equal(KeepsJumps ? 7 * 0.5 : 0, m.Contribution, 12);
    }

    [Fact]
    public void Map2_couples_jumps_of_the_same_event()
    {
        var run = new DifferentiationRun();
        var rng = new StochasticRandom(3);
        TJumps x = TJumps.New(run, rng, 2, 0.5);
        var triple = new AffineMap(3, 0);
        TJumps y = TJumps.Map(x, triple); // the same event, Δ = 6
        var product = new ProductMap(1, 1);
        TJumps z = TJumps.Map2(x, y, product); // (1 + 2)(1 + 6) − 1 = 20
        Assert.Equal(KeepsJumps ? 20 * 0.5 : 0, z.Contribution, 12);
    }

    [Fact]
    public void Map2_of_two_events_keeps_the_expected_contribution()
    {
        // E[Σ Δ·w] after coupling must be Δ₁w₁ + Δ₂w₂ = 1·1 + 2·3 = 7, whatever the backend prunes.
        if (!KeepsJumps)
        {
            return;
        }

        var rng = new StochasticRandom(Seed("map2"));
        var sum = new SumMap();
        var stats = Estimates.Sample(
            () =>
            {
                var run = new DifferentiationRun();
                TJumps a = TJumps.New(run, rng, 1, 1);
                TJumps b = TJumps.New(run, rng, 2, 3);
                return TJumps.Map2(a, b, sum).Contribution;
            },
            Samples);
        Estimates.AssertUnbiased($"{TJumps.Name}: coupling two events", 7, stats, output, seed: Seed("map2"));
    }

    [Fact]
    public void MapMany_couples_all_operands_event_by_event()
    {
        if (!KeepsJumps)
        {
            return;
        }

        // Operands: a (event 1, Δ 1), b = 2a (event 1, Δ 2), c (event 2, Δ 5); f = Σ Δ.
        // Expected contribution: event 1 gives (1 + 2)·0.5, event 2 gives 5·0.1, total 2.
        var rng = new StochasticRandom(Seed("many"));
        var stats = Estimates.Sample(
            () =>
            {
                var run = new DifferentiationRun();
                TJumps a = TJumps.New(run, rng, 1, 0.5);
                var twice = new AffineMap(2, 0);
                TJumps b = TJumps.Map(a, twice);
                TJumps c = TJumps.New(run, rng, 5, 0.1);
                var total = new TotalMap();
                return TJumps.MapMany<TotalMap>([a, b, c], total).Contribution;
            },
            Samples);
        Estimates.AssertUnbiased($"{TJumps.Name}: MapMany of three operands", 2, stats, output, seed: Seed("many"));
    }

    [Fact]
    public void All2_sees_every_jump_and_never_prunes()
    {
        var run = new DifferentiationRun();
        var rng = new StochasticRandom(4);
        TJumps a = TJumps.New(run, rng, 1, 0.5);
        TJumps b = TJumps.New(run, rng, -1, 0.5);
        var positive = new BothAtMost(0.5);
        bool all = TJumps.All2(a, b, ref positive);
        Assert.Equal(!KeepsJumps || !a.HasJump, all); // a's jump of +1 breaks "≤ 0.5" wherever a still has it
        Assert.Equal(a.HasJump, a.HasJump); // unchanged by All2
        var never = new BothAtMost(10);
        Assert.True(TJumps.All2(a, b, ref never));
    }

    [Fact]
    public void Triples_on_this_backend_carry_the_derivative_of_a_deterministic_function()
    {
        double d = Derivative.Estimate<TJumps>(q => StochasticTriple<TJumps>.Exp(q * q), 0.7);
        Assert.Equal(2 * 0.7 * Math.Exp(0.49), d, 12);
    }

    // ---------------------------------------------------------------- unbiasedness of the draws

    public static TheoryData<string> Draws() => ["bernoulli", "binomial", "geometric", "poisson", "categorical", "nested-binomial", "carried"];

    /// <summary>A draw case: the program over triples and the exact derivative of E[(X + 1)²] (or of E[7X − 3]).</summary>
    private static (Func<StochasticTriple<TJumps>, StochasticTriple<TJumps>> Program, double P, double ExactNonlinear, double ExactLinear)
        Case(string name, StochasticRandom rng) => name switch
    {
        // d/dp E[(X+1)²] and d/dp E[7X − 3], from the closed forms of E[X], E[X²].
        "bernoulli" => (q => rng.Bernoulli(q), 0.3, 3, 7),                              // E[(X+1)²] = 1 + 3p
        "binomial" => (q => rng.Binomial(10, q), 0.4, 10 * (1 - (2 * 0.4)) + (200 * 0.4) + 20, 70), // E[X²] = np(1−p) + n²p²
        "geometric" => (q => rng.Geometric(q), 0.35, GeometricExact(0.35), -7 / (0.35 * 0.35)),
        "poisson" => (q => rng.Poisson(q), 2.5, (2 * 2.5) + 1 + 2, 7),                  // E[(X+1)²] = λ² + 3λ + 1
        "categorical" => (q => rng.Categorical<StochasticTriple<TJumps>>([0.2, q * q, 0, 0.8 - (q * q)]), 0.6, CategoricalExact(0.6), 7 * -2 * 2 * 0.6),
        "nested-binomial" => (q => rng.Binomial(rng.Binomial(10, q), q), 0.5, NestedExact(0.5), 7 * 20 * 0.5),
        "carried" => (q => rng.Binomial(8, (q / 2) + (0.25 * rng.Bernoulli(q))), 0.4, CarriedExact(0.4), 7 * 8 * 0.75),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static double GeometricExact(double p)
    {
        // E[(X+1)²] = E[X²] + 2E[X] + 1 with E[X] = (1−p)/p, E[X²] = (1−p)(2−p)/p²; central difference on the closed form.
        static double M(double p) => ((1 - p) * (2 - p) / (p * p)) + (2 * (1 - p) / p) + 1;
        const double h = 1e-6;
        return (M(p + h) - M(p - h)) / (2 * h);
    }

    private static double CategoricalExact(double q)
    {
        // Categories 0..3 with (0.2, q², 0, 0.8 − q²): E[(X+1)²] = 0.2 + 4q² + 16(0.8 − q²); derivative (8 − 32)q.
        return -24 * q;
    }

    private static double NestedExact(double p)
    {
        // Binomial(Binomial(10, p), p) ~ Binomial(10, p²): E[(X+1)²] = 10p²(1−p²) + 100p⁴ + 20p² + 1.
        static double M(double p) => (10 * p * p * (1 - (p * p))) + (100 * Math.Pow(p, 4)) + (20 * p * p) + 1;
        const double h = 1e-6;
        return (M(p + h) - M(p - h)) / (2 * h);
    }

    private static double CarriedExact(double p)
    {
        // B ~ Bernoulli(p); X ~ Binomial(8, p/2 + B/4); E[(X+1)²] by conditioning on B.
        static double M(double p)
        {
            static double Given(double r) => (8 * r * (1 - r)) + (64 * r * r) + (16 * r) + 1;
            return ((1 - p) * Given(p / 2)) + (p * Given((p / 2) + 0.25));
        }

        const double h = 1e-6;
        return (M(p + h) - M(p - h)) / (2 * h);
    }

    [Theory]
    [MemberData(nameof(Draws))]
    public void Draws_are_unbiased_for_a_nonlinear_function_in_both_directions(string draw)
    {
        if (!KeepsJumps)
        {
            return; // smoothing is biased for nonlinear functions by design; see the linear case
        }

        foreach (double direction in new[] { 1.0, -1.0 })
        {
            long seed = Seed(draw, direction > 0 ? 0 : 1);
            var rng = new StochasticRandom(seed);
            var (program, p, exact, _) = Case(draw, rng);
            var stats = Estimates.Sample(() => Derivative.Estimate<TJumps>(q => Square(program(q) + 1.0), p, direction), Samples);
            Estimates.AssertUnbiased($"{TJumps.Name}: {draw}, f = (x+1)², direction {direction}", direction * exact, stats, output, seed: seed);
        }
    }

    [Theory]
    [MemberData(nameof(Draws))]
    public void Draws_are_unbiased_for_a_linear_function_on_every_backend(string draw)
    {
        long seed = Seed("linear-" + draw);
        var rng = new StochasticRandom(seed);
        var (program, p, _, exact) = Case(draw, rng);
        var stats = Estimates.Sample(() => Derivative.Estimate<TJumps>(q => (7 * program(q)) - 3.0, p), Samples);
        Estimates.AssertUnbiased($"{TJumps.Name}: {draw}, f = 7x − 3", exact, stats, output, seed: seed);
    }

    public static TheoryData<JumpStrategy, CouplingMode> StrategiesAndModes()
    {
        var data = new TheoryData<JumpStrategy, CouplingMode>();
        foreach (JumpStrategy s in new[] { JumpStrategy.SingleSided, JumpStrategy.TwoSided, JumpStrategy.StraightThrough })
        {
            foreach (CouplingMode m in Enum.GetValues<CouplingMode>())
            {
                data.Add(s, m);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(StrategiesAndModes))]
    public void Every_strategy_and_coupling_mode_is_unbiased_on_unbiased_backends(JumpStrategy strategy, CouplingMode mode)
    {
        if (!KeepsJumps)
        {
            return;
        }

        long seed = Seed($"{strategy}/{mode}");
        var rng = new StochasticRandom(seed);
        var options = new DrawOptions(strategy, mode);

        // f = (X + 1)² with X ~ Binomial(10, p) at p = 0.4: d/dp E = 10(1 − 2p) + 200p + 20.
        double exact = (10 * (1 - 0.8)) + 80 + 20;
        var stats = Estimates.Sample(() => Derivative.Estimate<TJumps>(q => Square(rng.Binomial(10, q, options) + 1.0), 0.4), Samples);
        Estimates.AssertUnbiased($"{TJumps.Name}: Binomial with {strategy}, {mode}", exact, stats, output, seed: seed);
    }

    [Fact]
    public void Run_level_strategy_applies_to_every_draw_and_ignore_discrete_shows_the_bias_of_dual_numbers()
    {
        long seed = Seed("ignore");
        var rng = new StochasticRandom(seed);

        // E[Bernoulli(p)] = p, so the truth is 1; plain dual numbers (jumps ignored) give 0.
        var stats = Estimates.Sample(() => Derivative.Estimate<TJumps>(q => rng.Bernoulli(q), 0.3, strategy: JumpStrategy.IgnoreDiscrete), 1000);
        output.WriteLine($"{TJumps.Name}: ignore-discrete on Bernoulli(0.3): mean {stats.Mean} (truth 1), seed {seed}");
        Assert.Equal(0, stats.Mean);
        Assert.Equal(0, stats.Std);
    }

    [Fact]
    public void Enumeration_coupling_carries_jumps_without_bias_and_refuses_infinite_support()
    {
        if (!KeepsJumps)
        {
            return;
        }

        long seed = Seed("enumeration");
        var rng = new StochasticRandom(seed);
        var options = new DrawOptions(Propagation: PropagationCoupling.Enumeration);
        var stats = Estimates.Sample(
            () => Derivative.Estimate<TJumps>(q => Square(rng.Binomial(8, (q / 2) + (0.25 * rng.Bernoulli(q)), options) + 1.0), 0.4),
            Samples);
        Estimates.AssertUnbiased($"{TJumps.Name}: carried jump with enumeration coupling", CarriedExact(0.4), stats, output, seed: seed);

        var ex = Assert.Throws<ArgumentException>(() =>
            Derivative.Estimate<TJumps>(q => rng.Poisson(1.0 + rng.Bernoulli(q), options), 0.9999));
        Assert.Equal("options", ex.ParamName);
    }

    [Fact]
    public void Straight_through_is_refused_where_it_is_not_defined()
    {
        var rng = new StochasticRandom(5);
        var ex = Assert.Throws<ArgumentException>(() =>
            Derivative.Estimate<TJumps>(q => rng.Poisson(q, new DrawOptions(JumpStrategy.StraightThrough)), 2.0));
        Assert.Equal("options", ex.ParamName);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-1.0)]
    public void Random_walk_is_unbiased(double direction)
    {
        if (!KeepsJumps)
        {
            return;
        }

        // n = 20, p = 40: the exact chain of RandomWalkTests gives the reference.
        const double h = 1e-4;
        double exact = direction * (RandomWalkTests.ExactMeanOfSquare(20, 40 + h) - RandomWalkTests.ExactMeanOfSquare(20, 40 - h)) / (2 * h);
        long seed = Seed("walk", direction > 0 ? 0 : 1);
        var rng = new StochasticRandom(seed);
        var stats = Estimates.Sample(() => Derivative.Estimate<TJumps>(q => RandomWalkTests.Walk(20, q, rng), 40, direction), Samples);
        Estimates.AssertUnbiased($"{TJumps.Name}: random walk n=20 p=40 direction {direction}", exact, stats, output, seed: seed);
    }

    private static StochasticTriple<TJumps> Square(StochasticTriple<TJumps> x) => x * x;

    private readonly struct AffineMap(double a, double b) : IJumpMap
    {
        public double Apply(double delta) => (a * delta) + b;
    }

    private readonly struct ProductMap(double x, double y) : IJumpMap2
    {
        public double Apply(double deltaX, double deltaY) => ((x + deltaX) * (y + deltaY)) - (x * y);
    }

    private readonly struct SumMap : IJumpMap2
    {
        public double Apply(double deltaX, double deltaY) => deltaX + deltaY;
    }

    private readonly struct TotalMap : IJumpMapMany
    {
        public double Apply(ReadOnlySpan<double> deltas)
        {
            double s = 0;
            foreach (double d in deltas)
            {
                s += d;
            }

            return s;
        }
    }

    private readonly struct BothAtMost(double bound) : IJumpPredicate2
    {
        public bool Holds(double deltaX, double deltaY) => deltaX <= bound && deltaY <= bound;
    }
}
