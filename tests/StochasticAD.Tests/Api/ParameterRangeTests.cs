using StochasticAD.Random;

namespace StochasticAD.Tests.Api;

/// <summary>
/// A model of the user's own states its parameter's range through <see cref="IParameterRange"/>
/// (the built-in models do so through StochasticModel): the engine checks p before the first run.
/// </summary>
public class ParameterRangeTests
{
    /// <summary>X = Bernoulli(p), valid for 0 ≤ p ≤ 1; counts its runs so a test sees that none ran.</summary>
    private sealed class Coin : IStochasticModel, IParameterRange
    {
        public int Runs;

        public string Name => "coin";

        public string Range => "0 <= p <= 1";

        public bool IsValid(double p) => p is >= 0 and <= 1;

        T IStochasticModel.Run<T>(T p, StochasticRandom rng)
        {
            Interlocked.Increment(ref Runs);
            return rng.Bernoulli(p);
        }
    }

    public static TheoryData<string, double> OutOfRange => new()
    {
        { "mean", 1.5 },
        { "mean", -0.25 },
        { "derivative", 1.5 },
        { "derivative", -0.25 },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void A_p_outside_the_stated_range_fails_before_any_run_naming_p_and_the_range(string estimate, double p)
    {
        var coin = new Coin();
        var options = new EstimationOptions { Samples = 10 };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => estimate == "mean"
            ? Estimator.Mean(coin, p, options)
            : Estimator.Derivative(coin, p, EstimatorKind.Triple, options));
        Assert.Equal("p", e.ParamName);
        Assert.Contains(FormattableString.Invariant($"p = {p} is out of range for coin: 0 <= p <= 1."), e.Message, StringComparison.Ordinal);
        Assert.Equal(0, coin.Runs);
    }

    [Fact]
    public void A_p_inside_the_range_runs()
    {
        var coin = new Coin();
        EstimationResult r = Estimator.Derivative(coin, 0.5, EstimatorKind.Triple, new EstimationOptions { Samples = 100, Seed = 3 });
        Assert.Equal(100, r.Samples);
        Assert.Equal(100, coin.Runs);
    }
}
