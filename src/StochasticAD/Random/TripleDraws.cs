using StochasticAD.Backends;
using StochasticAD.Distributions;

namespace StochasticAD.Random;

/// <summary>
/// The draws and indexing for stochastic triples. Each discrete draw samples at the primal
/// parameter, creates new jumps from the parameter's dual part by the inversion rules
/// (method §3), carries the parameter's existing jumps by coupled inversion (method §4), and
/// combines the two.
/// </summary>
internal sealed partial class TripleDraws<TJumps> : DrawRules<StochasticTriple<TJumps>> where TJumps : struct, IJumps<TJumps>
{
    public override StochasticTriple<TJumps> Bernoulli(StochasticRandom rng, StochasticTriple<TJumps> p, in DrawOptions options) =>
        Family(rng, new Bernoulli(p.Value), p, options);

    public override StochasticTriple<TJumps> Binomial(StochasticRandom rng, int n, StochasticTriple<TJumps> p, in DrawOptions options) =>
        Family(rng, new Binomial(n, p.Value), p, options);

    public override StochasticTriple<TJumps> Geometric(StochasticRandom rng, StochasticTriple<TJumps> p, in DrawOptions options) =>
        Family(rng, new Geometric(p.Value), p, options);

    public override StochasticTriple<TJumps> Poisson(StochasticRandom rng, StochasticTriple<TJumps> lambda, in DrawOptions options) =>
        Family(rng, new Poisson(lambda.Value), lambda, options);

    /// <summary>A draw from a one-parameter family: sample, carry the parameter's jumps, create new jumps from its δ.</summary>
    private static StochasticTriple<TJumps> Family<TDist>(StochasticRandom rng, TDist dist, StochasticTriple<TJumps> parameter, in DrawOptions options)
        where TDist : struct, IDiscreteFamily<TDist>
    {
        int x = dist.Sample(rng);
        if (rng.Score is { } recorder)
        {
            // Score-function mode (TripleDraws.Score.cs).
            return ScoreOnly(recorder, x, parameter.Run, ScoreTerm(dist, x, parameter.Dual));
        }

        CheckPropagation(dist, options.Propagation);
        TJumps carried = default;
        if (parameter.HasJump)
        {
            var coupling = new FamilyCoupling<TDist>(dist, x, rng, options.Propagation);
            carried = TJumps.Map(parameter.Jumps, ref coupling);
        }

        Span<NewJump> created = stackalloc NewJump[2];
        int count = CreateJumps(dist, x, parameter.Dual, Strategy(options, parameter.Run), options.Coupling, created);
        return Output(x, rng, parameter.Run, carried, created[..count]);
    }

    public override StochasticTriple<TJumps> Binomial(
        StochasticRandom rng, StochasticTriple<TJumps> n, StochasticTriple<TJumps> p, in DrawOptions options)
    {
        if (n.Dual != 0 && !TJumps.Smooths)
        {
            throw new ArgumentException(
                $"The number of trials n must be discrete, but carries the dual part {n.Dual}: a count cannot change " +
                "continuously. Pass a draw (or a constant) as n.", nameof(n));
        }

        int trials = StochasticRandom.WholeNumber(n.Value, nameof(n));
        var dist = new Binomial(trials, p.Value);
        int x = dist.Sample(rng);
        DifferentiationRun? run = DifferentiationRun.Merge(n.Run, p.Run);
        if (rng.Score is { } recorder)
        {
            // Score-function mode (TripleDraws.Score.cs).
            return ScoreOnly(recorder, x, run, ScoreTerm(dist, x, p.Dual));
        }

        TJumps carried = default;
        if (n.HasJump || p.HasJump)
        {
            var coupling = new TrialsCoupling(dist, x, rng, options.Propagation);
            carried = TJumps.Map2(n.Jumps, p.Jumps, ref coupling);
        }

        Span<NewJump> created = stackalloc NewJump[3];
        int count = CreateJumps(dist, x, p.Dual, Strategy(options, run), options.Coupling, created);
        if (n.Dual != 0)
        {
            // Only when smoothing (checked above): a smoothed count n carries δn, and E[X] = n·p grows by p per trial.
            created[count++] = new NewJump(p.Value, n.Dual);
        }

        return Output(x, rng, run, carried, created[..count]);
    }

    public override StochasticTriple<TJumps> Categorical(
        StochasticRandom rng, ReadOnlySpan<StochasticTriple<TJumps>> probabilities, in DrawOptions options)
    {
        int k = probabilities.Length;
        var p = new double[k];
        var duals = new double[k];
        DifferentiationRun? run = null;
        bool anyJump = false;
        for (int i = 0; i < k; i++)
        {
            p[i] = probabilities[i].Value;
            duals[i] = probabilities[i].Dual;
            run = DifferentiationRun.Merge(run, probabilities[i].Run);
            anyJump |= probabilities[i].HasJump;
        }

        var dist = new Categorical(p);
        int x = dist.Sample(rng);
        if (rng.Score is { } recorder)
        {
            // Score-function mode (TripleDraws.Score.cs): ∂ log p_x = δ_x / p_x.
            return ScoreOnly(recorder, x, run, duals[x] == 0 ? 0 : duals[x] / p[x]);
        }

        // Carried jumps: the alternative probability vector, coupled through the primal draw's cell.
        TJumps carried = default;
        if (anyJump)
        {
            var operands = new TJumps[k];
            for (int i = 0; i < k; i++)
            {
                operands[i] = probabilities[i].Jumps;
            }

            var coupling = new CategoricalCoupling(dist, p, x, rng, options.Propagation);
            carried = TJumps.MapMany<CategoricalCoupling>(operands, ref coupling);
        }

        // New jumps: up to two per rule (the lower and the upper edge of x's cell), two rules for two-sided.
        Span<NewJump> created = stackalloc NewJump[4];
        int count = 0;
        switch (Strategy(options, run))
        {
            case JumpStrategy.SingleSided:
                count = CategoricalRule(rng, p, duals, x, +1, 1, options.Coupling, created);
                break;
            case JumpStrategy.TwoSided:
                count = CategoricalRule(rng, p, duals, x, +1, 0.5, options.Coupling, created);
                count += CategoricalRule(rng, p, duals, x, -1, -0.5, options.Coupling, created[count..]);
                break;
            case JumpStrategy.StraightThrough:
                throw new ArgumentException(
                    "The straight-through strategy is defined for Bernoulli and Binomial draws only, not for Categorical.", nameof(options));
            default:
                break; // IgnoreDiscrete
        }

        return Output(x, rng, run, carried, created[..count]);
    }

    // ---------------------------------------------------------------- forming new jumps (method §3, §7)

    /// <summary>A new jump before it becomes an event: Δ and its weight.</summary>
    private readonly record struct NewJump(double Delta, double Weight);

    private static JumpStrategy Strategy(in DrawOptions options, DifferentiationRun? run) =>
        options.Strategy != JumpStrategy.Default ? options.Strategy
        : run is { Strategy: not JumpStrategy.Default } r ? r.Strategy
        : TJumps.DefaultStrategy;

    /// <summary>The new jumps of a one-parameter family under a strategy; returns how many were written.</summary>
    private static int CreateJumps<TDist>(in TDist dist, int x, double dual, JumpStrategy strategy, CouplingMode mode, Span<NewJump> into)
        where TDist : struct, IDiscreteFamily<TDist>
    {
        if (dual == 0)
        {
            return 0;
        }

        switch (strategy)
        {
            case JumpStrategy.SingleSided:
                into[0] = Rule(dist, x, dual, mode, 1);
                return 1;
            case JumpStrategy.TwoSided:
                // ½·(rule for δ) − ½·(rule for −δ): each half is unbiased for ±δ·dE, so the sum is too.
                into[0] = Rule(dist, x, dual, mode, 0.5);
                into[1] = Rule(dist, x, -dual, mode, -0.5);
                return 2;
            case JumpStrategy.StraightThrough:
                if (!dist.TryGetSuccessProbability(out double p))
                {
                    throw OptionsError($"The straight-through strategy is defined for Bernoulli and Binomial draws only, not for {typeof(TDist).Name}.");
                }

                into[0] = Rule(dist, x, dual, mode, 1 - p);
                into[1] = Rule(dist, x, -dual, mode, -p);
                return 2;
            default:
                return 0; // IgnoreDiscrete
        }
    }

    private static NewJump Rule<TDist>(in TDist dist, int x, double dual, CouplingMode mode, double scale)
        where TDist : struct, IDiscreteFamily<TDist>
    {
        bool right = mode switch
        {
            CouplingMode.AlwaysRight => true,
            CouplingMode.AlwaysLeft => false,
            _ => dual > 0,
        };
        var (delta, weight) = right ? dist.RightJump(x, dual) : dist.LeftJump(x, dual);
        return new NewJump(delta, weight * scale);
    }

    /// <summary>
    /// The categorical rule for the direction sign·δ (method §3): the lower edge F(x−1) of x's cell
    /// moves by left·ε, the upper edge F(x) by right·ε; a moving edge hands mass to the nearest
    /// category on its side. Writes up to two jumps, weights multiplied by <paramref name="scale"/>.
    /// </summary>
    private static int CategoricalRule(
        StochasticRandom rng, double[] p, double[] duals, int x, int sign, double scale, CouplingMode mode, Span<NewJump> into)
    {
        double left = 0;
        for (int i = 0; i < x; i++)
        {
            left += sign * duals[i];
        }

        double right = left + (sign * duals[x]);
        int count = 0;
        bool down = mode switch
        {
            CouplingMode.AlwaysLeft => left != 0,
            CouplingMode.AlwaysRight => false,
            _ => left > 0,
        };
        if (down)
        {
            int target = WalkToNonZero(rng, p, duals, sign, x, left, -1);
            into[count++] = new NewJump(target - x, scale * left / p[x]);
        }

        bool up = mode switch
        {
            CouplingMode.AlwaysRight => right != 0,
            CouplingMode.AlwaysLeft => false,
            _ => right < 0,
        };
        if (up)
        {
            int target = WalkToNonZero(rng, p, duals, sign, x, -right, +1);
            into[count++] = new NewJump(target - x, scale * -right / p[x]);
        }

        return count;
    }

    /// <summary>
    /// From category x, the nearest category in <paramref name="direction"/> with non-zero
    /// probability; a zero-probability category on the way is taken instead with chance in
    /// proportion to its own derivative (it is where the moving edge's new mass goes). x itself when none.
    /// </summary>
    private static int WalkToNonZero(StochasticRandom rng, double[] p, double[] duals, int sign, int x, double total, int direction)
    {
        // With a negative total (a mode that allows a negative weight) no mass flows out, so no zero-probability category gains.
        double stop = total > 0 ? rng.NextDouble() * total : double.PositiveInfinity;
        double upto = 0;
        for (int i = x + direction; i >= 0 && i < p.Length; i += direction)
        {
            if (p[i] != 0)
            {
                return i;
            }

            // A zero-probability category gains mass sign·δᵢ·ε at the moving edge, whichever way it moves.
            upto += sign * duals[i];
            if (upto > stop)
            {
                return i;
            }
        }

        return x;
    }

    // ---------------------------------------------------------------- indexing

    public override StochasticTriple<TJumps> At(ReadOnlySpan<double> values, StochasticTriple<TJumps> index)
    {
        int i = CheckDiscreteIndex(index, values.Length);
        var lookup = new ValueLookup(values.ToArray(), i);
        TJumps jumps = TJumps.Map(index.Jumps, ref lookup);
        return StochasticTriple<TJumps>.FromParts(values[i], 0, jumps, index.Run);
    }

    public override StochasticTriple<TJumps> At(ReadOnlySpan<StochasticTriple<TJumps>> values, StochasticTriple<TJumps> index)
    {
        int i = CheckDiscreteIndex(index, values.Length);
        StochasticTriple<TJumps> chosen = values[i];
        DifferentiationRun? run = DifferentiationRun.Merge(index.Run, chosen.Run);
        if (!index.HasJump)
        {
            return StochasticTriple<TJumps>.FromParts(chosen.Value, chosen.Dual, chosen.Jumps, run);
        }

        // Operands: the index, the chosen element, and every element a jump of the index can select.
        var candidates = new List<int>();
        foreach (Jump j in index.JumpList)
        {
            int alt = Indexing.CheckIndex(i + j.Delta, values.Length, "index (on a jump's path)");
            if (!candidates.Contains(alt))
            {
                candidates.Add(alt);
            }
        }

        var operands = new TJumps[2 + candidates.Count];
        var candidateValues = new double[candidates.Count];
        operands[0] = index.Jumps;
        operands[1] = chosen.Jumps;
        for (int c = 0; c < candidates.Count; c++)
        {
            StochasticTriple<TJumps> element = values[candidates[c]];
            run = DifferentiationRun.Merge(run, element.Run);
            operands[2 + c] = element.Jumps;
            candidateValues[c] = element.Value;
        }

        var lookup = new ElementLookup(i, chosen.Value, candidates.ToArray(), candidateValues);
        TJumps jumps = TJumps.MapMany<ElementLookup>(operands, ref lookup);
        return StochasticTriple<TJumps>.FromParts(chosen.Value, chosen.Dual, jumps, run);
    }

    private static int CheckDiscreteIndex(in StochasticTriple<TJumps> index, int length)
    {
        if (index.Dual != 0)
        {
            throw new ArgumentException(
                $"The index carries the dual part {index.Dual}, but indexing is not differentiable in a continuous index. " +
                "Index by a discrete draw (its dual part is 0) or by a constant.", nameof(index));
        }

        return Indexing.CheckIndex(index.Value, length);
    }

    // ---------------------------------------------------------------- assembling the output

    private static TJumps New(DifferentiationRun? run, StochasticRandom rng, double delta, double weight)
    {
        if (weight == 0 || delta == 0)
        {
            return default;
        }

        // A non-zero dual part only arises from a parameter of a run, so run is set here.
        return TJumps.New(run ?? throw new InvalidOperationException("A dual part without a differentiation run."), rng, delta, weight);
    }

    /// <summary>The draw's triple: carried jumps first, then the new ones (each a new event), combined; or, when smoothing, all folded into the dual part.</summary>
    private static StochasticTriple<TJumps> Output(int x, StochasticRandom rng, DifferentiationRun? run, in TJumps carried, ReadOnlySpan<NewJump> created)
    {
        if (TJumps.Smooths)
        {
            // Method §7: δ' = Σ Δ·w right at the draw (a smoothing backend never carries jumps).
            double dual = carried.Contribution;
            foreach (NewJump j in created)
            {
                dual += j.Delta * j.Weight;
            }

            return StochasticTriple<TJumps>.FromParts(x, dual, default, run);
        }

        TJumps jumps = carried;
        var sum = default(Sum);
        foreach (NewJump j in created)
        {
            jumps = TJumps.Map2(jumps, New(run, rng, j.Delta, j.Weight), ref sum);
        }

        return StochasticTriple<TJumps>.FromParts(x, 0, jumps, run);
    }

    private readonly struct Sum : IJumpMap2
    {
        public double Apply(double deltaX, double deltaY) => deltaX + deltaY;
    }

    /// <summary>An error in the draw's <see cref="DrawOptions"/>, named after the draw methods' parameter.</summary>
    private static ArgumentException OptionsError(string message, string parameter = "options") => new(message, parameter);

    private static void CheckPropagation<TDist>(in TDist dist, PropagationCoupling propagation) where TDist : struct, IDiscreteFamily<TDist>
    {
        if (propagation == PropagationCoupling.Enumeration && !dist.HasFiniteSupport)
        {
            throw OptionsError($"Enumeration coupling needs a finite support, which {typeof(TDist).Name} does not have; use Inversion.");
        }
    }

    /// <summary>A one-parameter family's carried jump: the alternative draw at θ + Δθ, coupled to the primal draw.</summary>
    private readonly struct FamilyCoupling<TDist>(TDist dist, int x, StochasticRandom rng, PropagationCoupling propagation) : IJumpMap
        where TDist : struct, IDiscreteFamily<TDist>
    {
        public double Apply(double delta) => Alternative(dist, dist.WithParameter(dist.Parameter + delta), x, rng, propagation) - x;
    }

    /// <summary>Binomial with jumps in both n and p: first couple through p, then add or remove trials (method §4).</summary>
    private readonly struct TrialsCoupling(Binomial dist, int x, StochasticRandom rng, PropagationCoupling propagation) : IJumpMap2
    {
        public double Apply(double deltaN, double deltaP)
        {
            int successes = x;
            double p = dist.P + deltaP;
            if (deltaP != 0)
            {
                successes = Alternative(dist, dist.WithParameter(p), x, rng, propagation);
            }

            int n = dist.N;
            int alternativeN = StochasticRandom.WholeNumber(n + deltaN, "n (on a jump's path)");
            if (alternativeN > n)
            {
                successes += new Binomial(alternativeN - n, p).Sample(rng);
            }
            else if (alternativeN < n)
            {
                successes -= Hypergeometric(rng, successes, n - successes, n - alternativeN);
            }

            return successes - x;
        }
    }

    private readonly struct CategoricalCoupling(Categorical dist, double[] p, int x, StochasticRandom rng, PropagationCoupling propagation) : IJumpMapMany
    {
        public double Apply(ReadOnlySpan<double> deltas)
        {
            var alternative = new double[p.Length];
            for (int i = 0; i < p.Length; i++)
            {
                alternative[i] = p[i] + deltas[i];
            }

            return Alternative(dist, new Categorical(alternative), x, rng, propagation) - x;
        }
    }

    /// <summary>
    /// The alternative draw from <paramref name="alternative"/> coupled to the primal draw x of
    /// <paramref name="primal"/>: conditionally on x, the primal's uniform lies in its cell
    /// (F(x−1), F(x)]. Inversion draws it there and inverts the alternative CDF; enumeration lists
    /// the alternative values whose cells overlap that cell, with the overlaps as probabilities.
    /// </summary>
    private static int Alternative<TPrimal, TAlternative>(in TPrimal primal, in TAlternative alternative, int x, StochasticRandom rng, PropagationCoupling propagation)
        where TPrimal : IDiscreteDistribution
        where TAlternative : IDiscreteDistribution
    {
        double low = primal.Cdf(x - 1);
        double high = primal.Cdf(x);
        if (propagation != PropagationCoupling.Enumeration)
        {
            return alternative.Quantile(low + ((high - low) * rng.NextDoubleNonZero()));
        }

        int first = alternative.Quantile(Math.BitIncrement(low));
        int last = alternative.Quantile(high);
        double target = rng.NextDoubleNonZero() * (high - low);
        double upto = 0;
        for (int a = first; a < last; a++)
        {
            upto += Math.Max(0, Math.Min(alternative.Cdf(a), high) - Math.Max(alternative.Cdf(a - 1), low));
            if (upto >= target)
            {
                return a;
            }
        }

        return last;
    }

    private readonly struct ValueLookup(double[] values, int i) : IJumpMap
    {
        public double Apply(double delta) => values[Indexing.CheckIndex(i + delta, values.Length, "index (on a jump's path)")] - values[i];
    }

    /// <summary>Operand 0 is the index, 1 the chosen element, 2… the candidate elements; see <see cref="At(ReadOnlySpan{StochasticTriple{TJumps}}, StochasticTriple{TJumps})"/>.</summary>
    private readonly struct ElementLookup(int i, double chosenValue, int[] candidates, double[] candidateValues) : IJumpMapMany
    {
        public double Apply(ReadOnlySpan<double> deltas)
        {
            if (deltas[0] == 0)
            {
                return deltas[1];
            }

            int c = Array.IndexOf(candidates, i + (int)deltas[0]);
            return candidateValues[c] + deltas[2 + c] - chosenValue;
        }
    }

    /// <summary>Successes among <paramref name="draws"/> items taken without replacement from the given successes and failures.</summary>
    private static int Hypergeometric(StochasticRandom rng, int successes, int failures, int draws)
    {
        int taken = 0;
        for (int d = 0; d < draws; d++)
        {
            if (rng.NextDouble() * (successes + failures) < successes)
            {
                successes--;
                taken++;
            }
            else
            {
                failures--;
            }
        }

        return taken;
    }
}
