using StochasticAD.Backends;
using StochasticAD.Distributions;

namespace StochasticAD.Random;

/// <summary>
/// The draws and indexing for gradient triples (method §13). The primal sample and the carried
/// jumps are exactly those of the scalar triple (the same couplings); the new jumps are the scalar
/// rules of §3 applied once per component, and the component jumps with the same Δ become one
/// event whose weight is the vector of the components' weights.
/// </summary>
internal sealed class GradientDraws<TJumps, TPartials> : DrawRules<GradientTriple<TJumps, TPartials>>, IFamilyDraws<GradientTriple<TJumps, TPartials>>
    where TJumps : struct, IJumps<TJumps>
    where TPartials : struct, IPartials<TPartials>
{
    [ThreadStatic]
    private static JumpGroups? t_groups;

    public override GradientTriple<TJumps, TPartials> Bernoulli(StochasticRandom rng, GradientTriple<TJumps, TPartials> p, in DrawOptions options) =>
        Family(rng, new Bernoulli(p.Value), p, options);

    public override GradientTriple<TJumps, TPartials> Binomial(StochasticRandom rng, int n, GradientTriple<TJumps, TPartials> p, in DrawOptions options) =>
        Family(rng, new Binomial(n, p.Value), p, options);

    public override GradientTriple<TJumps, TPartials> Geometric(StochasticRandom rng, GradientTriple<TJumps, TPartials> p, in DrawOptions options) =>
        Family(rng, new Geometric(p.Value), p, options);

    public override GradientTriple<TJumps, TPartials> Poisson(StochasticRandom rng, GradientTriple<TJumps, TPartials> lambda, in DrawOptions options) =>
        Family(rng, new Poisson(lambda.Value), lambda, options);

    private static GradientTriple<TJumps, TPartials> Family<TDist>(
        StochasticRandom rng, in TDist dist, in GradientTriple<TJumps, TPartials> parameter, in DrawOptions options)
        where TDist : struct, IDiscreteFamily<TDist>
    {
        int x = dist.Sample(rng);
        CheckNoScore(rng);
        TripleDraws<TJumps>.CheckPropagation(dist, options.Propagation);
        DifferentiationRun? run = parameter.Run;
        StochasticRandom side = run?.SideGenerator ?? rng;
        JumpGroups groups = Groups(side, run);
        TJumps carried = parameter.HasJump ? TripleDraws<TJumps>.CarryFamily(dist, x, side, options.Propagation, parameter.Jumps) : default;
        CreateJumps(dist, x, parameter.Partials, TripleDraws<TJumps>.Strategy(options, run), options.Coupling, groups);

        return groups.Finish(x, default, carried);
    }

    /// <summary>The scalar rules of §3, once per component with a non-zero partial, into the groups.</summary>
    private static void CreateJumps<TDist>(in TDist dist, int x, TPartials partials, JumpStrategy strategy, CouplingMode coupling, JumpGroups groups)
        where TDist : struct, IDiscreteFamily<TDist>
    {
        ReadOnlySpan<double> d = PartialsMath<TPartials>.Read(partials);
        for (int c = 0; c < d.Length; c++)
        {
            if (d[c] != 0)
            {
                var sink = new ComponentSink(groups, c);
                TripleDraws<TJumps>.CreateJumps(dist, x, d[c], strategy, coupling, ref sink);
            }
        }
    }

    /// <summary>
    /// A draw from a user-defined (or built-in CDF-defined) family: the scalar triple's draw with
    /// the CDF-edge rule of method §15 applied once per component, the component's direction being
    /// the parameters' partials in that component.
    /// </summary>
    public GradientTriple<TJumps, TPartials> Discrete(
        StochasticRandom rng, DiscreteFamily family, ReadOnlySpan<GradientTriple<TJumps, TPartials>> parameters, in DrawOptions options)
    {
        family.CheckCount(parameters.Length);
        int m = parameters.Length;
        int components = TPartials.Count;
        var theta = new double[m];
        var duals = new double[components * m]; // component-major: the direction of component c is duals[c·m .. c·m + m)
        int stamp = 0;
        bool anyJump = false;
        for (int i = 0; i < m; i++)
        {
            theta[i] = parameters[i].Value;
            TPartials partials = parameters[i].Partials;
            ReadOnlySpan<double> d = PartialsMath<TPartials>.Read(partials);
            for (int c = 0; c < components; c++)
            {
                duals[(c * m) + i] = d[c];
                TripleDraws<TJumps>.CheckDiscreteParameter(family, i, d[c]);
            }

            stamp = DifferentiationRun.Merge(stamp, parameters[i].RunStamp);
            anyJump |= parameters[i].HasJump;
        }

        family.Validate(theta);
        FamilyAt dist = family.At(theta);
        int x = dist.Sample(rng);
        CheckNoScore(rng);
        TripleDraws<TJumps>.CheckFamilyPropagation(dist, options.Propagation);
        DifferentiationRun? run = stamp == 0 ? null : RunRegistry.Resolve(stamp);
        JumpGroups groups = Groups(rng, run);
        TJumps carried = anyJump
            ? TJumps.MapMany(JumpsOf(parameters), new TripleDraws<TJumps>.DiscreteFamilyCoupling(dist, x, rng, options.Propagation))
            : default;

        JumpStrategy strategy = TripleDraws<TJumps>.Strategy(options, run);
        for (int c = 0; c < components; c++)
        {
            var sink = new ComponentSink(groups, c);
            TripleDraws<TJumps>.CdfEdgeJumps(dist, x, duals.AsSpan(c * m, m), strategy, options.Coupling, ref sink);
        }

        // On a smoothing backend Finish folds the edge rule's jumps into the partials, as the scalar draw does.
        return groups.Finish(x, default, carried);
    }

    /// <summary>L = log G, G ~ Gamma(shape, 1): partials δ·dL/dk (implicit reparameterisation, method §14), a jump of the shape inverted at the same level.</summary>
    public GradientTriple<TJumps, TPartials> LogGamma(StochasticRandom rng, GradientTriple<TJumps, TPartials> shape)
    {
        double k = shape.Value;
        double logG = StochasticRandom.StandardLogGamma(rng, k);
        TPartials partials = shape.Partials;
        TPartials scaled = PartialsMath<TPartials>.IsZero(partials)
            ? default
            : PartialsMath<TPartials>.Scale(GammaFunctions.RelativeShapeDerivative(k, logG), partials);
        TJumps jumps = shape.HasJump ? TJumps.Map(shape.Jumps, new TripleDraws<TJumps>.GammaShapeCoupling(k, logG)) : default;
        return new(logG, scaled, jumps, shape.RunStamp);
    }

    public override GradientTriple<TJumps, TPartials> Binomial(
        StochasticRandom rng, GradientTriple<TJumps, TPartials> n, GradientTriple<TJumps, TPartials> p, in DrawOptions options)
    {
        TPartials nPartials = n.Partials;
        bool continuousN = !PartialsMath<TPartials>.IsZero(nPartials);
        if (continuousN && !TJumps.Smooths)
        {
            throw new ArgumentException(
                "The number of trials n must be discrete, but carries a non-zero dual part: a count cannot change " +
                "continuously. Pass a draw (or a constant) as n.", nameof(n));
        }

        int trials = StochasticRandom.WholeNumber(n.Value, nameof(n));
        var dist = new Binomial(trials, p.Value);
        int x = dist.Sample(rng);
        CheckNoScore(rng);
        int stamp = DifferentiationRun.Merge(n.RunStamp, p.RunStamp);
        DifferentiationRun? run = stamp == 0 ? null : RunRegistry.Resolve(stamp);
        JumpGroups groups = Groups(rng, run);
        TJumps carried = n.HasJump || p.HasJump
            ? TJumps.Map2(n.Jumps, p.Jumps, new TripleDraws<TJumps>.TrialsCoupling(dist, x, rng, options.Propagation))
            : default;
        CreateJumps(dist, x, p.Partials, TripleDraws<TJumps>.Strategy(options, run), options.Coupling, groups);

        // Only when smoothing (checked above): E[X] = n·p grows by p per trial.
        TPartials fromN = continuousN ? PartialsMath<TPartials>.Scale(p.Value, nPartials) : default;
        return groups.Finish(x, fromN, carried);
    }

    public override GradientTriple<TJumps, TPartials> Categorical(
        StochasticRandom rng, ReadOnlySpan<GradientTriple<TJumps, TPartials>> probabilities, in DrawOptions options)
    {
        int k = probabilities.Length;
        int components = TPartials.Count;
        var p = new double[k];
        var duals = new double[components][];
        for (int c = 0; c < components; c++)
        {
            duals[c] = new double[k];
        }

        int stamp = 0;
        bool anyJump = false;
        for (int i = 0; i < k; i++)
        {
            p[i] = probabilities[i].Value;
            TPartials partials = probabilities[i].Partials;
            ReadOnlySpan<double> d = PartialsMath<TPartials>.Read(partials);
            for (int c = 0; c < components; c++)
            {
                duals[c][i] = d[c];
            }

            stamp = DifferentiationRun.Merge(stamp, probabilities[i].RunStamp);
            anyJump |= probabilities[i].HasJump;
        }

        var dist = new Categorical(p);
        for (int c = 0; c < components; c++)
        {
            Distributions.Categorical.ValidateDerivatives(duals[c], nameof(probabilities));
        }

        int x = dist.Sample(rng);
        CheckNoScore(rng);
        DifferentiationRun? run = stamp == 0 ? null : RunRegistry.Resolve(stamp);
        JumpGroups groups = Groups(rng, run);
        TJumps carried = anyJump
            ? TJumps.MapMany(JumpsOf(probabilities), new TripleDraws<TJumps>.CategoricalCoupling(dist, p, x, rng, options.Propagation))
            : default;

        JumpStrategy strategy = TripleDraws<TJumps>.Strategy(options, run);
        for (int c = 0; c < components; c++)
        {
            var sink = new ComponentSink(groups, c);
            TripleDraws<TJumps>.CategoricalJumps(rng, p, duals[c], x, strategy, options.Coupling, ref sink);
        }

        return groups.Finish(x, default, carried);
    }

    public override GradientTriple<TJumps, TPartials> At(ReadOnlySpan<double> values, GradientTriple<TJumps, TPartials> index)
    {
        int i = CheckDiscreteIndex(index, values.Length);
        TJumps jumps = TJumps.Map(index.Jumps, new TripleDraws<TJumps>.ValueLookup(values, i));
        return new(values[i], default, jumps, index.RunStamp);
    }

    public override GradientTriple<TJumps, TPartials> At(ReadOnlySpan<GradientTriple<TJumps, TPartials>> values, GradientTriple<TJumps, TPartials> index)
    {
        int i = CheckDiscreteIndex(index, values.Length);
        GradientTriple<TJumps, TPartials> chosen = values[i];
        int run = DifferentiationRun.Merge(index.RunStamp, chosen.RunStamp);
        if (!index.HasJump)
        {
            return new(chosen.Value, chosen.Partials, chosen.Jumps, run);
        }

        // Operands: the index, the chosen element, and every element a jump of the index can select.
        List<int> candidates = TripleDraws<TJumps>.Candidates(index.ToScalar(), i, values.Length);

        var operands = new TJumps[2 + candidates.Count];
        var candidateValues = new double[candidates.Count];
        operands[0] = index.Jumps;
        operands[1] = chosen.Jumps;
        for (int c = 0; c < candidates.Count; c++)
        {
            GradientTriple<TJumps, TPartials> element = values[candidates[c]];
            run = DifferentiationRun.Merge(run, element.RunStamp);
            operands[2 + c] = element.Jumps;
            candidateValues[c] = element.Value;
        }

        var lookup = new TripleDraws<TJumps>.ElementLookup(i, chosen.Value, [.. candidates], candidateValues);
        return new(chosen.Value, chosen.Partials, TJumps.MapMany(operands, lookup), run);
    }

    private static int CheckDiscreteIndex(in GradientTriple<TJumps, TPartials> index, int length)
    {
        if (!PartialsMath<TPartials>.IsZero(index.Partials))
        {
            throw new ArgumentException(
                "The index carries a non-zero dual part, but indexing is not differentiable in a continuous index. " +
                "Index by a discrete draw (its dual part is 0) or by a constant.", nameof(index));
        }

        return Indexing.CheckIndex(index.Value, length);
    }

    /// <summary>The operands' jumps, for a coupling over all of them.</summary>
    private static TJumps[] JumpsOf(ReadOnlySpan<GradientTriple<TJumps, TPartials>> operands)
    {
        var jumps = new TJumps[operands.Length];
        for (int i = 0; i < operands.Length; i++)
        {
            jumps[i] = operands[i].Jumps;
        }

        return jumps;
    }

    private static void CheckNoScore(StochasticRandom rng)
    {
        if (rng.Score is not null)
        {
            throw new NotSupportedException("The score-function estimator differentiates one direction per run; use StochasticTriple, not GradientTriple, with it.");
        }
    }

    private static JumpGroups Groups(StochasticRandom rng, DifferentiationRun? run)
    {
        JumpGroups groups = t_groups ??= new JumpGroups();
        groups.Start(rng, run);
        return groups;
    }

    /// <summary>Routes one component's new jumps into the groups.</summary>
    private readonly struct ComponentSink(JumpGroups groups, int component) : IJumpSink
    {
        public void Add(double delta, double weight) => groups.Add(component, delta, weight);
    }

    /// <summary>
    /// The new jumps of one draw, grouped by Δ: one event per alternative outcome, its weight the
    /// vector of the components' weights. A per-thread scratch object (a draw calls no user code,
    /// so draws never interleave on a thread).
    /// </summary>
    private sealed class JumpGroups
    {
        private readonly List<Jump> _created = [];
        private double[] _deltas = new double[4];
        private double[] _weights = new double[4 * TPartials.Count];
        private int _count;
        private StochasticRandom? _rng;
        private DifferentiationRun? _run;

        public void Start(StochasticRandom rng, DifferentiationRun? run)
        {
            _count = 0;
            _rng = rng;
            _run = run;
        }

        public void Add(int component, double delta, double weight)
        {
            if (weight == 0 || delta == 0)
            {
                return;
            }

            int g = Array.IndexOf(_deltas, delta, 0, _count);
            if (g < 0)
            {
                g = _count++;
                if (g == _deltas.Length)
                {
                    Array.Resize(ref _deltas, g * 2);
                    Array.Resize(ref _weights, g * 2 * TPartials.Count);
                }

                _deltas[g] = delta;
                Array.Clear(_weights, g * TPartials.Count, TPartials.Count);
            }

            _weights[(g * TPartials.Count) + component] += weight;
        }

        /// <summary>The draw's triple: the carried jumps, then each group as a new event (or folded into the partials when the backend smooths).</summary>
        public GradientTriple<TJumps, TPartials> Finish(int x, TPartials partials, TJumps carried)
        {
            TJumps jumps = carried;
            int k = TPartials.Count;
            Span<double> into = PartialsMath<TPartials>.Of(ref partials);
            for (int g = 0; g < _count; g++)
            {
                ReadOnlySpan<double> w = _weights.AsSpan(g * k, k);
                if (TJumps.Smooths)
                {
                    for (int c = 0; c < k; c++)
                    {
                        into[c] += _deltas[g] * w[c];
                    }

                    continue;
                }

                // A non-zero partial only arises from a parameter of a run, so the run is set here.
                DifferentiationRun run = _run ?? throw new InvalidOperationException("A dual part without a differentiation run.");
                double norm = ScaledNorm(w, run.ComponentScales);
                if (norm == 0)
                {
                    continue;
                }

                TJumps created = TJumps.New(run, _rng!, _deltas[g], norm);
                if (!TryEventId(created, out long id))
                {
                    continue; // pruned away at creation (aggressive backend): its direction is never read
                }

                Span<double> u = run.DirectionForWrite(id);
                for (int c = 0; c < k; c++)
                {
                    u[c] = w[c] / norm;
                }

                jumps = TJumps.Map2(jumps, created, default(TripleDraws<TJumps>.Sum));
            }

            _rng = null;
            return new(x, partials, jumps, _run?.Stamp ?? 0);
        }

        /// <summary>
        /// The norm the backend prunes by: Σⱼ |wⱼ|/sⱼ, sⱼ the largest |wⱼ| of the run's events so far
        /// (this one included). Plain ‖w‖₁ would let the events of a component with small weights
        /// lose nearly every clash and then carry huge rescaled weights (per-component variance 100×
        /// that of a separate run on the age-group SIR model); measured against each component's own
        /// scale, the components' events compete on an equal footing. Any positive norm keeps every
        /// component unbiased (§6: each prune preserves the expectation of the whole vector).
        /// </summary>
        private static double ScaledNorm(ReadOnlySpan<double> w, Span<double> scales)
        {
            double norm = 0;
            for (int c = 0; c < w.Length; c++)
            {
                double a = Math.Abs(w[c]);
                if (a == 0)
                {
                    continue;
                }

                if (a > scales[c])
                {
                    scales[c] = a;
                }

                norm += a / scales[c];
            }

            return norm;
        }

        private bool TryEventId(TJumps created, out long id)
        {
            // Through the contract's read-out (not a backend's internals): one list entry per new event.
            _created.Clear();
            created.CopyTo(_created);
            id = _created.Count == 1 ? _created[0].EventId : 0;
            return _created.Count == 1;
        }
    }
}
