using StochasticAD.Backends;
using StochasticAD.Optimization;
using StochasticAD.Random;

namespace StochasticAD.Models.Tests;

/// <summary>The step rules and the driver on deterministic problems, and their validation.</summary>
public class OptimizerTests
{
    private static readonly double[] s_minimizer = [1.0, -2.0];

    /// <summary>Σ (θᵢ − cᵢ)²: no randomness, so every gradient estimate is the exact gradient 2(θ − c).</summary>
    private static StochasticTriple<PrunedJumps> Quadratic(StochasticTriple<PrunedJumps>[] theta, StochasticRandom rng)
    {
        StochasticTriple<PrunedJumps> sum = 0;
        for (int i = 0; i < theta.Length; i++)
        {
            var diff = theta[i] - s_minimizer[i];
            sum += diff * diff;
        }

        return sum;
    }

    public static TheoryData<string> Rules() => ["sgd", "sgd-momentum", "adam"];

    private static IStepRule MakeRule(string name) => name switch
    {
        "sgd" => new Sgd(0.1),
        "sgd-momentum" => new Sgd(0.05, momentum: 0.5),
        "adam" => new Adam(0.05),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown rule"),
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Rule_converges_to_the_minimiser_of_a_quadratic(string rule)
    {
        OptimizationTrace trace = Optimizer.Run(Quadratic, [5.0, 3.0], MakeRule(rule), new OptimizationOptions { Steps = 2000 });
        Assert.Equal(2000, trace.Steps.Count);
        Assert.Equal(1.0, trace.Final[0], 1e-3);
        Assert.Equal(-2.0, trace.Final[1], 1e-3);

        // The recorded gradient is the exact one at the recorded parameters.
        OptimizationStep first = trace.Steps[0];
        Assert.Equal([5.0, 3.0], first.Parameters);
        Assert.Equal(2 * (5.0 - 1.0), first.Gradient[0], 1e-12);
        Assert.Equal(2 * (3.0 + 2.0), first.Gradient[1], 1e-12);
        Assert.Null(first.Objective);
    }

    [Fact]
    public void Plain_sgd_takes_the_textbook_step()
    {
        // θ₁ = θ₀ − η·2(θ₀ − c) = 5 − 0.1·8 = 4.2 on the first coordinate.
        OptimizationTrace trace = Optimizer.Run(Quadratic, [5.0, 3.0], new Sgd(0.1), new OptimizationOptions { Steps = 1 });
        Assert.Equal(4.2, trace.Final[0], 1e-12);
        Assert.Equal(3.0 - (0.1 * 10), trace.Final[1], 1e-12);
    }

    [Fact]
    public void Adam_first_step_has_length_the_learning_rate()
    {
        // After bias correction m̂ = g and v̂ = g², so the first step is η·sign(g) (up to ε).
        OptimizationTrace trace = Optimizer.Run(Quadratic, [5.0, 3.0], new Adam(0.01), new OptimizationOptions { Steps = 1 });
        Assert.Equal(4.99, trace.Final[0], 1e-9);
        Assert.Equal(2.99, trace.Final[1], 1e-9);
    }

    [Fact]
    public void Maximize_climbs_and_records_the_objective()
    {
        OptimizationTrace trace = Optimizer.Run(
            (theta, rng) => -Quadratic(theta, rng), [0.0, 0.0], new Adam(0.05),
            new OptimizationOptions { Steps = 2000, Goal = OptimizationGoal.Maximize, RecordObjective = true });
        Assert.Equal(1.0, trace.Final[0], 1e-3);
        Assert.Equal(-2.0, trace.Final[1], 1e-3);
        Assert.Equal(-5.0, trace.Steps[0].Objective!.Value, 1e-12);
        Assert.True(trace.Steps[^1].Objective > -1e-5);
    }

    [Fact]
    public void Projection_keeps_the_parameters_in_range()
    {
        // E[X] = θ grows without bound; the clamp stops it at 1.
        OptimizationTrace trace = Optimizer.Run(
            (theta, rng) => theta[0], [0.5], new Sgd(0.1),
            new OptimizationOptions { Steps = 20, Goal = OptimizationGoal.Maximize, Projection = Optimizer.Clamp(0, 1) });
        Assert.Equal(1.0, trace.Final[0]);
        Assert.All(trace.Steps, s => Assert.InRange(s.Parameters[0], 0, 1));
    }

    [Fact]
    public void A_seed_gives_the_same_trace_and_another_seed_another()
    {
        var model = new CrazyModel();
        OptimizationTrace Run(long seed) => Optimizer.Run(model, 0.5, new Adam(0.01),
            new OptimizationOptions { Steps = 50, BatchSize = 3, Seed = seed, Goal = OptimizationGoal.Maximize });
        OptimizationTrace a = Run(7), b = Run(7), c = Run(8);
        Assert.Equal(a.Final, b.Final);
        Assert.Equal(a.Steps.Select(s => s.Gradient[0]), b.Steps.Select(s => s.Gradient[0]));
        Assert.NotEqual(a.Final[0], c.Final[0]);
    }

    [Fact]
    public void Mean_of_last_averages_the_last_iterates_with_the_final_one()
    {
        OptimizationTrace trace = Optimizer.Run(Quadratic, [5.0, 3.0], new Sgd(0.1), new OptimizationOptions { Steps = 2 });
        double[] mean = trace.MeanOfLast(2);
        Assert.Equal((trace.Steps[1].Parameters[0] + trace.Final[0]) / 2, mean[0], 1e-12);
        Assert.Throws<ArgumentOutOfRangeException>(() => trace.MeanOfLast(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => trace.MeanOfLast(4));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Learning_rate_must_be_positive(double learningRate)
    {
        AssertNamed("learningRate", learningRate, () => new Sgd(learningRate));
        AssertNamed("learningRate", learningRate, () => new Adam(learningRate));
    }

    [Theory]
    [InlineData("beta1", 1.0)]
    [InlineData("beta1", -0.1)]
    [InlineData("beta2", 1.0)]
    [InlineData("beta2", double.NaN)]
    [InlineData("epsilon", 0.0)]
    [InlineData("epsilon", -1e-8)]
    public void Adam_hyper_parameters_are_validated(string name, double value)
    {
        AssertNamed(name, value, () => name switch
        {
            "beta1" => new Adam(beta1: value),
            "beta2" => new Adam(beta2: value),
            _ => new Adam(epsilon: value),
        });
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.5)]
    public void Momentum_must_be_in_the_unit_interval(double momentum) =>
        AssertNamed("momentum", momentum, () => new Sgd(0.1, momentum));

    [Fact]
    public void Options_and_inputs_are_validated()
    {
        var model = new CrazyModel();
        Assert.Equal("Steps", Assert.Throws<ArgumentOutOfRangeException>(
            () => Optimizer.Run(model, 0.5, new Sgd(0.1), new OptimizationOptions { Steps = 0 })).ParamName);
        Assert.Equal("BatchSize", Assert.Throws<ArgumentOutOfRangeException>(
            () => Optimizer.Run(model, 0.5, new Sgd(0.1), new OptimizationOptions { BatchSize = -1 })).ParamName);
        Assert.Equal("Backend", Assert.Throws<ArgumentOutOfRangeException>(
            () => Optimizer.Run(model, 0.5, new Sgd(0.1), new OptimizationOptions { Backend = null! })).ParamName);
        Assert.Equal("initial[0]", Assert.Throws<ArgumentOutOfRangeException>(
            () => Optimizer.Run(model, double.NaN, new Sgd(0.1))).ParamName);
        Assert.Throws<ArgumentException>(() => Optimizer.Run(Quadratic, [], new Sgd(0.1)));
        Assert.Equal("lower", Assert.Throws<ArgumentOutOfRangeException>(() => Optimizer.Clamp(1, 0)).ParamName);
        Assert.Throws<ArgumentException>(() => new Sgd(0.1).Step(new double[2], new double[2]));
    }

    private static void AssertNamed(string name, double value, Func<object> create)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(create);
        Assert.Equal(name, ex.ParamName);
        Assert.Equal(value, (double)ex.ActualValue!);
    }
}
