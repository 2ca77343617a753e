using System.Globalization;
using System.Numerics;
using StochasticAD.Random;

namespace StochasticAD.Models;

/// <summary>
/// An age-structured SIR epidemic (chain binomial, Reed–Frost style): G age groups, one
/// transmission rate βg per group, a contact matrix between groups; output the number of people
/// ever infected (the final size). Its gradient in the G rates is what fitting a transmission
/// rate per age group needs; with the default 10 groups, 10 parameters.
/// </summary>
/// <remarks>
/// <para>
/// Step t: group g's force of infection λg = βg·Σh Cgh·Ih/Nh, new infections ~ Binomial(Sg, 1 − e^(−λg)),
/// recoveries ~ Binomial(Ig, γ). Every binomial has a random number of trials (Sg, Ig carry the
/// earlier draws' jumps) and a probability that depends on every group's infected count, so a jump
/// of one rate reaches all groups. The contact matrix is the simple assortative form
/// Cgh = c·exp(−|g − h|/2) (people mix most with their own and neighbouring age groups; an
/// illustration in the spirit of POLYMOD-type matrices, not fitted data).
/// </para>
/// <para>No closed form for the mean: the reference is the mean of one-parameter runs (the tests compare the two).</para>
/// </remarks>
public sealed class AgeGroupSirModel : IVectorStochasticModel
{
    /// <summary>Default number of age groups.</summary>
    public const int DefaultGroups = 10;

    /// <summary>Default people per group.</summary>
    public const int DefaultGroupSize = 100;

    /// <summary>Default number of steps.</summary>
    public const int DefaultSteps = 30;

    private readonly double[] _contacts; // row-major G × G

    /// <summary>A model of <paramref name="groups"/> age groups of <paramref name="groupSize"/> people, run for <paramref name="steps"/> steps.</summary>
    /// <param name="groups">G ≥ 1.</param>
    /// <param name="groupSize">Nh ≥ 1 (every group the same size).</param>
    /// <param name="steps">T ≥ 0.</param>
    /// <param name="recovery">γ in [0, 1], the per-step recovery probability.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public AgeGroupSirModel(int groups = DefaultGroups, int groupSize = DefaultGroupSize, int steps = DefaultSteps, double recovery = 0.25)
    {
        Check(groups >= 1, nameof(groups), groups, ">= 1");
        Check(groupSize >= 1, nameof(groupSize), groupSize, ">= 1");
        Check(steps >= 0, nameof(steps), steps, ">= 0");
        Check(recovery is >= 0 and <= 1, nameof(recovery), recovery, "in [0, 1]");
        Groups = groups;
        GroupSize = groupSize;
        Steps = steps;
        Recovery = recovery;
        _contacts = new double[groups * groups];
        for (int g = 0; g < groups; g++)
        {
            for (int h = 0; h < groups; h++)
            {
                _contacts[(g * groups) + h] = 2.0 * Math.Exp(-Math.Abs(g - h) / 2.0);
            }
        }
    }

    /// <summary>G, the number of age groups (and of parameters).</summary>
    public int Groups { get; }

    /// <summary>People per group.</summary>
    public int GroupSize { get; }

    /// <summary>Number of steps T.</summary>
    public int Steps { get; }

    /// <summary>γ, the per-step recovery probability.</summary>
    public double Recovery { get; }

    /// <inheritdoc/>
    public string Name => "sir-age-groups";

    /// <inheritdoc/>
    public int Dimension => Groups;

    /// <summary>The default rates: a transmission rate per group rising from children to the elderly (0.20 … 0.38 for 10 groups).</summary>
    public double[] DefaultP()
    {
        var p = new double[Groups];
        for (int g = 0; g < Groups; g++)
        {
            p[g] = 0.2 + (0.02 * g);
        }

        return p;
    }

    /// <summary>The parameters' names: beta[0-9], beta[10-19], … (ten-year age bands).</summary>
    public string[] ParameterNames() =>
        [.. Enumerable.Range(0, Groups).Select(g => string.Create(CultureInfo.InvariantCulture, $"beta[{10 * g}-{(10 * g) + 9}]"))];

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="p"/> does not have one rate per group.</exception>
    public T Run<T>(ReadOnlySpan<T> p, StochasticRandom rng)
        where T : INumber<T>, ISignedNumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>, IPowerFunctions<T>, IRootFunctions<T>,
            ITrigonometricFunctions<T>, IHyperbolicFunctions<T>
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (p.Length != Groups)
        {
            throw new ArgumentException($"p has {p.Length} entries but the model has {Groups} age groups.", nameof(p));
        }

        int groups = Groups;
        var susceptible = new T[groups];
        var infected = new T[groups];
        var pressure = new T[groups];
        T size = T.CreateChecked(GroupSize);
        T gamma = T.CreateChecked(Recovery);
        for (int g = 0; g < groups; g++)
        {
            // Two initial cases among the 20–29-year-olds (group 2, or the last group if there are fewer).
            int seeded = g == Math.Min(2, groups - 1) ? Math.Min(2, GroupSize) : 0;
            susceptible[g] = T.CreateChecked(GroupSize - seeded);
            infected[g] = T.CreateChecked(seeded);
        }

        for (int t = 0; t < Steps; t++)
        {
            for (int g = 0; g < groups; g++)
            {
                T contact = T.Zero;
                for (int h = 0; h < groups; h++)
                {
                    contact += T.CreateChecked(_contacts[(g * groups) + h]) * infected[h];
                }

                pressure[g] = p[g] * contact / size;
            }

            for (int g = 0; g < groups; g++)
            {
                T newCases = rng.Binomial(susceptible[g], T.One - T.Exp(-pressure[g]));
                T recovered = rng.Binomial(infected[g], gamma);
                susceptible[g] -= newCases;
                infected[g] += newCases - recovered;
            }
        }

        T everInfected = T.Zero;
        for (int g = 0; g < groups; g++)
        {
            everInfected += size - susceptible[g];
        }

        return everInfected;
    }

    private static void Check(bool ok, string name, double value, string rule)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"{name} must be {rule}, but is {value}."));
        }
    }
}
