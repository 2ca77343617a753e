using StochasticAD.Backends;
using StochasticAD.Random;
using StochasticAD.Tests.Statistics;
using Xunit.Abstractions;
using Triple = StochasticAD.StochasticTriple<StochasticAD.Backends.PrunedJumps>;

namespace StochasticAD.Tests;

/// <summary>
/// Resampling.NewWeight: its parts, its argument check, and the likelihood-preserving property
/// of a resampling step (method §8), in both directions.
/// </summary>
public class ResamplingTests(ITestOutputHelper output)
{
    [Fact]
    public void NewWeight_is_one_with_derivative_delta_over_p_and_jumps_delta_over_p()
    {
        Assert.Equal(1.0, Resampling.NewWeight(0.25));

        var q = Triple.Parameter(0.5, 1, new DifferentiationRun());
        Triple k = new StochasticRandom(31).Poisson(q);       // jump +1, weight 1
        Triple p = (q * 0.5) + (0.1 * k);                     // value 0.25 + 0.1k, δ = 0.5, jump 0.1
        Triple w = Resampling.NewWeight(p);
        Assert.Equal(1, w.Value);
        Assert.Equal(0.5 / p.Value, w.Dual, 12);
        Jump j = Assert.Single(w.JumpList);
        Assert.Equal(0.1 / p.Value, j.Delta, 12);
        Assert.Equal(Assert.Single(k.JumpList).EventId, j.EventId);
        Assert.Same(q.Run, w.Run);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    public void NewWeight_refuses_a_probability_that_is_not_positive(double p)
    {
        var e1 = Assert.Throws<ArgumentOutOfRangeException>(() => Resampling.NewWeight(p));
        var e2 = Assert.Throws<ArgumentOutOfRangeException>(() => Resampling.NewWeight((Triple)p));
        foreach (var e in new[] { e1, e2 })
        {
            Assert.Equal("p", e.ParamName);
            Assert.Equal(p, e.ActualValue);
        }
    }

    // ============================================================================ the resampling step

    private static readonly double[] s_values = [1, 3, 5];

    /// <summary>
    /// Three particles with weights w = [p (+ B), p², 1 − p/2] (B ~ Bernoulli(p) in the "jumps"
    /// case, so the weights also carry a jump) and values h. m = 4 particles Jᵢ are resampled
    /// from the primal normalised weights (plain doubles: no jumps through the index), and
    /// Y = Σᵢ NewWeight(w_Jᵢ / W)·(W/m)·h_Jᵢ with W = Σ w. Given the weights, E_J[Y] = Σ_j w_j·h_j,
    /// and the derivative stays unbiased: E[dY/dp] = d/dp E[Σ_j w_j·h_j].
    /// </summary>
    private static Triple ResampledEstimate(StochasticRandom rng, Triple q, bool withValues, bool withJumps)
    {
        Triple[] w = [withJumps ? q + rng.Bernoulli(q) : q, q * q, 1 - (q / 2)];
        Triple total = w[0] + w[1] + w[2];
        double[] primal = [w[0].Value / total.Value, w[1].Value / total.Value, w[2].Value / total.Value];

        const int M = 4;
        Triple y = 0;
        for (int i = 0; i < M; i++)
        {
            int j = (int)rng.Categorical(primal);
            double h = withValues ? s_values[j] : 1;
            y += Resampling.NewWeight(w[j] / total) * (total / M) * h;
        }

        return y;
    }

    /// <summary>
    /// Exact derivatives: h ≡ 1: d/dp (p + p² + 1 − p/2) = 1/2 + 2p. With h = [1, 3, 5]:
    /// d/dp (p + 3p² + 5 − 5p/2) = 6p − 3/2. With the Bernoulli, E[w₁] = 2p, so 1 more: 6p − 1/2.
    /// </summary>
    [Theory]
    [InlineData(false, false, +1, 5101)]
    [InlineData(false, false, -1, 5102)]
    [InlineData(true, false, +1, 5103)]
    [InlineData(true, false, -1, 5104)]
    [InlineData(true, true, +1, 5105)]
    [InlineData(true, true, -1, 5106)]
    public void Resampling_with_NewWeight_keeps_the_derivative_of_the_weighted_sum(bool withValues, bool withJumps, double direction, long seed)
    {
        const double p = 0.6;
        double exact = direction * (!withValues ? 0.5 + (2 * p) : withJumps ? (6 * p) - 0.5 : (6 * p) - 1.5);
        var rng = new StochasticRandom(seed);
        var stats = Estimates.Sample(() => Derivative.Estimate(q => ResampledEstimate(rng, q, withValues, withJumps), p, direction), 20_000);
        string label = $"resampled Σ w·h ({(withValues ? "h = [1,3,5]" : "h = 1")}{(withJumps ? ", w1 = p + Bernoulli(p)" : "")}), direction {direction:+0;-0}";
        Estimates.AssertUnbiased(label, exact, stats, output, seed: seed);
    }
}
