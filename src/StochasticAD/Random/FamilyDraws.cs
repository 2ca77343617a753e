using System.Numerics;
using StochasticAD.Distributions;

namespace StochasticAD.Random;

/// <summary>
/// The draws of user-defined and the newer families whose meaning depends on the number type:
/// the triple's rules (Random/TripleDraws.Families.cs) for <see cref="StochasticTriple{TJumps}"/>,
/// plain sampling through double for other number types. Kept apart from <see cref="DrawRules{T}"/>
/// so that adding a family touches no existing file.
/// </summary>
internal interface IFamilyDraws<T> where T : INumber<T>
{
    T Discrete(StochasticRandom rng, DiscreteFamily family, ReadOnlySpan<T> parameters, in DrawOptions options);

    /// <summary>log G for G ~ Gamma(shape, 1).</summary>
    T LogGamma(StochasticRandom rng, T shape);
}

/// <summary>The instance of <see cref="IFamilyDraws{T}"/> for T, found once.</summary>
internal static class FamilyDraws<T> where T : INumber<T>
{
    public static readonly IFamilyDraws<T> Instance = DrawRules<T>.Instance as IFamilyDraws<T> ?? new ConvertingFamilyDraws<T>();
}

/// <summary>Plain sampling for number types other than double and triples, through double.</summary>
internal sealed class ConvertingFamilyDraws<T> : IFamilyDraws<T> where T : INumber<T>
{
    public T Discrete(StochasticRandom rng, DiscreteFamily family, ReadOnlySpan<T> parameters, in DrawOptions options)
    {
        var p = new double[parameters.Length];
        for (int i = 0; i < p.Length; i++)
        {
            p[i] = double.CreateChecked(parameters[i]);
        }

        return T.CreateChecked(StochasticRandom.SampleFamily(rng, family, p));
    }

    public T LogGamma(StochasticRandom rng, T shape) => T.CreateChecked(StochasticRandom.StandardLogGamma(rng, double.CreateChecked(shape)));
}
