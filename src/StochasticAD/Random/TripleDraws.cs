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
    public override StochasticTriple<TJumps> Bernoulli(StochasticRandom rng, StochasticTriple<TJumps> p) =>
        Family(rng, new Bernoulli(p.Value), p);

    public override StochasticTriple<TJumps> Binomial(StochasticRandom rng, int n, StochasticTriple<TJumps> p) =>
        Family(rng, new Binomial(n, p.Value), p);

    public override StochasticTriple<TJumps> Geometric(StochasticRandom rng, StochasticTriple<TJumps> p) =>
        Family(rng, new Geometric(p.Value), p);

    public override StochasticTriple<TJumps> Poisson(StochasticRandom rng, StochasticTriple<TJumps> lambda) =>
        Family(rng, new Poisson(lambda.Value), lambda);

    /// <summary>A draw from a one-parameter family: sample, new jump from δ, carried jumps by coupled inversion.</summary>
    private static StochasticTriple<TJumps> Family<TDist>(StochasticRandom rng, TDist dist, StochasticTriple<TJumps> parameter)
        where TDist : struct, IDiscreteFamily<TDist>
    {
        int x = dist.Sample(rng);
        if (rng.Score is { } recorder)
        {
            // Score function mode (TripleDraws.Score.cs).
            return ScoreOnly(recorder, x, parameter.Run, ScoreTerm(dist, x, parameter.Dual));
        }

        TJumps carried = default;
        if (parameter.HasJump)
        {
            var coupling = new InversionCoupling<TDist>(dist, x, rng);
            carried = TJumps.Map(parameter.Jumps, ref coupling);
        }

        var (delta, weight) = dist.InversionJump(x, parameter.Dual);
        return Output(x, rng, parameter.Run, carried, delta, weight);
    }

    public override StochasticTriple<TJumps> Binomial(StochasticRandom rng, StochasticTriple<TJumps> n, StochasticTriple<TJumps> p)
    {
        if (n.Dual != 0)
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
            // Score function mode (TripleDraws.Score.cs).
            return ScoreOnly(recorder, x, run, ScoreTerm(dist, x, p.Dual));
        }

        var coupling = new TrialsCoupling(dist, x, rng);
        TJumps carried = TJumps.Map2(n.Jumps, p.Jumps, ref coupling);
        var (delta, weight) = dist.InversionJump(x, p.Dual);
        return Output(x, rng, run, carried, delta, weight);
    }

    public override StochasticTriple<TJumps> Categorical(StochasticRandom rng, ReadOnlySpan<StochasticTriple<TJumps>> probabilities)
    {
        int k = probabilities.Length;
        var p = new double[k];
        DifferentiationRun? run = null;
        bool anyJump = false;
        for (int i = 0; i < k; i++)
        {
            p[i] = probabilities[i].Value;
            run = DifferentiationRun.Merge(run, probabilities[i].Run);
            anyJump |= probabilities[i].HasJump;
        }

        var dist = new Categorical(p);
        int x = dist.Sample(rng);
        if (rng.Score is { } recorder)
        {
            // Score function mode (TripleDraws.Score.cs): ∂ log p_x = δ_x / p_x.
            double dualX = probabilities[x].Dual;
            return ScoreOnly(recorder, x, run, dualX == 0 ? 0 : dualX / p[x]);
        }

        // Carried jumps: the alternative probability vector, coupled through the same uniform.
        TJumps carried = default;
        if (anyJump)
        {
            var operands = new TJumps[k];
            for (int i = 0; i < k; i++)
            {
                operands[i] = probabilities[i].Jumps;
            }

            var coupling = new CategoricalCoupling(dist, p, x, rng);
            carried = TJumps.MapMany<CategoricalCoupling>(operands, ref coupling);
        }

        // New jumps (method §3): the lower edge F(x−1) of x's interval moves by left·ε, the upper edge by right·ε.
        double left = 0;
        for (int i = 0; i < x; i++)
        {
            left += probabilities[i].Dual;
        }

        double right = left + probabilities[x].Dual;
        TJumps created = default;
        if (left > 0)
        {
            int target = WalkToNonZero(rng, probabilities, p, x, left, -1);
            created = New(run, rng, target - x, left / p[x]);
        }

        if (right < 0)
        {
            int target = WalkToNonZero(rng, probabilities, p, x, -right, +1);
            var sum = default(Sum);
            created = TJumps.Map2(created, New(run, rng, target - x, -right / p[x]), ref sum);
        }

        return Combine(x, run, carried, created);
    }

    /// <summary>
    /// From category x, the nearest category in <paramref name="direction"/> with non-zero
    /// probability; a zero-probability category on the way is taken instead with chance in
    /// proportion to its own δ (it is where the moving edge's new mass goes). x itself when none.
    /// </summary>
    private static int WalkToNonZero(StochasticRandom rng, ReadOnlySpan<StochasticTriple<TJumps>> probabilities, double[] p, int x, double total, int direction)
    {
        double stop = rng.NextDouble() * total;
        double upto = 0;
        for (int i = x + direction; i >= 0 && i < p.Length; i += direction)
        {
            if (p[i] != 0)
            {
                return i;
            }

            upto += direction < 0 ? probabilities[i].Dual : -probabilities[i].Dual;
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

    private static StochasticTriple<TJumps> Output(int x, StochasticRandom rng, DifferentiationRun? run, in TJumps carried, double delta, double weight) =>
        Combine(x, run, carried, New(run, rng, delta, weight));

    private static StochasticTriple<TJumps> Combine(int x, DifferentiationRun? run, in TJumps carried, in TJumps created)
    {
        var sum = default(Sum);
        TJumps jumps = TJumps.Map2(carried, created, ref sum);
        if (TJumps.Smooths)
        {
            // Smoothing backends fold the jumps into the dual part right at the draw (method §7).
            return StochasticTriple<TJumps>.FromParts(x, jumps.Contribution, default, run);
        }

        return StochasticTriple<TJumps>.FromParts(x, 0, jumps, run);
    }

    private readonly struct Sum : IJumpMap2
    {
        public double Apply(double deltaX, double deltaY) => deltaX + deltaY;
    }

    /// <summary>U uniform on the primal draw's CDF interval (F(x−1), F(x)]; the alternative is the quantile of U at θ + Δθ.</summary>
    private readonly struct InversionCoupling<TDist>(TDist dist, int x, StochasticRandom rng) : IJumpMap
        where TDist : struct, IDiscreteFamily<TDist>
    {
        public double Apply(double delta)
        {
            TDist alternative = dist.WithParameter(dist.Parameter + delta);
            return alternative.Quantile(UniformInCell(dist, x, rng)) - x;
        }
    }

    /// <summary>Binomial with jumps in both n and p: first couple through p by inversion, then add or remove trials (method §4).</summary>
    private readonly struct TrialsCoupling(Binomial dist, int x, StochasticRandom rng) : IJumpMap2
    {
        public double Apply(double deltaN, double deltaP)
        {
            int successes = x;
            double p = dist.P + deltaP;
            if (deltaP != 0)
            {
                successes = dist.WithParameter(p).Quantile(UniformInCell(dist, x, rng));
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

    private readonly struct CategoricalCoupling(Categorical dist, double[] p, int x, StochasticRandom rng) : IJumpMapMany
    {
        public double Apply(ReadOnlySpan<double> deltas)
        {
            var alternative = new double[p.Length];
            for (int i = 0; i < p.Length; i++)
            {
                alternative[i] = p[i] + deltas[i];
            }

            return new Categorical(alternative).Quantile(UniformInCell(dist, x, rng)) - x;
        }
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

    private static double UniformInCell<TDist>(in TDist dist, int x, StochasticRandom rng) where TDist : IDiscreteDistribution
    {
        double low = dist.Cdf(x - 1);
        double high = dist.Cdf(x);
        return low + ((high - low) * rng.NextDoubleNonZero());
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
