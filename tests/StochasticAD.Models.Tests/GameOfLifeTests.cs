using System.Globalization;
using StochasticAD.Random;
using Xunit.Abstractions;
using StochasticAD.Tests.Statistics;

namespace StochasticAD.Models.Tests;

/// <summary>
/// The stochastic Game of Life: the rule table, a deterministic board, and the derivative of the
/// number of live cells against the exact value on a 3 × 3 board, against finite differences with
/// common random numbers on a 7 × 7 board, and (Long) against the recorded reference at the defaults.
/// </summary>
public class GameOfLifeTests(ITestOutputHelper output)
{
    [Fact]
    public void Table_gives_the_rule_with_probability_one_minus_theta()
    {
        double[] table = GameOfLife.AliveNextTable(0.1);
        double[] dead = [0.1, 0.1, 0.1, 0.9, 0.1];
        double[] alive = [0.1, 0.1, 0.9, 0.9, 0.1];
        Assert.Equal([.. dead, .. alive], table);
    }

    [Fact]
    public void Full_board_without_flips_keeps_only_its_border_after_one_step()
    {
        // p = 1, θ = 0: every cell alive; inside cells have 4 live neighbours and die, border cells
        // have 3 (edges) or 2 (corners) and live.
        const int N = 2, Side = (2 * N) + 1;
        double[] board = GameOfLife.Simulate(1.0, N, 1, 0, new StochasticRandom(5));
        for (int r = 0; r < Side; r++)
        {
            for (int c = 0; c < Side; c++)
            {
                bool border = r == 0 || c == 0 || r == Side - 1 || c == Side - 1;
                Assert.Equal(border ? 1.0 : 0.0, board[(r * Side) + c]);
            }
        }

        // Step 2: each border cell now has 2 live neighbours (along the ring) and survives; inside
        // cells next to the ring have 1 or 2 and stay dead, the centre has 0 and stays dead.
        double[] two = GameOfLife.Simulate(1.0, N, 2, 0, new StochasticRandom(5));
        Assert.Equal(board, two);
    }

    [Fact]
    public void Bad_input_fails_naming_the_parameter()
    {
        var rng = new StochasticRandom(1);
        Assert.Equal("theta", Assert.Throws<ArgumentOutOfRangeException>(() => GameOfLife.Simulate(0.5, 2, 2, 1.5, rng)).ParamName);
        Assert.Equal("halfWidth", Assert.Throws<ArgumentOutOfRangeException>(() => GameOfLife.Simulate(0.5, -1, 2, 0.1, rng)).ParamName);
        Assert.Equal("steps", Assert.Throws<ArgumentOutOfRangeException>(() => GameOfLife.Simulate(0.5, 2, -1, 0.1, rng)).ParamName);
        Assert.Equal("p", Assert.Throws<ArgumentOutOfRangeException>(() => GameOfLife.Simulate(1.5, 2, 2, 0.1, rng)).ParamName);
        Assert.Equal("halfWidth", Assert.Throws<ArgumentOutOfRangeException>(() => GameOfLife.Exact(0.5, 2, 2, 0.1)).ParamName);
        Assert.Equal("theta", Assert.Throws<ArgumentOutOfRangeException>(() => new GameOfLifeModel(3, 3, -0.1)).ParamName);
        Assert.Equal("theta", Assert.Throws<ArgumentOutOfRangeException>(() => ModelCatalog.Create("game-of-life", new Dictionary<string, double> { ["theta"] = 2 })).ParamName);
    }

    [Fact]
    public void Exact_mean_on_a_3x3_board_matches_simulation()
    {
        var model = new GameOfLifeModel(1, 4, 0.1);
        double exact = model.ExactMean(0.3)!.Value;
        var result = Estimator.Mean(model, 0.3, new EstimationOptions { Seed = 11, Samples = 100_000 });
        Report("mean, 3x3, T = 4, p = 0.3", result.Mean, result.StandardError, exact, 0, 11);
    }

    [Theory]
    [InlineData(0.5, 1)]
    [InlineData(0.5, -1)]
    [InlineData(0.3, 1)]
    [InlineData(0.3, -1)]
    public void Triple_matches_the_exact_derivative_on_a_3x3_board(double p, double direction)
    {
        const long Seed = 31;
        var model = new GameOfLifeModel(1, 3, 0.1);
        double exact = model.ExactDerivative(p)!.Value;
        var (mean, stderr) = TripleSamples(model, p, direction, Seed, 30_000);
        Report(string.Create(CultureInfo.InvariantCulture, $"triple, 3x3, T = 3, p = {p}, direction {direction}"), mean, stderr, exact, 0, Seed);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    public void Triple_matches_finite_differences_with_common_random_numbers_on_a_7x7_board(double direction)
    {
        // The Julia package's own tutorial check size (N = 3, T = 3); no exact value, so the
        // reference is central finite differences with common random numbers (bias O(h²)).
        const long Seed = 47;
        var model = new GameOfLifeModel(3, 3, 0.1);
        var fd = Estimator.Derivative(model, 0.5, EstimatorKind.FiniteDifference,
            new EstimationOptions { Seed = Seed + 1, Samples = 200_000, FiniteDifferenceStep = 0.02 });
        var (mean, stderr) = TripleSamples(model, 0.5, direction, Seed, 20_000);
        Report($"triple vs fd-crn h = 0.02, 7x7, T = 3, direction {direction}", mean, stderr, fd.Mean, fd.StandardError, Seed);
    }

    [Fact]
    [Trait("Category", "Long")]
    public void Triple_matches_the_recorded_reference_at_the_defaults()
    {
        const long Seed = 2024;
        var model = (GameOfLifeModel)ModelCatalog.Create("game-of-life");
        ReferenceValue reference = model.ReferenceDerivative(model.DefaultP)!.Value;
        var result = Estimator.Derivative(model, model.DefaultP, EstimatorKind.Triple, new EstimationOptions { Seed = Seed, Samples = 40_000 });
        Report($"triple at the defaults vs {reference.Source}", result.Mean, result.StandardError, reference.Value, reference.StandardError, Seed);
    }

    /// <summary>Mean and standard error of direction-corrected triple estimates (so both directions estimate dE/dp).</summary>
    private static (double Mean, double StdErr) TripleSamples(GameOfLifeModel model, double p, double direction, long seed, int n)
    {
        long i = 1;
        var stats = Estimates.Sample(
            () =>
            {
                StochasticRandom rng = StochasticRandom.ForStream(seed, i++);
                return direction * Derivative.Estimate(q => model.Run(q, rng), p, direction);
            },
            n);
        return (stats.Mean, stats.StdErr);
    }

    /// <summary>Prints mean ± stderr, reference ± its stderr and z; fails when |z| &gt; 4 over the combined standard error.</summary>
    private void Report(string label, double mean, double stderr, double reference, double referenceStderr, long seed)
    {
        double combined = Math.Sqrt((stderr * stderr) + (referenceStderr * referenceStderr));
        double z = (mean - reference) / combined;
        string line = string.Create(
            CultureInfo.InvariantCulture,
            $"{label}: seed {seed}, mean = {mean:G8} ± {stderr:G4}, reference = {reference:G10} ± {referenceStderr:G4}, z = {z:F2}");
        output.WriteLine(line);
        Assert.True(double.IsFinite(mean) && combined > 0, line);
        Assert.True(Math.Abs(z) <= 4, $"|z| > 4: {line}");
    }
}
