using System.Globalization;
using System.Numerics;
using StochasticAD.Backends;

namespace StochasticAD;

/// <summary>
/// Differentiable resampling for particle filters and importance sampling (method §8).
/// </summary>
/// <remarks>
/// Resampling draws particle j with probability w_j / ω. Differentiating through that discrete
/// choice would need a jump for every way the choice can change; instead the index is drawn
/// from the primal weights and each resampled particle's weight is multiplied by
/// <see cref="NewWeight{T}(T)"/> of its selection probability. Because weights are only used
/// linearly (in sums of weight × value), the derivative of the likelihood estimate and of
/// weighted averages stays unbiased.
/// </remarks>
public static class Resampling
{
    /// <summary>
    /// The weight factor of a particle that was selected with probability <paramref name="p"/>:
    /// 1 on the primal path, with derivative δ/p and each jump Δ of p mapped to Δ/p.
    /// </summary>
    /// <typeparam name="T">The number type of the model (<c>double</c>, or a stochastic triple).</typeparam>
    /// <param name="p">The probability with which the particle was selected, &gt; 0 (e.g. w_j / Σw).</param>
    /// <returns>1 for plain numbers; for triples the triple (1, δ/p, {Δ/p}).</returns>
    /// <remarks>
    /// It is a Bernoulli(p) draw divided by p, conditioned on success, and smoothed (method §7):
    /// the Bernoulli's derivative is folded into the dual part, δ/p = d/dp E[B/p₀] at p₀ = p, and
    /// on a jump's path, where the probability is p + Δ, the expected weight is (p + Δ)/p, hence
    /// the jump Δ/p. This is exact (unbiased) when the weight is used linearly, as importance
    /// weights are; it is biased in a non-linear function of the weight.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is not &gt; 0 (or NaN), or is negative on a jump's path.</exception>
    public static T NewWeight<T>(T p) where T : INumber<T>
    {
        if (typeof(T) == typeof(double))
        {
            CheckProbability(Random.StochasticRandom.AsDouble(p));
            return T.One;
        }

        return NewWeightRules<T>.Instance.NewWeight(p);
    }

    internal static void CheckProbability(double p)
    {
        if (!(p > 0))
        {
            throw new ArgumentOutOfRangeException(
                nameof(p), p, string.Create(CultureInfo.InvariantCulture, $"The selection probability p must be > 0, but is {p}."));
        }
    }
}

/// <summary>new_weight for one number type: triples through <see cref="TripleNewWeight{TJumps}"/>, others only validate.</summary>
internal abstract class NewWeightRules<T> where T : INumber<T>
{
    public static readonly NewWeightRules<T> Instance = NumberTypeRules.For<T, NewWeightRules<T>>(
        typeof(TripleNewWeight<>), () => new PlainNewWeight<T>(), typeof(GradientNewWeight<,>));

    public abstract T NewWeight(T p);
}

internal sealed class PlainNewWeight<T> : NewWeightRules<T> where T : INumber<T>
{
    public override T NewWeight(T p)
    {
        Resampling.CheckProbability(double.CreateChecked(p));
        return T.One;
    }
}

internal sealed class TripleNewWeight<TJumps> : NewWeightRules<StochasticTriple<TJumps>> where TJumps : struct, IJumps<TJumps>
{
    public override StochasticTriple<TJumps> NewWeight(StochasticTriple<TJumps> p)
    {
        double value = p.Value;
        Resampling.CheckProbability(value);
        var scale = new Relative(value);
        return StochasticTriple<TJumps>.FromParts(1, p.Dual / value, TJumps.Map(p.Jumps, scale), p.Run);
    }

    /// <summary>Δ ↦ Δ/p: the expected weight on the jump's path is (p + Δ)/p.</summary>
    internal readonly struct Relative(double p) : IJumpMap
    {
        public double Apply(double delta)
        {
            if (p + delta < 0)
            {
                throw NegativeOnJumpPath(p, p + delta);
            }

            return delta / p;
        }

        private static ArgumentOutOfRangeException NegativeOnJumpPath(double p, double alternative) =>
            new(nameof(p), alternative, string.Create(
                CultureInfo.InvariantCulture, $"The selection probability p is {p} on the primal path but {alternative} (< 0) on a jump's path."));
    }
}

/// <summary>new_weight for gradient triples: the scalar rule with every partial divided by p.</summary>
internal sealed class GradientNewWeight<TJumps, TPartials> : NewWeightRules<GradientTriple<TJumps, TPartials>>
    where TJumps : struct, IJumps<TJumps>
    where TPartials : struct, IPartials<TPartials>
{
    public override GradientTriple<TJumps, TPartials> NewWeight(GradientTriple<TJumps, TPartials> p)
    {
        double value = p.Value;
        Resampling.CheckProbability(value);
        TJumps jumps = p.Jumps.IsEmpty ? default : TJumps.Map(p.Jumps, new TripleNewWeight<TJumps>.Relative(value));
        return new(1, PartialsMath<TPartials>.Scale(1 / value, p.Partials), jumps, p.RunStamp);
    }
}
