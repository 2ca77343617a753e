using System.Numerics;
using StochasticAD.Random;
using Xunit.Abstractions;

namespace StochasticAD.Engine.Tests;

/// <summary>The score function mode of every discrete draw (TripleDraws.Score.cs): unbiased against exact derivatives.</summary>
public class ScoreDrawTests(ITestOutputHelper output)
{
    private const long Seed = 101;

    private sealed class Model(string name, Func<double, StochasticRandom, double> onDouble, Func<StochasticTriple<Backends.PrunedJumps>, StochasticRandom, StochasticTriple<Backends.PrunedJumps>> onTriple) : IStochasticModel
    {
        public string Name => name;

        T IStochasticModel.Run<T>(T p, StochasticRandom rng)
        {
            if (p is double d)
            {
                return (T)(object)onDouble(d, rng);
            }

            return (T)(object)onTriple((StochasticTriple<Backends.PrunedJumps>)(object)p, rng);
        }
    }

    private static Model Generic(string name, Func<double, StochasticRandom, double> d, Func<StochasticTriple<Backends.PrunedJumps>, StochasticRandom, StochasticTriple<Backends.PrunedJumps>> t) => new(name, d, t);

    public static TheoryData<string> Names => ["poisson", "geometric", "categorical", "nested-binomial", "bernoulli-edge"];

    private static (Model Model, double P, double Exact) Case(string name) => name switch
    {
        // E[X²] = λ + λ², d/dλ = 1 + 2λ.
        "poisson" => (Generic(name, (p, r) => Sq(r.Poisson(p)), (p, r) => Sq(r.Poisson(p))), 2.0, 5.0),
        // E[X] = (1 − p)/p, d/dp = −1/p².
        "geometric" => (Generic(name, (p, r) => r.Geometric(p), (p, r) => r.Geometric(p)), 0.5, -4.0),
        // E[k²] with probabilities (p, (1−p)/2, (1−p)/2, 0) = 2.5(1 − p), d/dp = −2.5.
        "categorical" => (Generic(name, (p, r) => Sq(r.Categorical([p, (1 - p) / 2, (1 - p) / 2, 0.0])),
            (p, r) => Sq(r.Categorical([p, (1 - p) / 2, (1 - p) / 2, (StochasticTriple<Backends.PrunedJumps>)0.0]))), 0.3, -2.5),
        // Binomial(Binomial(10, p), p) ~ Binomial(10, p²): d/dp = 20p.
        "nested-binomial" => (Generic(name, (p, r) => r.Binomial(r.Binomial(10, p), p), (p, r) => r.Binomial(r.Binomial(10, p), p)), 0.4, 8.0),
        // A Bernoulli at probability 1 (as in the random walk at X = 0) must not make the score NaN: E = 1 + p·… here E[X] = 1·1 + p.
        "bernoulli-edge" => (Generic(name, (p, r) => r.Bernoulli(1.0) + r.Bernoulli(p), (p, r) => r.Bernoulli(p / p) + r.Bernoulli(p)), 0.3, 1.0),
        _ => throw new ArgumentException(name),
    };

    private static T Sq<T>(T x) where T : INumber<T> => x * x;

    [Theory]
    [MemberData(nameof(Names))]
    public void Score_function_is_unbiased_for_each_draw(string name)
    {
        var (model, p, exact) = Case(name);
        foreach (EstimatorKind kind in new[] { EstimatorKind.Score, EstimatorKind.ScoreControlVariate, EstimatorKind.Triple })
        {
            EstimationResult r = Estimator.Derivative(model, p, kind, new EstimationOptions { Seed = Seed, Samples = 100_000 });
            double z = (r.Mean - exact) / r.StandardError;
            output.WriteLine($"{name} {Estimator.Name(kind)}: seed {Seed}, mean {r.Mean:G6} ± {r.StandardError:G3}, exact {exact}, z = {z:F2}");
            Assert.True(double.IsFinite(r.Mean), $"{name} {kind}: mean {r.Mean}");
            Assert.True(Math.Abs(z) <= 4 || (r.StandardError == 0 && r.Mean == exact), $"{name} {kind}: z = {z:F2}");
        }
    }
}
