// Writing models for the estimation engine: the model constraint, helpers of your own, the
// parameter's range, draws with constant parameters, branches, the backend as a value, softmax logits, building and smoothing
// triples. It is built with the tests (a compile check of docs/writing-models.md) and prints a few
// estimates:   dotnet run --project samples/GenericModels -c Release
using System.Globalization;
using System.Numerics;
using StochasticAD;
using StochasticAD.Backends;
using StochasticAD.Random;
using Triple = StochasticAD.StochasticTriple<StochasticAD.Backends.PrunedJumps>;

IStochasticModel pendulum = new KickedPendulum();
foreach (Backend backend in new[] { Backend.Default, Backend.Of<ExactJumps>() })
{
    var options = new EstimationOptions { Seed = 7, Samples = 20_000, Backend = backend };
    EstimationResult r = Estimator.Derivative(pendulum, 0.4, EstimatorKind.Triple, options);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Model} with {r.Backend}: dE/dp = {r.Mean:F4} ± {r.StandardError:F4}"));
}

// The parameter's range (IParameterRange): the engine checks p before the first run.
try
{
    Estimator.Derivative(pendulum, 1.5);
}
catch (ArgumentOutOfRangeException e)
{
    Console.WriteLine($"out of range: {e.Message.Split(Environment.NewLine)[0]}");
}

// The same model through one run of Derivative, with the backend as the type argument.
var rng = new StochasticRandom(8);
double one = Derivative.Estimate<ExactJumps>(q => pendulum.Run(q, rng), 0.4);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"one estimate: {one:F4}"));

// A triple built from given jumps, and smoothed.
var run = new DifferentiationRun();
var built = Triple.FromJumps(1, 0.5, [(-1, 2.0)], run);
Console.WriteLine($"built: {built}; smoothed: {built.Smooth()}");

/// <summary>
/// A pendulum kicked a random number of times: the number of kicks is Binomial(10, p), each kick
/// lands with probability 0.7 (a constant); a calm run reports the potential energy of the total
/// angle, another sin of the angle scaled by a damping level drawn from softmax logits that depend on p.
/// </summary>
internal sealed class KickedPendulum : IStochasticModel, IParameterRange
{
    public string Name => "kicked-pendulum";

    // p is a probability (of a kick, and twice the probability of a calm run).
    public string Range => "0 <= p <= 1";

    public bool IsValid(double p) => p is >= 0 and <= 1;

    // An explicit implementation inherits the model constraint: T.Sin, T.Tanh, T.Exp all compile.
    T IStochasticModel.Run<T>(T p, StochasticRandom rng)
    {
        T kicks = rng.Binomial(10, p);
        T landed = rng.Binomial(kicks, 0.7);            // a random count with a constant probability
        T angle = landed * T.CreateChecked(0.3);
        T damping = rng.Categorical(Logits.Softmax([T.Zero, p, T.Tanh(p)]));

        // Draw first, then branch: the arms of Branch.If must not draw.
        T calm = rng.Bernoulli(T.CreateChecked(0.5) * p);
        return Branch.If(calm, () => Helpers.Energy(angle), () => T.Sin(angle) * (T.One + damping));
    }
}

/// <summary>A helper of your own, generic over T: it copies the model constraint (docs/writing-models.md).</summary>
internal static class Helpers
{
    /// <summary>The pendulum's potential energy 1 − cos θ, in units of m·g·l.</summary>
    public static T Energy<T>(T angle)
        where T : INumber<T>, ISignedNumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IPowerFunctions<T>, IRootFunctions<T>,
            ITrigonometricFunctions<T>, IHyperbolicFunctions<T> =>
        T.One - T.Cos(angle);
}
