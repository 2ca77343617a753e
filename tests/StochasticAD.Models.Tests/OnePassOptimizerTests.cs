using System.Numerics;
using StochasticAD.Backends;
using StochasticAD.Optimization;
using StochasticAD.Random;

namespace StochasticAD.Models.Tests;

/// <summary>The optimiser fed by one-pass gradients (gradient triples, method §13).</summary>
public class OnePassOptimizerTests
{
    // E[(B − 3)² + (P − 2)²], B ~ Binomial(10, θ₀), P ~ Poisson(θ₁): 10θ₀(1 − θ₀) + (10θ₀ − 3)² + θ₁ + (θ₁ − 2)²,
    // minimal at θ₀ = 50/180 and θ₁ = 1.5.
    private static T Objective<T>(T[] theta, StochasticRandom rng) where T : INumber<T>
    {
        T b = rng.Binomial(10, theta[0]) - T.CreateChecked(3);
        T p = rng.Poisson(theta[1]) - T.CreateChecked(2);
        return (b * b) + (p * p);
    }

    [Fact]
    public void Sgd_step_with_a_deterministic_objective_equals_the_per_coordinate_one()
    {
        static T Quadratic<T>(T[] theta) where T : INumber<T> =>
            ((theta[0] - T.One) * (theta[0] - T.One)) + ((theta[1] + T.CreateChecked(2)) * (theta[1] + T.CreateChecked(2)));
        var options = new OptimizationOptions { Steps = 3 };
        OptimizationTrace perCoordinate = Optimizer.Run((theta, _) => Quadratic(theta), [5.0, 3.0], new Sgd(0.1), options);
        OptimizationTrace onePass = Optimizer.Run<PrunedJumps, Partials2>((theta, _) => Quadratic(theta), [5.0, 3.0], new Sgd(0.1), options);
        Assert.Equal(perCoordinate.Final, onePass.Final);
    }

    [Fact]
    public void Adam_with_one_pass_gradients_finds_the_minimum_of_a_discrete_objective()
    {
        var options = new OptimizationOptions
        {
            Steps = 1500,
            BatchSize = 4,
            Seed = 14,
            Projection = theta =>
            {
                theta[0] = Math.Clamp(theta[0], 0.01, 0.99);
                theta[1] = Math.Max(theta[1], 0.01);
            },
        };
        OptimizationTrace trace = Optimizer.Run<PrunedJumps, Partials2>(Objective, [0.6, 0.5], new Adam(0.01), options);
        double[] last = [.. Enumerable.Range(0, 2).Select(i => trace.Steps.Skip(1000).Average(s => s.Parameters[i]))];
        Assert.InRange(last[0], (50.0 / 180) - 0.03, (50.0 / 180) + 0.03);
        Assert.InRange(last[1], 1.5 - 0.15, 1.5 + 0.15);
    }
}
