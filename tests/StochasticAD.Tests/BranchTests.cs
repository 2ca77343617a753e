using StochasticAD.Random;
using StochasticAD.Tests.Statistics;
using Xunit.Abstractions;
using Triple = StochasticAD.StochasticTriple<StochasticAD.Backends.PrunedJumps>;

namespace StochasticAD.Tests;

/// <summary>
/// Branch.If: a plain if for doubles; for triples an unbiased derivative through the events
/// that flip the condition, checked against exact derivatives in both directions.
/// </summary>
public class BranchTests(ITestOutputHelper output)
{
    private const int N = 20_000;

    [Fact]
    public void Doubles_take_a_plain_if_and_run_one_arm()
    {
        int trueCalls = 0, falseCalls = 0;
        Assert.Equal(1.0, Branch.If(2.0, () => { trueCalls++; return 1.0; }, () => { falseCalls++; return 0.0; }));
        Assert.Equal(0.0, Branch.If(0.0, () => { trueCalls++; return 1.0; }, () => { falseCalls++; return 0.0; }));
        Assert.Equal(5f, Branch.If(3f, v => v > 2.5, () => 5f, () => 6f));
        Assert.Equal((1, 1), (trueCalls, falseCalls));
    }

    [Fact]
    public void Without_a_flipping_jump_only_the_primal_arm_runs()
    {
        var q = Triple.Parameter(0.7, 1, new DifferentiationRun());
        Triple k = new StochasticRandom(21).Poisson(q); // jump +1: k + 1 ≥ 0 still
        int otherCalls = 0;
        Triple arm = (k * k) + q;
        Triple y = Branch.If(k, v => v >= 0, () => arm, () => { otherCalls++; return q; });
        Assert.Equal(0, otherCalls);
        Assert.Equal(arm, y);
    }

    [Fact]
    public void A_flipping_jump_jumps_to_the_other_arm()
    {
        // Seeds 1..60 cover primal k = 0..4 or so; k = 2 is the flipping case (2 → 3 leaves {v ≤ 2}).
        int flipped = 0;
        for (long seed = 1; seed <= 60; seed++)
        {
            var q = Triple.Parameter(0.7, 1, new DifferentiationRun());
            Triple k = new StochasticRandom(seed).Poisson(q); // jump +1, weight 1
            double kv = k.Value;

            // The arms use k too, so the condition's event is coupled with the arms' own jumps.
            Triple y = Branch.If(k, v => v <= 2, () => 10 * k, () => (k * k) + 1);
            double primalArm = kv <= 2 ? 10 * kv : (kv * kv) + 1;
            double alternative = (kv + 1) <= 2 ? 10 * (kv + 1) : ((kv + 1) * (kv + 1)) + 1;
            Assert.Equal(primalArm, y.Value);
            Assert.Equal(alternative - primalArm, y.JumpList.Sum(j => j.Delta), 12);
            Assert.Equal(k.Derivative > 0 ? alternative - primalArm : 0, y.Derivative, 12);
            if (kv == 2)
            {
                flipped++;
                output.WriteLine($"seed {seed}: k = {k}, y = {y} (10·2 = 20 → 3² + 1 = 10)");
            }
        }

        Assert.True(flipped > 0, "no seed produced the flipping case k = 2");
    }

    /// <summary>
    /// b ~ Bernoulli(p); y = b ≠ 0 ? e^p : p². E = p·e^p + (1 − p)·p², so
    /// dE/dp = e^p + p·e^p + 2p − 3p². The arms carry dual parts of their own (e^p, 2p).
    /// </summary>
    [Theory]
    [InlineData(+1, 4101)]
    [InlineData(-1, 4102)]
    public void If_on_a_Bernoulli_is_unbiased(double direction, long seed)
    {
        const double p = 0.4;
        double exact = direction * (Math.Exp(p) + (p * Math.Exp(p)) + (2 * p) - (3 * p * p));
        var rng = new StochasticRandom(seed);
        var stats = Estimates.Sample(
            () => Derivative.Estimate(q => Branch.If(rng.Bernoulli(q), () => Triple.Exp(q), () => q * q), p, direction),
            N);
        Estimates.AssertUnbiased($"If(Bernoulli({p}), e^p, p^2), direction {direction:+0;-0}", exact, stats, output, seed: seed);
    }

    // ============================================================================ a loop that branches on binomial counts

    /// <summary>
    /// The loop, written once over T: s₀ = 0, x₀ = 1; for t = 1, 2, 3: kₜ ~ Binomial(3, p),
    /// sₜ = sₜ₋₁ + kₜ, and xₜ = xₜ₋₁ + p·sₜ if sₜ ≥ 3, else xₜ₋₁·(1 − p). The condition is on the
    /// running count, so a jump of an early draw can flip this and every later branch, and the
    /// arms use the same count (their jumps are coupled with the condition's).
    /// </summary>
    private static Triple Loop(StochasticRandom rng, Triple q)
    {
        Triple s = 0, x = 1;
        for (int t = 0; t < 3; t++)
        {
            s += rng.Binomial(3, q);
            Triple sNow = s, xNow = x;
            x = Branch.If(sNow, v => v >= 3, () => xNow + (q * sNow), () => xNow * (1 - q));
        }

        return x;
    }

    /// <summary>
    /// Exact d/dp E[x₃] by enumerating the 4³ = 64 outcomes (k₁, k₂, k₃):
    /// E = Σ_k P(k; p)·x(k; p) with P(k; p) = Π_t C(3, kₜ) p^kₜ (1 − p)^(3 − kₜ), so
    /// dE/dp = Σ_k P(k; p)·[x(k; p)·Σ_t (kₜ/p − (3 − kₜ)/(1 − p)) + ∂x(k; p)/∂p]
    /// (d log P/dp is the sum of the per-draw scores). For fixed k the recursion is smooth in p and
    /// ∂x/∂p is carried along it by hand: if sₜ ≥ 3, ∂xₜ = ∂xₜ₋₁ + sₜ; else ∂xₜ = ∂xₜ₋₁·(1 − p) − xₜ₋₁.
    /// </summary>
    private static (double Mean, double Derivative) LoopExact(double p)
    {
        double mean = 0, derivative = 0;
        for (int code = 0; code < 64; code++)
        {
            int[] k = [code % 4, code / 4 % 4, code / 16];
            double prob = 1, score = 0, x = 1, dx = 0;
            int s = 0;
            foreach (int kt in k)
            {
                prob *= Estimates.BinomialPmf(3, p, kt);
                score += (kt / p) - ((3 - kt) / (1 - p));
                s += kt;
                if (s >= 3)
                {
                    (x, dx) = (x + (p * s), dx + s);
                }
                else
                {
                    (x, dx) = (x * (1 - p), (dx * (1 - p)) - x);
                }
            }

            mean += prob * x;
            derivative += prob * ((x * score) + dx);
        }

        return (mean, derivative);
    }

    [Fact]
    public void Loop_exact_derivative_agrees_with_a_central_difference_of_the_exact_mean()
    {
        const double p = 0.35, h = 1e-5;
        double central = (LoopExact(p + h).Mean - LoopExact(p - h).Mean) / (2 * h);
        output.WriteLine($"E[x3] = {LoopExact(p).Mean:G12}, dE/dp = {LoopExact(p).Derivative:G12}, central difference {central:G12}");
        Assert.Equal(LoopExact(p).Derivative, central, 7);
    }

    [Theory]
    [InlineData(+1, 4103)]
    [InlineData(-1, 4104)]
    public void Loop_branching_on_a_binomial_count_is_unbiased(double direction, long seed)
    {
        const double p = 0.35;
        double exact = direction * LoopExact(p).Derivative;
        var rng = new StochasticRandom(seed);
        var stats = Estimates.Sample(() => Derivative.Estimate(q => Loop(rng, q), p, direction), N);
        Estimates.AssertUnbiased($"3-step loop branching on Binomial(3, {p}) counts, direction {direction:+0;-0}", exact, stats, output, seed: seed);
    }

    [Fact]
    public void The_loop_with_doubles_runs_the_same_program()
    {
        // Same seed, same draws: the triple run's primal value is the plain run's value.
        double plain = LoopDouble(new StochasticRandom(4105), 0.35);
        Triple triple = Loop(new StochasticRandom(4105), Triple.Parameter(0.35, 1, new DifferentiationRun()));
        Assert.Equal(plain, triple.Value, 12);

        static double LoopDouble(StochasticRandom rng, double p)
        {
            double s = 0, x = 1;
            for (int t = 0; t < 3; t++)
            {
                s += rng.Binomial(3, p);
                double sNow = s, xNow = x;
                x = Branch.If(sNow, v => v >= 3, () => xNow + (p * sNow), () => xNow * (1 - p));
            }

            return x;
        }
    }
}
