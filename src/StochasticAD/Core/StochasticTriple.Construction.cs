using StochasticAD.Backends;

namespace StochasticAD;

// Building a triple from given parts, and smoothing one: the helpers of the Julia package's
// stochastic_triple(x, δ, Δs) and smooth_triple.
public readonly partial struct StochasticTriple<TJumps>
{
    /// <summary>
    /// A triple of <paramref name="run"/> with the given value, dual part and jumps, each jump a new
    /// random event of its own (independent of every other event of the run).
    /// </summary>
    /// <param name="value">The primal value x.</param>
    /// <param name="dual">The dual part δ.</param>
    /// <param name="jumps">The jumps (Δ, w): Δ happens with probability w·ε. A weight of 0 gives no jump.</param>
    /// <param name="run">The differentiation run the events belong to.</param>
    /// <param name="rng">The generator that later pruning decisions about these events draw from; a fresh seeded one when null.</param>
    /// <returns>
    /// The triple. The backend stores the jumps as it stores any sum of independent jumps: the
    /// pruned backends keep one of several, reweighted at random so that <see cref="Derivative"/>
    /// is δ + Σ Δ·w in expectation; <see cref="ExactJumps"/> keeps them all.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException">A value, Δ or weight is not finite, or a weight is negative.</exception>
    /// <example><code>
    /// var run = new DifferentiationRun();
    /// var x = StochasticTriple&lt;ExactJumps&gt;.FromJumps(1, 0.5, [(-1, 2.0)], run, new StochasticRandom(1));
    /// // 1 + 0.5ε + (-1 with probability 2ε); x.Derivative == 0.5 + (-1)·2 = -1.5
    /// </code></example>
    public static StochasticTriple<TJumps> FromJumps(
        double value, double dual, ReadOnlySpan<(double Delta, double Weight)> jumps, DifferentiationRun run, Random.StochasticRandom? rng = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        CheckFinite(value, nameof(value));
        CheckFinite(dual, nameof(dual));
        rng ??= new Random.StochasticRandom(run.Id);
        StochasticTriple<TJumps> sum = Parameter(0, 0, run);
        foreach ((double delta, double weight) in jumps)
        {
            CheckFinite(delta, nameof(jumps));
            if (!(weight >= 0) || double.IsPositiveInfinity(weight))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(jumps), weight, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"A jump's weight must be finite and >= 0, but is {weight}."));
            }

            sum += new StochasticTriple<TJumps>(0, 0, TJumps.New(run, rng, delta, weight), run.Stamp);
        }

        return new StochasticTriple<TJumps>(value, dual, sum._jumps, run.Stamp);
    }

    /// <summary>
    /// The smoothed triple: the jumps folded into the dual part, δ + Σ Δ·w, and no jump (the
    /// Julia package's <c>smooth_triple</c>). Its <see cref="Derivative"/> is the same number, but
    /// what follows sees only a dual number: unbiased when the rest of the program is linear in
    /// this value, biased in general (the same trade as <see cref="SmoothedJumps"/>), and it can
    /// then be compared, hashed and branched on freely.
    /// </summary>
    /// <returns>(x, δ + Σ Δ·w, no jumps), in the same run.</returns>
    public StochasticTriple<TJumps> Smooth() => _jumps.IsEmpty ? this : new(_value, Derivative, default, _run);

    private static void CheckFinite(double x, string name)
    {
        if (!double.IsFinite(x))
        {
            throw new ArgumentOutOfRangeException(name, x, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name} must be finite, but is {x}."));
        }
    }
}
