using System.Globalization;
using System.Numerics;
using StochasticAD.Backends;
using StochasticAD.Random;

namespace StochasticAD.Filtering;

/// <summary>How the resampling step of <see cref="ParticleFilter"/> passes the derivative on.</summary>
public enum ResamplingGradient
{
    /// <summary>
    /// Differentiable resampling (method §8): resampled particle j gets the weight
    /// ω·NewWeight(w_j/ω)/m. The likelihood estimate's derivative stays unbiased.
    /// </summary>
    NewWeight,

    /// <summary>
    /// The "stop-gradient" resampling: every resampled particle gets ω/m, dropping how the
    /// selection probabilities depend on Φ. Biased; here for comparison.
    /// </summary>
    StopGradient,
}

/// <summary>
/// A bootstrap particle filter for a <see cref="LinearGaussianSystem"/>: m particles start at x₀,
/// move by x ← Φx + w, are weighted by the observation density p(y_t | x), and are resampled
/// (stratified) after every observation but the last. Its likelihood estimate L̂ = Π_t (mean
/// weight at t) is unbiased for p(y_1..y_T | Φ); written once over the number type, so running it
/// with stochastic triples gives the derivative of L̂ along the dual parts of Φ's entries.
/// </summary>
/// <remarks>
/// <para>
/// The only randomness is continuous (the process noise, reparameterised: Φx + √q·z with z a plain
/// standard normal) and the resampling indices, which are drawn from the primal weights as plain
/// doubles; so the triples carry no jumps and act as dual numbers, and the discrete resampling
/// enters the derivative only through <see cref="Resampling.NewWeight{T}(T)"/>.
/// </para>
/// <para>
/// Numerics: the filter keeps weights normalised to primal sum 1 and accumulates log ω; the
/// observation log-densities are shifted by their primal maximum before exponentiating. Both
/// are exact identities for the value and the dual part (log of a product, a constant shift),
/// so the derivative is that of the unnormalised filter with W_new = ω·NewWeight(w_j/ω)/m, while
/// long horizons neither overflow nor underflow.
/// </para>
/// <para>
/// Resampling is stratified: one uniform per stratum, U_k ~ U((k−1)/m, k/m]. (The tutorial's
/// <c>sample_stratified</c> uses one uniform for all strata, which is systematic resampling; both
/// keep E[number of copies of j] = m·w_j/ω, which is all the unbiasedness argument needs.)
/// </para>
/// </remarks>
public sealed class ParticleFilter
{
    /// <summary>Creates the filter.</summary>
    /// <param name="system">The system and its observations.</param>
    /// <param name="particles">The number of particles m, ≥ 1.</param>
    /// <param name="gradient">How resampling passes the derivative on.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="particles"/> is &lt; 1, or <paramref name="gradient"/> is not defined.</exception>
    public ParticleFilter(LinearGaussianSystem system, int particles, ResamplingGradient gradient = ResamplingGradient.NewWeight)
    {
        ArgumentNullException.ThrowIfNull(system);
        if (particles < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(particles), particles, string.Create(CultureInfo.InvariantCulture, $"The number of particles m must be >= 1, but is {particles}."));
        }

        if (!Enum.IsDefined(gradient))
        {
            throw new ArgumentOutOfRangeException(nameof(gradient), gradient, $"Unknown resampling gradient {gradient}.");
        }

        System = system;
        Particles = particles;
        Gradient = gradient;
    }

    /// <summary>The system and its observations.</summary>
    public LinearGaussianSystem System { get; }

    /// <summary>The number of particles m.</summary>
    public int Particles { get; }

    /// <summary>How resampling passes the derivative on.</summary>
    public ResamplingGradient Gradient { get; }

    /// <summary>One run of the filter: log L̂, the log of the likelihood estimate.</summary>
    /// <typeparam name="T">The number type: <c>double</c>, or a triple to differentiate.</typeparam>
    /// <param name="phi">Φ's entries, row-major [Φ₁₁, Φ₁₂, Φ₂₁, Φ₂₂].</param>
    /// <param name="rng">The generator of this run (process noise and resampling).</param>
    /// <remarks>
    /// L̂ is unbiased, log L̂ is not (Jensen): E[log L̂] &lt; log p(y | Φ), and its derivative has a
    /// bias of order 1/m too. Use <see cref="Likelihood{T}"/> where unbiasedness matters.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="phi"/> does not have 4 entries.</exception>
    public T LogLikelihood<T>(ReadOnlySpan<T> phi, StochasticRandom rng)
        where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T>
    {
        ArgumentNullException.ThrowIfNull(rng);
        LinearGaussianSystem.CheckPhi(phi.Length, nameof(phi));
        var transition = Mat2<T>.FromRowMajor(phi);
        int m = Particles;
        double noise = Math.Sqrt(LinearGaussianSystem.ProcessVariance);
        double r = LinearGaussianSystem.ObservationVariance;
        double logNormaliser = -Math.Log(2 * Math.PI * r);
        T mInverse = T.One / T.CreateChecked(m);

        var states = new Vec2<T>[m];
        var next = new Vec2<T>[m];
        var weights = new T[m];          // normalised: primal sum 1 at the start of a step
        var logDensity = new T[m];
        var probabilities = new double[m];
        var chosen = new int[m];
        var start = new Vec2<T>(T.CreateChecked(System.Start[0]), T.CreateChecked(System.Start[1]));
        Array.Fill(states, start);
        Array.Fill(weights, mInverse);
        T logLikelihood = T.Zero;

        for (int t = 1; t <= System.Steps; t++)
        {
            // Move: x ← Φx + √q·z, z plain standard normals (reparameterised).
            for (int k = 0; k < m; k++)
            {
                var z = new Vec2<T>(T.CreateChecked(noise * rng.StandardNormal()), T.CreateChecked(noise * rng.StandardNormal()));
                states[k] = (transition * states[k]) + z;
            }

            // Weight by log p(y_t | x) = −log(2πr) − |y − x|²/(2r), shifted by the primal maximum.
            (double yx, double yy) = System.Observation(t);
            var y = new Vec2<T>(T.CreateChecked(yx), T.CreateChecked(yy));
            T twoR = T.CreateChecked(2 * r);
            double shift = double.NegativeInfinity;
            for (int k = 0; k < m; k++)
            {
                Vec2<T> e = y - states[k];
                logDensity[k] = -e.Dot(e) / twoR;
                shift = Math.Max(shift, Primal(logDensity[k]));
            }

            T total = T.Zero;
            T shiftT = T.CreateChecked(shift);
            for (int k = 0; k < m; k++)
            {
                weights[k] *= T.Exp(logDensity[k] - shiftT);
                total += weights[k];
            }

            // ω_t / ω_{t−1} = Σ (normalised weight × density); log ω accumulates.
            logLikelihood += T.Log(total) + T.CreateChecked(shift + logNormaliser);

            if (t == System.Steps)
            {
                break;
            }

            // Resample from the primal weights (plain doubles: the index carries no derivative).
            double primalTotal = Primal(total);
            for (int k = 0; k < m; k++)
            {
                probabilities[k] = Primal(weights[k]) / primalTotal;
            }

            Stratified(probabilities, chosen, rng);
            for (int k = 0; k < m; k++)
            {
                int j = chosen[k];
                next[k] = states[j];
                logDensity[k] = Gradient == ResamplingGradient.NewWeight
                    ? Resampling.NewWeight(weights[j] / total) * mInverse
                    : mInverse;
            }

            (states, next) = (next, states);
            (weights, logDensity) = (logDensity, weights);
        }

        return logLikelihood;
    }

    /// <summary>One run of the filter: the likelihood estimate L̂ = exp(log L̂), unbiased for p(y | Φ), as is its derivative with <see cref="ResamplingGradient.NewWeight"/>.</summary>
    /// <inheritdoc cref="LogLikelihood{T}(ReadOnlySpan{T}, StochasticRandom)"/>
    public T Likelihood<T>(ReadOnlySpan<T> phi, StochasticRandom rng)
        where T : INumber<T>, IExponentialFunctions<T>, ILogarithmicFunctions<T> =>
        T.Exp(LogLikelihood(phi, rng));

    /// <summary>
    /// One estimate of the gradient of log L̂ in Φ's four entries, in one pass: a gradient triple
    /// with four partials (method §13) on a generator of <paramref name="seed"/>.
    /// </summary>
    /// <param name="phi">Φ's entries, row-major.</param>
    /// <param name="seed">The seed of the runs.</param>
    /// <param name="logScale">true: the gradient of log L̂ (what the tutorial differentiates); false: of L̂ itself (unbiased).</param>
    public double[] EstimateGradient(ReadOnlySpan<double> phi, long seed, bool logScale = true)
    {
        LinearGaussianSystem.CheckPhi(phi.Length, nameof(phi));
        return Derivative.Gradient<PrunedJumps, Partials4>(
            entries =>
            {
                var rng = new StochasticRandom(seed);
                return logScale ? LogLikelihood<GradientTriple<PrunedJumps, Partials4>>(entries, rng) : Likelihood<GradientTriple<PrunedJumps, Partials4>>(entries, rng);
            },
            phi);
    }

    /// <summary>
    /// Stratified resampling: for stratum k of m = <paramref name="chosen"/>.Length, U ~ U((k−1)/m, k/m],
    /// and the chosen index is the first whose cumulative probability reaches U. Indices of
    /// probability 0 are never chosen; the expected number of copies of j is m·p_j.
    /// </summary>
    /// <param name="probabilities">Non-negative probabilities summing to 1 (up to rounding).</param>
    /// <param name="chosen">Receives the chosen indices, in increasing order.</param>
    /// <param name="rng">The generator (one uniform per stratum).</param>
    /// <exception cref="ArgumentException"><paramref name="probabilities"/> is empty.</exception>
    public static void Stratified(ReadOnlySpan<double> probabilities, Span<int> chosen, StochasticRandom rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (probabilities.IsEmpty)
        {
            throw new ArgumentException("There must be at least one probability to resample from.", nameof(probabilities));
        }

        int n = probabilities.Length, m = chosen.Length;
        int i = 0;
        double cumulative = probabilities[0];
        for (int k = 0; k < m; k++)
        {
            double u = (k + rng.NextDoubleNonZero()) / m;
            while (cumulative < u && i < n - 1)
            {
                i++;
                cumulative += probabilities[i];
            }

            // Rounding can leave the cumulative sum just below 1 and stop on a trailing zero: step back.
            int pick = i;
            while (probabilities[pick] == 0 && pick > 0)
            {
                pick--;
            }

            chosen[k] = pick;
        }
    }

    private static double Primal<T>(T x) where T : INumber<T> => double.CreateTruncating(x);
}
