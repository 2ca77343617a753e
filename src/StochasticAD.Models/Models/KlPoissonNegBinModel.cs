using System.Numerics;
using MathNet.Numerics;
using StochasticAD.Backends;
using StochasticAD.Random;

namespace StochasticAD.Models;

/// <summary>
/// The variational toy problem of the StochasticAD.jl tutorials: i ~ Poisson(λ);
/// X = log Pois(i; λ) − log NB(i; r = 10, q = 0.25), so E[X] = KL(Poisson(λ) ‖ NegativeBinomial(10, 0.25)),
/// the negative binomial counting failures before the 10th success of probability 0.25 (mean 30).
/// The parameter p is λ; the KL divergence is smallest at λ* ≈ 28.8782.
/// </summary>
public sealed class KlPoissonNegBinModel : StochasticModel
{
    /// <summary>The negative binomial's number of successes r.</summary>
    public const int Successes = 10;

    /// <summary>The negative binomial's success probability q.</summary>
    public const double SuccessProbability = 0.25;

    /// <inheritdoc/>
    public override string Name => "kl-poisson-negbin";

    /// <inheritdoc/>
    public override string Description => "i ~ Poisson(λ = p); X = log Pois(i; λ) - log NB(i; 10, 0.25); E[X] = KL(Pois(λ) ‖ NB(10, 0.25))";

    /// <inheritdoc/>
    public override double DefaultP => 10;

    /// <summary>λ up to 10⁶ keeps the exact sums (a window of ±40√λ around λ) cheap.</summary>
    public override bool IsValid(double p) => p > 0 && p <= 1e6;

    /// <inheritdoc/>
    public override string Range => "0 < p <= 1e6";

    /// <inheritdoc/>
    public override T Run<T>(T p, StochasticRandom rng)
    {
        CheckParameter(double.CreateTruncating(p)); // the primal value of a triple
        T i = rng.Poisson(p);

        // log Pois(i; λ) = i·log λ − λ − log i!: the first two terms depend on λ directly (dual
        // part) and on i (jumps), so they stay in T's arithmetic. log i! and log NB(i) are
        // functions of the count alone, with no closed form in T's operations: they are evaluated
        // exactly on the primal path and on every jump's path (DiscreteFunction).
        T logFactorialAndNegBin = DiscreteFunction.Apply(i, static k => SpecialFunctions.GammaLn(k + 1) + LogNegBin(k));
        return (i * T.Log(p)) - p - logFactorialAndNegBin;
    }

    /// <summary>log NB(k; r, q) = log Γ(k + r) − log Γ(k + 1) − log Γ(r) + r·log q + k·log(1 − q).</summary>
    public static double LogNegBin(double k) =>
        SpecialFunctions.GammaLn(k + Successes) - SpecialFunctions.GammaLn(k + 1) - SpecialFunctions.GammaLn(Successes)
        + (Successes * Math.Log(SuccessProbability)) + (k * Math.Log(1 - SuccessProbability));

    /// <summary>log Pois(k; λ) = k·log λ − λ − log Γ(k + 1).</summary>
    public static double LogPoisson(double k, double lambda) => (k * Math.Log(lambda)) - lambda - SpecialFunctions.GammaLn(k + 1);

    /// <summary>The exact KL divergence, summed over the Poisson's support (a window of ±40 standard deviations).</summary>
    public override double? ExactMean(double p, CancellationToken cancellationToken = default) => IsValid(p) ? Sum(p, (k, logPois) => logPois - LogNegBin(k)) : null;

    /// <summary>
    /// The exact dKL/dλ by the score identity d/dλ Σ P(k)·f(k, λ) = Σ P(k)·[(k/λ − 1)·f(k, λ) + ∂f/∂λ], with
    /// f = log Pois − log NB and ∂f/∂λ = k/λ − 1 (whose mean is 0).
    /// </summary>
    public override double? ExactDerivative(double p, CancellationToken cancellationToken = default) =>
        IsValid(p) ? Sum(p, (k, logPois) => ((k / p) - 1) * (logPois - LogNegBin(k) + 1)) : null;

    /// <summary>The λ that minimises the KL divergence: the root of the exact derivative (bisection on [1, 100]).</summary>
    public double ExactMinimizer()
    {
        double lo = 1, hi = 100;
        for (int step = 0; step < 100 && hi - lo > 1e-12; step++)
        {
            double mid = 0.5 * (lo + hi);
            if (ExactDerivative(mid)!.Value < 0)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return 0.5 * (lo + hi);
    }

    /// <summary>Σ_k Pois(k; λ)·term(k, log Pois(k; λ)) over k in λ ± 40√λ (+ 50): the tails beyond hold less than 1e-300.</summary>
    private static double Sum(double lambda, Func<double, double, double> term)
    {
        double spread = (40 * Math.Sqrt(lambda)) + 50;
        int from = (int)Math.Max(0, Math.Floor(lambda - spread));
        int to = (int)Math.Ceiling(lambda + spread);
        double sum = 0;
        for (int k = from; k <= to; k++)
        {
            double logPois = LogPoisson(k, lambda);
            sum += Math.Exp(logPois) * term(k, logPois);
        }

        return sum;
    }
}

/// <summary>
/// A deterministic function of a discrete value for model code generic over T: with <c>double</c>
/// a plain call; with triples <see cref="Propagate.Map{TJumps}(Func{StochasticTriple{TJumps}, StochasticTriple{TJumps}}, StochasticTriple{TJumps}, bool)"/>,
/// so the function is evaluated exactly on every jump's path (the input's dual part, 0 for a
/// discrete draw, is dropped).
/// </summary>
internal static class DiscreteFunction
{
    public static T Apply<T>(T x, Func<double, double> function) where T : INumber<T> => Rules<T>.Instance.Apply(x, function);

    private abstract class Rules<T> where T : INumber<T>
    {
        public static readonly Rules<T> Instance = Create();

        public abstract T Apply(T x, Func<double, double> function);

        private static Rules<T> Create() =>
            typeof(T).IsGenericType && typeof(T).GetGenericTypeDefinition() == typeof(StochasticTriple<>)
                ? (Rules<T>)Activator.CreateInstance(typeof(TripleRules<>).MakeGenericType(typeof(T).GetGenericArguments()))!
                : new ConvertingRules<T>();
    }

    private sealed class ConvertingRules<T> : Rules<T> where T : INumber<T>
    {
        public override T Apply(T x, Func<double, double> function) => T.CreateChecked(function(double.CreateChecked(x)));
    }

    private sealed class TripleRules<TJumps> : Rules<StochasticTriple<TJumps>> where TJumps : struct, IJumps<TJumps>
    {
        public override StochasticTriple<TJumps> Apply(StochasticTriple<TJumps> x, Func<double, double> function) =>
            Propagate.Map(k => new StochasticTriple<TJumps>(function(k.Value)), x);
    }
}
