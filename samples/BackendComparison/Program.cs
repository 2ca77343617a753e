// Measures, for each backend and a few models, the mean and per-sample standard deviation of
// the derivative estimate and the time per sample; prints the Markdown table of docs/backends.md.
//   dotnet run --project samples/BackendComparison -c Release [samples]
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using StochasticAD;
using StochasticAD.Backends;
using StochasticAD.Random;

int samples = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
const long seed = 1234;

Console.WriteLine($"| model | exact d/dp | backend | mean ± stderr | per-sample std | µs per sample |");
Console.WriteLine("|---|---|---|---|---|---|");
foreach (var model in Models.All)
{
    Row<PrunedJumps>(model);
    Row<PrunedKJumps<TwoEvents>>(model);
    Row<PrunedKJumps<FourEvents>>(model);
    Row<PrunedJumps<ByWins>>(model);
    Row<PrunedJumps<Aggressive>>(model);
    Row<ExactJumps>(model);
    Row<SmoothedJumps>(model);
}

void Row<TJumps>(Model model) where TJumps : struct, IJumps<TJumps>
{
    var rng = new StochasticRandom(seed);
    var run = new Func<StochasticTriple<TJumps>, StochasticTriple<TJumps>>(q => model.Run(q, rng));
    Derivative.Estimate(run, model.P); // warm up the JIT
    double sum = 0, sumSq = 0;
    var timer = Stopwatch.StartNew();
    for (int i = 0; i < samples; i++)
    {
        double d = Derivative.Estimate(run, model.P);
        sum += d;
        sumSq += d * d;
    }

    double seconds = timer.Elapsed.TotalSeconds;
    double mean = sum / samples;
    double std = Math.Sqrt(Math.Max(0, (sumSq - (samples * mean * mean)) / (samples - 1)));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {model.Name} | {model.Exact:G6} | {TJumps.Name} | {mean:G5} ± {std / Math.Sqrt(samples):G2} | {std:G4} | {seconds / samples * 1e6:F2} |"));
}

internal sealed record Model(string Name, double P, double Exact, Func<IModelRunner> Factory)
{
    public StochasticTriple<TJumps> Run<TJumps>(StochasticTriple<TJumps> p, StochasticRandom rng) where TJumps : struct, IJumps<TJumps> =>
        Factory().Run(p, rng);
}

// The model constraint of IStochasticModel.Run (docs/writing-models.md); the implementations below
// are explicit, so they inherit it without restating it.
internal interface IModelRunner
{
    T Run<T>(T p, StochasticRandom rng)
        where T : INumber<T>, ISignedNumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IPowerFunctions<T>, IRootFunctions<T>,
            ITrigonometricFunctions<T>, IHyperbolicFunctions<T>;
}

internal static class Models
{
    public static readonly Model[] All =
    [
        new("random walk n=50 p=100, X²", 100, 7.558188194, () => new Walk()),
        new("crazy program p=0.6", 0.6, 47.76, () => new Crazy()),
        new("(Binomial(10,p)+1)² p=0.4", 0.4, 102, () => new BinomialSquare()),
        new("Binomial(Binomial(10,p),p) p=0.5", 0.5, 10, () => new Nested()),
    ];

    private sealed class Walk : IModelRunner
    {
        T IModelRunner.Run<T>(T p, StochasticRandom rng)
        {
            T x = T.Zero;
            for (int i = 0; i < 50; i++)
            {
                T up = rng.Bernoulli(T.Exp(-x / p));
                x += up + up - T.One;
            }

            return x * x;
        }
    }

    private sealed class Crazy : IModelRunner
    {
        T IModelRunner.Run<T>(T p, StochasticRandom rng)
        {
            var a = p * (T.One - p);
            var b = rng.Binomial(10, p);
            var c = (T.CreateChecked(2) * b) + (T.CreateChecked(3) * rng.Bernoulli(p));
            return a * c * rng.Normal(b, a);
        }
    }

    private sealed class BinomialSquare : IModelRunner
    {
        T IModelRunner.Run<T>(T p, StochasticRandom rng)
        {
            T x = rng.Binomial(10, p) + T.One;
            return x * x;
        }
    }

    private sealed class Nested : IModelRunner
    {
        T IModelRunner.Run<T>(T p, StochasticRandom rng) => rng.Binomial(rng.Binomial(10, p), p);
    }
}
