using System.Numerics;
using StochasticAD.Backends;
using StochasticAD.Models;
using StochasticAD.Random;
using StochasticAD.Tests.Statistics;
using Xunit.Abstractions;
using Triple = StochasticAD.StochasticTriple<StochasticAD.Backends.PrunedJumps>;

namespace StochasticAD.Tests.Api;

/// <summary>
/// Issue 13's API friction items: the model constraint (1), a binomial with a random count and a
/// constant probability in generic code (2), draws inside Branch.If arms (3) and hashing triples (6).
/// </summary>
public class ApiErgonomicsTests(ITestOutputHelper output)
{
    private const int N = 20_000;

    // ============================================================================ 1. the model constraint

    /// <summary>The numeric interfaces of the model constraint, as documented (docs/writing-models.md).</summary>
    private static readonly Type[] ModelConstraint =
    [
        typeof(INumber<>), typeof(ISignedNumber<>), typeof(IExponentialFunctions<>), typeof(ILogarithmicFunctions<>),
        typeof(IPowerFunctions<>), typeof(IRootFunctions<>), typeof(ITrigonometricFunctions<>), typeof(IHyperbolicFunctions<>),
    ];

    [Fact]
    public void Every_model_Run_has_the_documented_constraint_and_it_covers_every_function_interface_of_the_triple()
    {
        foreach (System.Reflection.MethodInfo run in new[]
        {
            typeof(IStochasticModel).GetMethod(nameof(IStochasticModel.Run))!,
            typeof(IVectorStochasticModel).GetMethod(nameof(IVectorStochasticModel.Run))!,
            typeof(StochasticModel).GetMethod(nameof(StochasticModel.Run))!,
        })
        {
            Type[] constraints = run.GetGenericArguments()[0].GetGenericParameterConstraints();
            Assert.Equal(
                ModelConstraint.Select(t => t.Name).Order(),
                constraints.Select(c => c.GetGenericTypeDefinition().Name).Order());
        }

        // Everything the triple implements of System.Numerics' function interfaces is in the constraint,
        // and double satisfies all of it (so a model runs with both).
        var functionInterfaces = typeof(Triple).GetInterfaces()
            .Where(i => i.IsGenericType && i.Namespace == "System.Numerics" && i.Name.Contains("Functions", StringComparison.Ordinal))
            .Select(i => i.GetGenericTypeDefinition());
        Assert.All(functionInterfaces, i => Assert.Contains(i, ModelConstraint));
        Assert.All(ModelConstraint, i => Assert.True(i.MakeGenericType(typeof(double)).IsAssignableFrom(typeof(double)), i.Name));
        Assert.All(ModelConstraint, i => Assert.True(i.MakeGenericType(typeof(Triple)).IsAssignableFrom(typeof(Triple)), i.Name));
    }

    /// <summary>X = sin(p)·Bernoulli(p) + tanh(p): E = p·sin p + tanh p, dE/dp = sin p + p·cos p + 1 − tanh² p.</summary>
    private sealed class TrigonometricModel : IStochasticModel
    {
        public string Name => "trigonometric";

        // An explicit implementation inherits the constraint, so T.Sin and T.Tanh compile without restating it.
        T IStochasticModel.Run<T>(T p, StochasticRandom rng) => (T.Sin(p) * rng.Bernoulli(p)) + T.Tanh(p);
    }

    [Theory]
    [InlineData(+1, 1301)]
    [InlineData(-1, 1302)]
    public void A_model_can_call_trigonometric_and_hyperbolic_functions_and_is_unbiased(double direction, long seed)
    {
        const double p = 0.3;
        IStochasticModel model = new TrigonometricModel();
        double exact = direction * (Math.Sin(p) + (p * Math.Cos(p)) + 1 - (Math.Tanh(p) * Math.Tanh(p)));
        var rng = new StochasticRandom(seed);
        var stats = Estimates.Sample(() => Derivative.Estimate(q => model.Run(q, rng), p, direction), N);
        Estimates.AssertUnbiased($"sin(p)·Bernoulli(p) + tanh(p), direction {direction:+0;-0}", exact, stats, output, seed: seed);

        EstimationResult engine = Estimator.Derivative(model, p, EstimatorKind.Triple, new EstimationOptions { Seed = seed, Samples = N });
        Estimates.AssertUnbiased("the same through Estimator.Derivative", Math.Abs(exact), (engine.Mean, engine.StandardError, engine.StandardDeviation, N), output, seed: seed);
    }

    // ============================================================================ 2. Binomial(T n, double p)

    /// <summary>g ~ Binomial(5, p), then Binomial(g, 0.7): E = 3.5·p, dE/dp = 3.5. Generic over T.</summary>
    private static T CountThenThin<T>(T p, StochasticRandom rng) where T : INumber<T>
    {
        T g = rng.Binomial(5, p);
        return rng.Binomial(g, 0.7);
    }

    [Fact]
    public void Binomial_with_a_random_count_and_a_constant_probability_runs_with_double()
    {
        const long seed = 1303;
        var rng = new StochasticRandom(seed);
        const double p = 0.4;
        var stats = Estimates.Sample(() => CountThenThin(p, rng), N);
        Estimates.AssertUnbiased("E[Binomial(Binomial(5, p), 0.7)] with double", 3.5 * p, stats, output, seed: seed);

        // The plain overloads keep resolving: (int, double) and (double, double).
        double a = rng.Binomial(10, 0.5);
        double b = rng.Binomial(a, 0.5);
        Assert.InRange(b, 0, a);
    }

    [Theory]
    [InlineData(+1, 1304)]
    [InlineData(-1, 1305)]
    public void Binomial_with_a_random_count_and_a_constant_probability_is_unbiased_with_triples(double direction, long seed)
    {
        const double p = 0.4;
        var rng = new StochasticRandom(seed);
        var stats = Estimates.Sample(() => Derivative.Estimate(q => CountThenThin(q, rng), p, direction), N);
        Estimates.AssertUnbiased($"d/dp E[Binomial(Binomial(5, p), 0.7)], direction {direction:+0;-0}", direction * 3.5, stats, output, seed: seed);
    }

    [Fact]
    public void Binomial_with_a_constant_probability_checks_it()
    {
        var rng = new StochasticRandom(1);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => rng.Binomial(3.0, 1.5));
        Assert.Equal("p", e.ParamName);
    }

    // ============================================================================ 3. draws inside Branch.If arms

    [Fact]
    public void A_draw_inside_either_arm_of_a_branch_on_triples_throws_a_typed_error()
    {
        var rng = new StochasticRandom(1306);
        Triple alive = 1, dead = 0;
        foreach (Triple condition in new[] { alive, dead })
        {
            var e = Assert.Throws<DrawInBranchArmException>(() => Derivative.Triple(
                q => Branch.If(condition, () => 1 - rng.Bernoulli(q), () => rng.Bernoulli(q * q)), 0.3));
            Assert.Equal("Bernoulli", e.Draw);
            Assert.Contains("Branch.If", e.Message, StringComparison.Ordinal);
        }

        Assert.Throws<DrawInBranchArmException>(() => Derivative.Triple(q => Branch.If(alive, () => rng.Normal(q, 1), () => q), 0.3));
        Assert.Throws<DrawInBranchArmException>(() => Derivative.Triple(q => Branch.If(alive, () => rng.NegativeBinomial(q + 1, q), () => q), 0.3));

        // After the error the thread is outside any arm again: draws work.
        Assert.True(Derivative.Triple(q => rng.Bernoulli(q), 0.3).Value is 0 or 1);
    }

    [Fact]
    public void Draws_before_the_branch_are_the_supported_form_and_double_branches_are_plain()
    {
        var rng = new StochasticRandom(1307);

        // With double Branch.If is a plain if: nothing is checked.
        double plain = Branch.If(1.0, () => rng.Bernoulli(0.5), () => 2.0);
        Assert.True(plain is 0 or 1);

        // The Game of Life form: draw both, then choose.
        Triple y = Derivative.Triple(
            q =>
            {
                Triple alive = rng.Bernoulli(q);
                Triple death = rng.Bernoulli(0.2 * q);
                Triple birth = rng.Bernoulli(q);
                return Branch.If(alive, () => 1 - death, () => birth);
            },
            0.3);
        Assert.True(y.Value is 0 or 1);
    }

    // ============================================================================ 6. equality and hashing

    [Fact]
    public void Equality_compares_representations_while_the_operator_compares_values()
    {
        DifferentiationRun run = new();
        var x = Triple.Parameter(2, 1, run);
        Triple c = 2;
        Assert.True(x == c);
        Assert.False(x.Equals(c));
        var set = new HashSet<Triple> { x, c };
        Assert.Equal(2, set.Count);
    }

    [Fact]
    public void A_triple_that_carries_a_jump_cannot_be_a_dictionary_key()
    {
        DifferentiationRun run = new();
        var jumpy = Triple.FromJumps(1, 0, [(-1, 2.5)], run);
        Assert.True(jumpy.HasJump);
        var e = Assert.Throws<TripleWithJumpAsKeyException>(() => new Dictionary<Triple, int> { [jumpy] = 1 });
        Assert.Contains("Value", e.Message, StringComparison.Ordinal);
    }

    // ============================================================================ 4. the backend as a typed value

    [Fact]
    public void The_engine_takes_the_backend_by_the_same_type_argument_as_Derivative_or_by_name()
    {
        Assert.Same(Backend.Of<ExactJumps>(), BackendCatalog.Parse("exact"));
        Assert.Equal(typeof(ExactJumps), Backend.Of<ExactJumps>().JumpsType);
        Assert.Equal(BackendCatalog.Names, BackendCatalog.All.Select(b => b.Name));
        Assert.All(BackendCatalog.All, b => Assert.Same(b, BackendCatalog.Parse(b.ToString())));
        Assert.Same(Backend.Of<PrunedJumps>(), new EstimationOptions().Backend);
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => BackendCatalog.Parse("Exact")).ParamName);
        Assert.Null(BackendCatalog.Find("none"));
        Assert.Equal("Backend", Assert.Throws<ArgumentOutOfRangeException>(() => new EstimationOptions { Backend = null! }.Validate()).ParamName);

        // The exact backend through the engine and through Derivative give the same estimate, sample by sample.
        IStochasticModel model = new TrigonometricModel();
        var options = new EstimationOptions { Seed = 1313, Samples = 300, Backend = Backend.Of<ExactJumps>() };
        EstimationResult r = Estimator.Derivative(model, 0.3, EstimatorKind.Triple, options);
        Assert.Equal("exact", r.Backend);
        double sum = 0;
        for (long i = 0; i < options.Samples; i++)
        {
            StochasticRandom rng = StochasticRandom.ForStream(options.Seed, i);
            sum += Derivative.Estimate<ExactJumps>(q => model.Run(q, rng), 0.3);
        }

        Assert.Equal(sum / options.Samples, r.Mean, 9);
    }

    // ============================================================================ 5. building, smoothing, softmax

    [Fact]
    public void FromJumps_builds_the_triple_and_Smooth_folds_the_jumps_into_the_dual_part()
    {
        DifferentiationRun run = new();
        var x = StochasticTriple<ExactJumps>.FromJumps(1, 0.5, [(-1, 2.0), (3, 0.25)], run, new StochasticRandom(1308));
        Assert.Equal(1, x.Value);
        Assert.Equal(0.5, x.Dual);
        Assert.Equal([(-1.0, 2.0), (3.0, 0.25)], x.JumpList.Select(j => (j.Delta, j.Weight)).Order());
        Assert.Equal(0.5 - 2 + 0.75, x.Derivative, 12);

        var smooth = x.Smooth();
        Assert.False(smooth.HasJump);
        Assert.Equal(x.Value, smooth.Value);
        Assert.Equal(x.Derivative, smooth.Dual, 12);
        Assert.Equal(x.Derivative, smooth.Derivative, 12);
        _ = new HashSet<StochasticTriple<ExactJumps>> { smooth }; // a smoothed triple can be a key

        Assert.Throws<ArgumentOutOfRangeException>(() => Triple.FromJumps(1, 0, [(1, -0.5)], run));
        Assert.Throws<ArgumentOutOfRangeException>(() => Triple.FromJumps(double.NaN, 0, [], run));
    }

    [Theory]
    [InlineData(+1, 1309)]
    [InlineData(-1, 1310)]
    public void FromJumps_in_a_pruned_backend_is_unbiased(double direction, long seed)
    {
        // Three independent jumps pruned to one: the derivative is δ + Σ Δ·w in expectation.
        var rng = new StochasticRandom(seed);
        var stats = Estimates.Sample(
            () => Derivative.Estimate(
                q => Triple.FromJumps(q.Value, q.Dual, [(-1, 2.0), (3, 0.25), (0.5, 1.0)], q.Run!, rng) * 2, 0.3, direction),
            N);
        Estimates.AssertUnbiased("2·FromJumps(δ, [(-1, 2), (3, 0.25), (0.5, 1)])", 2 * (direction - 2 + 0.75 + 0.5), stats, output, seed: seed);
    }

    [Fact]
    public void Softmax_and_LogSoftmax_are_stable_and_carry_the_derivative()
    {
        double[] big = Logits.Softmax([1000.0, 1001.0, -1000.0]);
        Assert.Equal(1 / (1 + Math.E), big[0], 12);
        Assert.Equal(Math.E / (1 + Math.E), big[1], 12);
        Assert.Equal(0, big[2], 12);
        double[] logs = Logits.LogSoftmax([1000.0, 1001.0, -1000.0]);
        Assert.Equal(-Math.Log(1 + Math.E), logs[0], 12);
        Assert.Equal(-2001 - Math.Log(1 + Math.Exp(-1)), logs[2], 9);
        Assert.Throws<ArgumentException>(() => Logits.Softmax(Array.Empty<double>()));
        Assert.Throws<ArgumentOutOfRangeException>(() => Logits.Softmax([0, double.NaN]));

        // Logits (0, q, 2q): the dual part of p₁ = e^q / (1 + e^q + e^{2q}) is p₁(1 − p₁ − 2p₂); of log p₁, 1 − p₁ − 2p₂.
        const double p = 0.7;
        double z = 1 + Math.Exp(p) + Math.Exp(2 * p), p1 = Math.Exp(p) / z, p2 = Math.Exp(2 * p) / z;
        Triple soft = Derivative.Triple(q => Logits.Softmax([0, q, 2 * q])[1], p);
        Assert.Equal(p1, soft.Value, 12);
        Assert.Equal(p1 * (1 - p1 - (2 * p2)), soft.Dual, 12);
        Triple log = Derivative.Triple(q => Logits.LogSoftmax([0, q, 2 * q])[1], p);
        Assert.Equal(Math.Log(p1), log.Value, 12);
        Assert.Equal(1 - p1 - (2 * p2), log.Dual, 12);
    }

    [Theory]
    [InlineData(+1, 1311)]
    [InlineData(-1, 1312)]
    public void A_categorical_draw_from_softmax_logits_is_unbiased(double direction, long seed)
    {
        // k ~ Categorical(softmax(0, q, 2q)): E[k] = p₁ + 2p₂, dE/dq = p₁ + 4p₂ − (p₁ + 2p₂)².
        const double p = 0.7;
        double z = 1 + Math.Exp(p) + Math.Exp(2 * p), p1 = Math.Exp(p) / z, p2 = Math.Exp(2 * p) / z;
        double mean = p1 + (2 * p2);
        double exact = direction * (p1 + (4 * p2) - (mean * mean));
        var rng = new StochasticRandom(seed);
        var stats = Estimates.Sample(() => Derivative.Estimate(q => rng.Categorical(Logits.Softmax([0, q, 2 * q])), p, direction), N);
        Estimates.AssertUnbiased($"Categorical(softmax(0, q, 2q)), direction {direction:+0;-0}", exact, stats, output, seed: seed);
    }
}
