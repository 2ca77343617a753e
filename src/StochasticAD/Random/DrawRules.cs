using System.Numerics;
using StochasticAD.Distributions;

namespace StochasticAD.Random;

/// <summary>
/// The discrete operations whose meaning depends on the number type: draws and indexing.
/// One instance per T, found once: the triple's rules for <see cref="StochasticTriple{TJumps}"/>,
/// plain sampling through double for every other number type. (double itself never gets here:
/// the public methods handle it inline.)
/// </summary>
internal abstract class DrawRules<T> where T : INumber<T>
{
    public static readonly DrawRules<T> Instance = NumberTypeRules.For<T, DrawRules<T>>(
        typeof(TripleDraws<>), () => new ConvertingDraws<T>(), typeof(GradientDraws<,>));

    public abstract T Bernoulli(StochasticRandom rng, T p, in DrawOptions options);

    public abstract T Binomial(StochasticRandom rng, int n, T p, in DrawOptions options);

    public abstract T Binomial(StochasticRandom rng, T n, T p, in DrawOptions options);

    public abstract T Geometric(StochasticRandom rng, T p, in DrawOptions options);

    public abstract T Poisson(StochasticRandom rng, T lambda, in DrawOptions options);

    public abstract T Categorical(StochasticRandom rng, ReadOnlySpan<T> probabilities, in DrawOptions options);

    public abstract T At(ReadOnlySpan<double> values, T index);

    public abstract T At(ReadOnlySpan<T> values, T index);
}

/// <summary>Plain sampling for number types other than double and triples (float, Half, decimal, …), through double.</summary>
internal sealed class ConvertingDraws<T> : DrawRules<T> where T : INumber<T>
{
    private static double D(T x) => double.CreateChecked(x);

    private static T Of(int k) => T.CreateChecked(k);

    public override T Bernoulli(StochasticRandom rng, T p, in DrawOptions options) => Of(new Bernoulli(D(p)).Sample(rng));

    public override T Binomial(StochasticRandom rng, int n, T p, in DrawOptions options) => Of(new Binomial(n, D(p)).Sample(rng));

    public override T Binomial(StochasticRandom rng, T n, T p, in DrawOptions options) =>
        Of(new Binomial(StochasticRandom.WholeNumber(D(n), nameof(n)), D(p)).Sample(rng));

    public override T Geometric(StochasticRandom rng, T p, in DrawOptions options) => Of(new Geometric(D(p)).Sample(rng));

    public override T Poisson(StochasticRandom rng, T lambda, in DrawOptions options) => Of(new Poisson(D(lambda)).Sample(rng));

    public override T Categorical(StochasticRandom rng, ReadOnlySpan<T> probabilities, in DrawOptions options)
    {
        var p = new double[probabilities.Length];
        for (int i = 0; i < p.Length; i++)
        {
            p[i] = D(probabilities[i]);
        }

        return Of(new Categorical(p).Sample(rng));
    }

    public override T At(ReadOnlySpan<double> values, T index) => T.CreateChecked(values[Indexing.CheckIndex(D(index), values.Length)]);

    public override T At(ReadOnlySpan<T> values, T index) => values[Indexing.CheckIndex(D(index), values.Length)];
}
