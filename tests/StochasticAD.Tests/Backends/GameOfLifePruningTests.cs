using System.Globalization;
using StochasticAD.Backends;
using StochasticAD.Models;
using StochasticAD.Random;
using StochasticAD.Tests.Statistics;
using Xunit.Abstractions;

namespace StochasticAD.Tests.Backends;

/// <summary>
/// The pruned backends on the Game of Life, against the exact backend with the primal draws held
/// fixed (the question of issue 10 §3: was the pruned estimate on the full board biased low?).
/// </summary>
/// <remarks>
/// Given the primal draws, the pruned estimate's only extra randomness is the coupled alternatives
/// and the pruning coins; the exact backend's is the coupled alternatives. Both then have the same
/// conditional mean, E[Σ w·Δ | primal draws], if pruning is unbiased. The run's side generator
/// (<see cref="DifferentiationRun.SideGenerator"/>) supplies that extra randomness, so the model's
/// generator makes exactly the primal draws: replicas of one primal path differ only in it.
/// </remarks>
public class GameOfLifePruningTests(ITestOutputHelper output)
{
    private const double P = 0.5;

    /// <summary>One derivative sample: primal draws from stream (seed, path), the rest from the side generator.</summary>
    private static (double Value, double Derivative) Sample<TJumps>(StochasticModel model, long seed, int path, StochasticRandom side, double direction)
        where TJumps : struct, IJumps<TJumps>
    {
        var run = new DifferentiationRun { SideGenerator = side };
        StochasticTriple<TJumps> y = model.Run(StochasticTriple<TJumps>.Parameter(P, direction, run), StochasticRandom.ForStream(seed, path));
        return (y.Value, y.Derivative);
    }

    /// <summary>Mean and variance of the mean of <paramref name="replicas"/> samples on one primal path; checks that the path's value never moves.</summary>
    private static (double Mean, double VarianceOfMean) Replicas<TJumps>(
        StochasticModel model, long seed, int path, long sideSeed, int replicas, double direction, ref double? primal)
        where TJumps : struct, IJumps<TJumps>
    {
        double sum = 0, sumSq = 0;
        for (int m = 0; m < replicas; m++)
        {
            var (value, derivative) = Sample<TJumps>(model, seed, path, StochasticRandom.ForStream(sideSeed, m), direction);
            primal ??= value;
            Assert.True(primal == value, $"primal path {path} moved with the side generator: {primal} then {value} (seed {seed})");
            sum += derivative;
            sumSq += derivative * derivative;
        }

        double mean = sum / replicas;
        double variance = Math.Max(0, (sumSq / replicas) - (mean * mean)) * replicas / (replicas - 1);
        return (mean, variance / replicas);
    }

    [Theory]
    [InlineData("pruned", +1, 61)]
    [InlineData("pruned", -1, 62)]
    [InlineData("pruned-4", +1, 63)]
    [InlineData("aggressive", +1, 64)]
    public void Pruned_matches_exact_given_the_primal_draws_on_small_boards(string backend, double direction, long seed)
    {
        // 5×5 and 7×7 boards, 4 and 6 steps: many prunings per run (each cell's update couples five cells).
        const int Paths = 8, Replicas = 250;
        double diff = 0, variance = 0;
        foreach (var (halfWidth, steps) in new[] { (2, 4), (3, 6) })
        {
            StochasticModel model = ModelCatalog.Create("game-of-life", new Dictionary<string, double> { ["half-width"] = halfWidth, ["steps"] = steps });
            for (int path = 0; path < Paths; path++)
            {
                double? primal = null;
                var exact = Replicas<ExactJumps>(model, seed, path, seed + 1000, Replicas, direction, ref primal);
                var pruned = BackendCatalog.Accept(backend, new ReplicaVisitor(model, seed, path, seed + 2000, Replicas, direction, primal));
                diff += pruned.Mean - exact.Mean;
                variance += pruned.VarianceOfMean + exact.VarianceOfMean;
            }
        }

        double z = diff / Math.Sqrt(variance);
        string line = string.Create(
            CultureInfo.InvariantCulture,
            $"{backend} − exact given the primal draws, direction {direction:+0;-0}: Σ over {2 * Paths} paths = {diff:G6} ± {Math.Sqrt(variance):G4}, z = {z:F2} (seed {seed})");
        output.WriteLine(line);
        Assert.True(Math.Abs(z) <= 4, line);
    }

    private sealed class ReplicaVisitor(StochasticModel model, long seed, int path, long sideSeed, int replicas, double direction, double? primal)
        : IBackendVisitor<(double Mean, double VarianceOfMean)>
    {
        public (double Mean, double VarianceOfMean) Visit<TJumps>() where TJumps : struct, IJumps<TJumps>
        {
            double? value = primal;
            return Replicas<TJumps>(model, seed, path, sideSeed, replicas, direction, ref value);
        }
    }

    /// <summary>
    /// The full 25×25 board, 10 steps: pruned, pruned-4 and exact on the same primal streams, the
    /// paired differences as the statistic (the primal variance cancels), |z| ≤ 4.
    /// </summary>
    [Fact]
    [Trait("Category", "Long")]
    public void Pruned_and_pruned_4_agree_with_exact_on_the_full_board_paired()
    {
        const long Seed = 20261201;
        const int Samples = 6000;
        StochasticModel model = ModelCatalog.Create("game-of-life");
        var prunedMinusExact = new double[Samples];
        var fourMinusExact = new double[Samples];
        var exactValues = new double[Samples];
        Parallel.For(0, Samples, i =>
        {
            double exact = Sample<ExactJumps>(model, Seed, i, StochasticRandom.ForStream(Seed + 1, i), 1).Derivative;
            prunedMinusExact[i] = Sample<PrunedJumps>(model, Seed, i, StochasticRandom.ForStream(Seed + 2, i), 1).Derivative - exact;
            fourMinusExact[i] = Sample<PrunedKJumps<FourEvents>>(model, Seed, i, StochasticRandom.ForStream(Seed + 3, i), 1).Derivative - exact;
            exactValues[i] = exact;
        });

        var exactStats = Stats(exactValues);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"exact: {exactStats.Mean:F2} ± {exactStats.StdErr:F2} (std {exactStats.Std:F1}), N = {Samples}, seed {Seed}"));
        foreach (var (name, differences) in new[] { ("pruned", prunedMinusExact), ("pruned-4", fourMinusExact) })
        {
            var d = Stats(differences);
            Estimates.AssertUnbiased($"{name} − exact, paired on the primal draws, full board", 0, (d.Mean, d.StdErr, d.Std, Samples), output, seed: Seed);
        }
    }

    private static (double Mean, double StdErr, double Std) Stats(double[] values)
    {
        double mean = values.Average();
        double std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        return (mean, std / Math.Sqrt(values.Length), std);
    }
}
