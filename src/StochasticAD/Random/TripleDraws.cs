using System.Runtime.CompilerServices;
using StochasticAD.Backends;
using StochasticAD.Distributions;

namespace StochasticAD.Random;

/// <summary>Receives the new jumps (Δ, w) a draw's rules create.</summary>
internal interface IJumpSink
{
    /// <summary>Adds a jump Δ of a new event of weight w.</summary>
    void Add(double delta, double weight);
}

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
    private static StochasticTriple<TJumps> Family<TDist>(StochasticRandom rng, in TDist dist, in StochasticTriple<TJumps> parameter, in DrawOptions options)
        where TDist : struct, IDiscreteFamily<TDist>
    {
        int x = dist.Sample(rng);
        if (rng.Score is { } recorder)
        {
            // Score-function mode (TripleDraws.Score.cs).
            return ScoreOnly(recorder, x, parameter.Run, ScoreTerm(dist, x, parameter.Dual));
        }

        CheckPropagation(dist, options.Propagation);
        DifferentiationRun? run = parameter.Run;

        // Everything but the primal sample (coupled alternatives, the new events' pruning coins)
        // comes from the run's side generator when a test sets one, so the primal draws stay fixed.
        StochasticRandom side = run?.SideGenerator ?? rng;
        var output = new Assembler(side, run);
        if (parameter.HasJump)
        {
            output.Carry(CarryFamily(dist, x, side, options.Propagation, parameter.Jumps));
        }

        JumpStrategy strategy = Strategy(options, run);
        if (strategy == JumpStrategy.SingleSided)
        {
            // The default strategy of the pruned backends, inline: handing the assembler by reference to
            // CreateJumps (not inlined) kept it in memory, and the call cost the random walk ~4 % per run.
            // The same rule, in the same order, as CreateJumps applies.
            if (parameter.Dual != 0)
            {
                AddRule(dist, x, parameter.Dual, options.Coupling, 1, ref output);
            }
        }
        else
        {
            CreateJumps(dist, x, parameter.Dual, strategy, options.Coupling, ref output);
        }

        return output.Finish(x);
    }

    /// <summary>The parameter's jumps mapped to the draw's: out of line, so the common draw stays small.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static TJumps CarryFamily<TDist>(in TDist dist, int x, StochasticRandom rng, PropagationCoupling propagation, in TJumps jumps)
        where TDist : struct, IDiscreteFamily<TDist>
    {
        var coupling = new FamilyCoupling<TDist>(dist, x, rng, propagation);
        return TJumps.Map(jumps, coupling);
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

        var output = new Assembler(rng, run);
        if (n.HasJump || p.HasJump)
        {
            var coupling = new TrialsCoupling(dist, x, rng, options.Propagation);
            output.Carry(TJumps.Map2(n.Jumps, p.Jumps, coupling));
        }

        CreateJumps(dist, x, p.Dual, Strategy(options, run), options.Coupling, ref output);
        if (n.Dual != 0)
        {
            // Only when smoothing (checked above): a smoothed count n carries δn, and E[X] = n·p grows by p per trial.
            output.Add(p.Value, n.Dual);
        }

        return output.Finish(x);
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
        Distributions.Categorical.ValidateDerivatives(duals, nameof(probabilities));
        int x = dist.Sample(rng);
        if (rng.Score is { } recorder)
        {
            // Score-function mode (TripleDraws.Score.cs): ∂ log p_x = δ_x / p_x.
            return ScoreOnly(recorder, x, run, duals[x] == 0 ? 0 : duals[x] / p[x]);
        }

        // Carried jumps: the alternative probability vector, coupled through the primal draw's cell.
        var output = new Assembler(rng, run);
        if (anyJump)
        {
            var operands = new TJumps[k];
            for (int i = 0; i < k; i++)
            {
                operands[i] = probabilities[i].Jumps;
            }

            var coupling = new CategoricalCoupling(dist, p, x, rng, options.Propagation);
            output.Carry(TJumps.MapMany<CategoricalCoupling>(operands, coupling));
        }

        CategoricalJumps(rng, p, duals, x, Strategy(options, run), options.Coupling, ref output);
        return output.Finish(x);
    }

    // ---------------------------------------------------------------- forming new jumps (method §3, §7)

    internal static JumpStrategy Strategy(in DrawOptions options, DifferentiationRun? run) =>
        options.Strategy != JumpStrategy.Default ? options.Strategy
        : run is { Strategy: not JumpStrategy.Default } r ? r.Strategy
        : TJumps.DefaultStrategy;

    /// <summary>Adds the new jumps of a one-parameter family under a strategy to <paramref name="output"/>.</summary>
    internal static void CreateJumps<TDist, TSink>(in TDist dist, int x, double dual, JumpStrategy strategy, CouplingMode mode, ref TSink output)
        where TDist : struct, IDiscreteFamily<TDist>
        where TSink : struct, IJumpSink
    {
        if (dual == 0)
        {
            return;
        }

        switch (strategy)
        {
            case JumpStrategy.SingleSided:
                AddRule(dist, x, dual, mode, 1, ref output);
                break;
            case JumpStrategy.TwoSided:
                // ½·(rule for δ) − ½·(rule for −δ): each half is unbiased for ±δ·dE, so the sum is too.
                AddRule(dist, x, dual, mode, 0.5, ref output);
                AddRule(dist, x, -dual, mode, -0.5, ref output);
                break;
            case JumpStrategy.StraightThrough:
                if (!dist.TryGetSuccessProbability(out double p))
                {
                    throw OptionsError($"The straight-through strategy is defined for Bernoulli and Binomial draws only, not for {typeof(TDist).Name}.");
                }

                AddRule(dist, x, dual, mode, 1 - p, ref output);
                AddRule(dist, x, -dual, mode, -p, ref output);
                break;
            default:
                break; // IgnoreDiscrete
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRule<TDist, TSink>(in TDist dist, int x, double dual, CouplingMode mode, double scale, ref TSink output)
        where TDist : struct, IDiscreteFamily<TDist>
        where TSink : struct, IJumpSink
    {
        bool right = mode switch
        {
            CouplingMode.AlwaysRight => true,
            CouplingMode.AlwaysLeft => false,
            _ => dual > 0,
        };
        var (delta, weight) = right ? dist.RightJump(x, dual) : dist.LeftJump(x, dual);
        output.Add(delta, weight * scale);
    }

    /// <summary>The new jumps of a categorical draw under a strategy: up to two per rule (the lower and the upper edge of x's cell), two rules for two-sided.</summary>
    internal static void CategoricalJumps<TSink>(
        StochasticRandom rng, double[] p, double[] duals, int x, JumpStrategy strategy, CouplingMode coupling, ref TSink output)
        where TSink : struct, IJumpSink
    {
        switch (strategy)
        {
            case JumpStrategy.SingleSided:
                CategoricalRule(rng, p, duals, x, +1, 1, coupling, ref output);
                break;
            case JumpStrategy.TwoSided:
                CategoricalRule(rng, p, duals, x, +1, 0.5, coupling, ref output);
                CategoricalRule(rng, p, duals, x, -1, -0.5, coupling, ref output);
                break;
            case JumpStrategy.StraightThrough:
                throw OptionsError("The straight-through strategy is defined for Bernoulli and Binomial draws only, not for Categorical.");
            default:
                break; // IgnoreDiscrete
            }
    }

    /// <summary>
    /// The categorical rule for the direction sign·δ (method §3): the lower edge F(x−1) of x's cell
    /// moves by left·ε, the upper edge F(x) by right·ε; a moving edge hands mass to the nearest
    /// category on its side. Adds up to two jumps, weights multiplied by <paramref name="scale"/>.
    /// </summary>
    private static void CategoricalRule<TSink>(
        StochasticRandom rng, double[] p, double[] duals, int x, int sign, double scale, CouplingMode mode, ref TSink output)
        where TSink : struct, IJumpSink
    {
        double left = 0;
        for (int i = 0; i < x; i++)
        {
            left += sign * duals[i];
        }

        double right = left + (sign * duals[x]);
        bool down = mode switch
        {
            CouplingMode.AlwaysLeft => left != 0,
            CouplingMode.AlwaysRight => false,
            _ => left > 0,
        };
        if (down)
        {
            int target = WalkToNonZero(rng, p, duals, sign, x, left, -1);
            output.Add(target - x, scale * left / p[x]);
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
            output.Add(target - x, scale * -right / p[x]);
        }
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
        var lookup = new ValueLookup(values, i);
        TJumps jumps = TJumps.Map(index.Jumps, lookup);
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
        List<int> candidates = Candidates(index, i, values.Length);

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
        TJumps jumps = TJumps.MapMany<ElementLookup>(operands, lookup);
        return StochasticTriple<TJumps>.FromParts(chosen.Value, chosen.Dual, jumps, run);
    }

    /// <summary>The distinct elements a jump of <paramref name="index"/> (at <paramref name="i"/>) can select.</summary>
    internal static List<int> Candidates(in StochasticTriple<TJumps> index, int i, int length)
    {
        var candidates = new List<int>();
        foreach (Jump j in index.JumpList)
        {
            int alt = Indexing.CheckIndex(i + j.Delta, length, "index (on a jump's path)");
            if (!candidates.Contains(alt))
            {
                candidates.Add(alt);
            }
        }

        return candidates;
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

    /// <summary>
    /// Builds a draw's triple: the carried jumps first, then each new jump as a new event,
    /// combined as they come; or, when the backend smooths, all folded into the dual part
    /// (method §7). A local of the draw: no buffer, no allocation besides the events.
    /// </summary>
    private struct Assembler(StochasticRandom rng, DifferentiationRun? run) : IJumpSink
    {
        private TJumps _jumps;
        private double _dual;

        /// <summary>Adds the parameter's jumps, mapped to the draw's values.</summary>
        public void Carry(in TJumps carried)
        {
            if (TJumps.Smooths)
            {
                _dual += carried.Contribution;
            }
            else
            {
                _jumps = carried;
            }
        }

        /// <summary>Adds a jump Δ of a new event of weight w.</summary>
        public void Add(double delta, double weight)
        {
            if (TJumps.Smooths)
            {
                _dual += delta * weight;
                return;
            }

            if (weight == 0 || delta == 0)
            {
                return;
            }

            // A non-zero dual part only arises from a parameter of a run, so run is set here.
            TJumps created = TJumps.New(run ?? throw NoRun(), rng, delta, weight);
            var sum = default(Sum);
            _jumps = TJumps.Map2(_jumps, created, sum);
        }

        /// <summary>The draw's triple with value <paramref name="x"/>.</summary>
        public readonly StochasticTriple<TJumps> Finish(int x) => StochasticTriple<TJumps>.FromParts(x, _dual, _jumps, run);

        private static InvalidOperationException NoRun() => new("A dual part without a differentiation run.");
    }

    internal readonly struct Sum : IJumpMap2
    {
        public double Apply(double deltaX, double deltaY) => deltaX + deltaY;
    }

    /// <summary>An error in the draw's <see cref="DrawOptions"/>, named after the draw methods' parameter.</summary>
    private static ArgumentException OptionsError(string message, string parameter = "options") => new(message, parameter);

    internal static void CheckPropagation<TDist>(in TDist dist, PropagationCoupling propagation) where TDist : struct, IDiscreteFamily<TDist>
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
        private readonly PrimalCell _cell = PrimalCell.Of(dist, x);

        public double Apply(double delta) => Alternative(_cell, dist.WithParameter(dist.Parameter + delta), x, rng, propagation) - x;
    }

    /// <summary>Binomial with jumps in both n and p: first couple through p, then add or remove trials (method §4).</summary>
    internal readonly struct TrialsCoupling(Binomial dist, int x, StochasticRandom rng, PropagationCoupling propagation) : IJumpMap2
    {
        private readonly PrimalCell _cell = PrimalCell.Of(dist, x);

        public double Apply(double deltaN, double deltaP)
        {
            int successes = x;
            double p = dist.P + deltaP;
            if (deltaP != 0)
            {
                successes = Alternative(_cell, dist.WithParameter(p), x, rng, propagation);
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

    internal readonly struct CategoricalCoupling(Categorical dist, double[] p, int x, StochasticRandom rng, PropagationCoupling propagation) : IJumpMapMany
    {
        private readonly PrimalCell _cell = PrimalCell.Of(dist, x);

        public double Apply(ReadOnlySpan<double> deltas)
        {
            var alternative = new double[p.Length];
            for (int i = 0; i < p.Length; i++)
            {
                alternative[i] = p[i] + deltas[i];
            }

            return Alternative(_cell, new Categorical(alternative), x, rng, propagation) - x;
        }
    }

    /// <summary>
    /// The primal draw's cell (F(x−1), F(x)] of the uniform that inverts to x: the same for every
    /// event a draw carries, so a coupling computes it once (two CDF evaluations, which for the
    /// binomial are incomplete beta functions) instead of once per event.
    /// </summary>
    internal readonly record struct PrimalCell(double Low, double High)
    {
        public static PrimalCell Of<TPrimal>(in TPrimal primal, int x) where TPrimal : IDiscreteDistribution =>
            new(primal.Cdf(x - 1), primal.Cdf(x));
    }

    /// <summary>
    /// The alternative draw from <paramref name="alternative"/> coupled to the primal draw x whose
    /// cell is <paramref name="cell"/>: conditionally on x, the primal's uniform lies in that cell.
    /// Inversion draws it there and inverts the alternative CDF; enumeration lists the alternative
    /// values whose cells overlap that cell, with the overlaps as probabilities.
    /// </summary>
    private static int Alternative<TAlternative>(in PrimalCell cell, in TAlternative alternative, int x, StochasticRandom rng, PropagationCoupling propagation)
        where TAlternative : IDiscreteDistribution
    {
        double low = cell.Low;
        double high = cell.High;
        if (propagation != PropagationCoupling.Enumeration)
        {
            return QuantileNear(alternative, low + ((high - low) * rng.NextDoubleNonZero()), x);
        }

        int first = QuantileNear(alternative, Math.BitIncrement(low), x);
        int last = QuantileNear(alternative, high, x);
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

    /// <summary>
    /// The alternative's quantile at <paramref name="u"/>, where the answer is usually the primal
    /// draw <paramref name="guess"/> (a small parameter change moves few draws). The binomial's
    /// quantile has no closed form: a search from the guess needs about two CDF evaluations where
    /// bisection over 0..n needs log₂ n (its CDF is an incomplete beta function, the dominant cost
    /// of a coupled binomial draw). The other families keep their own quantile.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int QuantileNear<TAlternative>(in TAlternative alternative, double u, int guess)
        where TAlternative : IDiscreteDistribution =>
        typeof(TAlternative) == typeof(Binomial)
            ? Unsafe.As<TAlternative, Binomial>(ref Unsafe.AsRef(in alternative)).QuantileNear(u, guess)
            : alternative.Quantile(u);

    /// <summary>A ref struct, so the table is read in place rather than copied for every lookup.</summary>
    internal readonly ref struct ValueLookup(ReadOnlySpan<double> values, int i) : IJumpMap
    {
        private readonly ReadOnlySpan<double> _values = values;


        public double Apply(double delta) => _values[Indexing.CheckIndex(i + delta, _values.Length, "index (on a jump's path)")] - _values[i];
    }

    /// <summary>Operand 0 is the index, 1 the chosen element, 2… the candidate elements; see <see cref="At(ReadOnlySpan{StochasticTriple{TJumps}}, StochasticTriple{TJumps})"/>.</summary>
    internal readonly struct ElementLookup(int i, double chosenValue, int[] candidates, double[] candidateValues) : IJumpMapMany
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
