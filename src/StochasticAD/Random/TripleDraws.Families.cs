using System.Globalization;
using StochasticAD.Backends;
using StochasticAD.Distributions;

namespace StochasticAD.Random;

// The triple's draws of user-defined discrete families (DiscreteFamily) and of the gamma family
// (implicit reparameterisation, method §14). Built from the same pieces as the built-in draws:
// Assembler, Alternative (coupled inversion), ScoreOnly, Strategy.
internal sealed partial class TripleDraws<TJumps> : IFamilyDraws<StochasticTriple<TJumps>>
{
    public StochasticTriple<TJumps> Discrete(
        StochasticRandom rng, DiscreteFamily family, ReadOnlySpan<StochasticTriple<TJumps>> parameters, in DrawOptions options)
    {
        family.CheckCount(parameters.Length);
        int m = parameters.Length;
        var theta = new double[m];
        var duals = new double[m];
        DifferentiationRun? run = null;
        bool anyJump = false;
        for (int i = 0; i < m; i++)
        {
            theta[i] = parameters[i].Value;
            duals[i] = parameters[i].Dual;
            run = DifferentiationRun.Merge(run, parameters[i].Run);
            anyJump |= parameters[i].HasJump;
            CheckDiscreteParameter(family, i, duals[i]);
        }

        family.Validate(theta);
        FamilyAt dist = family.At(theta);
        int x = dist.Sample(rng);
        if (rng.Score is { } recorder)
        {
            // Score-function mode (TripleDraws.Score.cs): ∂ log P(x) = (D(x) − D(x − 1)) / P(x).
            double score = 0;
            if (Array.Exists(duals, d => d != 0))
            {
                score = (dist.CdfDirectional(x, duals) - dist.CdfDirectional(x - 1, duals)) / dist.Pmf(x);
            }

            return ScoreOnly(recorder, x, run, score);
        }

        CheckFamilyPropagation(dist, options.Propagation);
        var output = new Assembler(rng, run);
        if (anyJump)
        {
            var operands = new TJumps[m];
            for (int i = 0; i < m; i++)
            {
                operands[i] = parameters[i].Jumps;
            }

            output.Carry(TJumps.MapMany(operands, new DiscreteFamilyCoupling(dist, x, rng, options.Propagation)));
        }

        CdfEdgeJumps(dist, x, duals, Strategy(options, run), options.Coupling, ref output);
        return output.Finish(x);
    }

    /// <summary>
    /// A whole-number parameter (a count) cannot carry a dual part, except on a smoothing backend,
    /// which folds everything into the dual part anyway.
    /// </summary>
    /// <exception cref="ArgumentException">Parameter <paramref name="index"/> is discrete and <paramref name="dual"/> is not 0.</exception>
    internal static void CheckDiscreteParameter(DiscreteFamily family, int index, double dual)
    {
        if (dual != 0 && !TJumps.Smooths && family.IsDiscreteParameter(index))
        {
            throw new ArgumentException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{family.Name}: the parameter {family.ParameterNames[index]} is a whole number, but carries the dual part {dual}: a count cannot change continuously. Pass a draw (or a constant) for it."),
                family.ParameterNames[index]);
        }
    }

    /// <summary>Enumeration coupling needs a finite support.</summary>
    internal static void CheckFamilyPropagation(FamilyAt dist, PropagationCoupling propagation)
    {
        if (propagation == PropagationCoupling.Enumeration && dist.Maximum == int.MaxValue)
        {
            throw OptionsError($"Enumeration coupling needs a finite support, which {dist.Family.Name} does not have; use Inversion.");
        }
    }

    /// <summary>
    /// The new jumps of a family draw at x for one direction (the parameters' dual parts
    /// <paramref name="duals"/>): the CDF-edge rule of method §15 under the chosen strategy. The
    /// gradient triple calls it once per component.
    /// </summary>
    internal static void CdfEdgeJumps<TSink>(FamilyAt dist, int x, ReadOnlySpan<double> duals, JumpStrategy strategy, CouplingMode coupling, ref TSink output)
        where TSink : struct, IJumpSink
    {
        if ((strategy is JumpStrategy.SingleSided or JumpStrategy.TwoSided) && duals.ContainsAnyExcept(0.0))
        {
            double lower = dist.CdfDirectional(x - 1, duals), upper = dist.CdfDirectional(x, duals), pmf = dist.Pmf(x);

            // An edge next to a value of probability 0 (past the support's end) can only be handled from x's side.
            var outer = (Lower: lower != 0 && dist.Pmf(x - 1) == 0, Upper: upper != 0 && dist.Pmf(x + 1) == 0);
            if (strategy == JumpStrategy.SingleSided)
            {
                EdgeRule(lower, upper, pmf, outer, 1, coupling, ref output);
            }
            else
            {
                EdgeRule(lower, upper, pmf, outer, 0.5, coupling, ref output);
                EdgeRule(-lower, -upper, pmf, outer, -0.5, coupling, ref output);
            }
        }
        else if (strategy == JumpStrategy.StraightThrough)
        {
            throw OptionsError($"The straight-through strategy is defined for Bernoulli and Binomial draws only, not for {dist.Family.Name}.");
        }
    }

    /// <summary>
    /// The CDF-edge rule (method §15) for one direction: the lower edge of x's cell moves by
    /// <paramref name="lower"/>·ε, the upper edge by <paramref name="upper"/>·ε; a lower edge moving
    /// up sends mass to x − 1, an upper edge moving down to x + 1. Weights times <paramref name="scale"/>.
    /// An <paramref name="outer"/> edge borders a value of probability 0, whose cell is never drawn: it
    /// is used whatever the mode (the weight may then be negative), or its share would be lost.
    /// </summary>
    private static void EdgeRule<TSink>(double lower, double upper, double pmf, (bool Lower, bool Upper) outer, double scale, CouplingMode mode, ref TSink output)
        where TSink : struct, IJumpSink
    {
        bool down = outer.Lower || mode switch
        {
            CouplingMode.AlwaysLeft => lower != 0,
            CouplingMode.AlwaysRight => false,
            _ => lower > 0,
        };
        if (down)
        {
            output.Add(-1, scale * lower / pmf);
        }

        bool up = outer.Upper || mode switch
        {
            CouplingMode.AlwaysRight => upper != 0,
            CouplingMode.AlwaysLeft => false,
            _ => upper < 0,
        };
        if (up)
        {
            output.Add(+1, scale * -upper / pmf);
        }
    }

    /// <summary>A user-defined family's carried jump: the draw at θ + Δθ, coupled to the primal draw by inversion.</summary>
    internal readonly struct DiscreteFamilyCoupling(FamilyAt dist, int x, StochasticRandom rng, PropagationCoupling propagation) : IJumpMapMany
    {
        private readonly PrimalCell _cell = PrimalCell.Of(dist, x);

        public double Apply(ReadOnlySpan<double> deltas)
        {
            double[] theta = dist.Parameters;
            var alternative = new double[theta.Length];
            for (int i = 0; i < theta.Length; i++)
            {
                alternative[i] = theta[i] + deltas[i];
            }

            dist.Family.Validate(alternative);
            return Alternative(_cell, dist.Family.At(alternative), x, rng, propagation) - x;
        }
    }

    // ---------------------------------------------------------------- gamma (implicit reparameterisation, method §14)

    /// <summary>
    /// L = log G, G ~ Gamma(shape, 1), as a triple: the dual part is δ·dL/dk with
    /// dL/dk = −(∂P(k, G)/∂k)/(G·g(G)), and a jump Δk of the shape maps L to the log of
    /// P⁻¹(k + Δk, P(k, G)) (the same uniform, inverted at the new shape).
    /// </summary>
    public StochasticTriple<TJumps> LogGamma(StochasticRandom rng, StochasticTriple<TJumps> shape)
    {
        double k = shape.Value;
        double logG = StochasticRandom.StandardLogGamma(rng, k);
        double dual = shape.Dual == 0 ? 0 : shape.Dual * GammaFunctions.RelativeShapeDerivative(k, logG);
        TJumps jumps = shape.HasJump ? TJumps.Map(shape.Jumps, new GammaShapeCoupling(k, logG)) : default;
        return StochasticTriple<TJumps>.FromParts(logG, dual, jumps, shape.Run);
    }

    internal readonly struct GammaShapeCoupling(double shape, double logG) : IJumpMap
    {
        public double Apply(double delta) =>
            GammaFunctions.SameLevelLog(shape, logG, StochasticRandom.CheckGammaShape(shape + delta, "shape (on a jump's path)")) - logG;
    }
}
