using StochasticAD.Backends;
using Triple = StochasticAD.StochasticTriple<StochasticAD.Backends.PrunedJumps>;

namespace StochasticAD.Tests;

/// <summary>
/// The arithmetic operators' inline path on the pruned backend (+, −, ×, ÷ and negation with one
/// jump-free operand scale the other's jumps instead of re-evaluating them): same value, dual part and
/// jumps as the general rule helper, which the exact backend still uses.
/// </summary>
public class AffineArithmeticTests
{
    private static readonly Func<Triple, Triple, Triple>[] s_binary = [(a, b) => a + b, (a, b) => a - b, (a, b) => a * b, (a, b) => a / b];
    private static readonly Func<StochasticTriple<ExactJumps>, StochasticTriple<ExactJumps>, StochasticTriple<ExactJumps>>[] s_binaryExact =
        [(a, b) => a + b, (a, b) => a - b, (a, b) => a * b, (a, b) => a / b];

    private static readonly string[] s_names = ["+", "−", "×", "÷"];

    [Theory]
    [InlineData(1.5, -1.0, 0.3, 0.7, 2.0)]
    [InlineData(-2.25, 3.0, -1.5, 4.0, -0.5)]
    [InlineData(1e6, 1.0, 2.0, 1e-3, 1.0)]
    public void One_jumping_operand_gives_the_general_helpers_result(double x, double delta, double weight, double y, double yDual)
    {
        for (int op = 0; op < s_binary.Length; op++)
        {
            foreach (bool jumpOnLeft in new[] { true, false })
            {
                var run = new DifferentiationRun();
                var exactRun = new DifferentiationRun();
                Triple jumping = TripleArithmeticTests.WithJump(x, delta, weight, run);
                Triple plain = Triple.Parameter(y, yDual, run);
                var exactJumping = StochasticTriple<ExactJumps>.FromParts(x, 1, ExactJumps.New(exactRun, new Random.StochasticRandom(1), delta, weight), exactRun);
                var exactPlain = StochasticTriple<ExactJumps>.Parameter(y, yDual, exactRun);

                Triple pruned = jumpOnLeft ? s_binary[op](jumping, plain) : s_binary[op](plain, jumping);
                StochasticTriple<ExactJumps> exact = jumpOnLeft ? s_binaryExact[op](exactJumping, exactPlain) : s_binaryExact[op](exactPlain, exactJumping);

                string what = $"{(jumpOnLeft ? "jumping" : "plain")} {s_names[op]} {(jumpOnLeft ? "plain" : "jumping")} at x = {x}, Δ = {delta}, y = {y}";
                AssertSame(exact, pruned, what);
            }
        }
    }

    [Fact]
    public void Constant_operands_and_negation_give_the_general_helpers_result()
    {
        var run = new DifferentiationRun();
        var exactRun = new DifferentiationRun();
        Triple x = TripleArithmeticTests.WithJump(1.5, -1, 0.3, run);
        var ex = StochasticTriple<ExactJumps>.FromParts(1.5, 1, ExactJumps.New(exactRun, new Random.StochasticRandom(1), -1, 0.3), exactRun);
        Triple[] pruned = [x + 2.0, 2.0 + x, x - 2.0, 2.0 - x, x * 2.0, 2.0 * x, x / 2.0, 2.0 / x, -x, Triple.DegreesToRadians(x), Triple.RadiansToDegrees(x)];
        StochasticTriple<ExactJumps>[] exact =
            [ex + 2.0, 2.0 + ex, ex - 2.0, 2.0 - ex, ex * 2.0, 2.0 * ex, ex / 2.0, 2.0 / ex, -ex,
             StochasticTriple<ExactJumps>.DegreesToRadians(ex), StochasticTriple<ExactJumps>.RadiansToDegrees(ex)];
        for (int i = 0; i < pruned.Length; i++)
        {
            AssertSame(exact[i], pruned[i], $"operation {i}");
        }
    }

    [Fact]
    public void Multiplying_a_jump_by_zero_drops_its_event()
    {
        Triple x = TripleArithmeticTests.WithJump(1.5, -1, 0.3);
        Assert.False((x * 0.0).HasJump);
        Assert.False((x * (Triple)0.0).HasJump);
        Assert.True((x * 2.0).HasJump);
    }

    [Fact]
    public void A_zero_dual_part_contributes_nothing_even_where_the_partial_is_infinite()
    {
        var run = new DifferentiationRun();

        // 1 × y with y = ∞ carrying δ = 1: ∂/∂x = ∞, but x's dual part is 0, so δ = 1·1 = 1 (∞·0 would be NaN).
        Triple product = (Triple)1.0 * Triple.Parameter(double.PositiveInfinity, 1, run);
        Assert.Equal(1, product.Dual);

        // x / 0 with x carrying δ = 1: ∂/∂y = −f/y is not finite, but y's dual part is 0.
        Triple quotient = Triple.Parameter(1, 1, run) / (Triple)0.0;
        Assert.Equal(double.PositiveInfinity, quotient.Dual);
    }

    [Fact]
    public void Negating_a_constant_prints_a_zero_dual_part_without_a_sign()
    {
        Assert.Equal("-3 + 0ε", (-(Triple)3.0).ToString());
    }

    [Fact]
    public void Operands_of_two_runs_still_throw()
    {
        Triple a = Triple.Parameter(1, 1, new DifferentiationRun());
        Triple b = Triple.Parameter(2, 1, new DifferentiationRun());
        Assert.Throws<MixedRunException>(() => a * b);
        Assert.Throws<MixedRunException>(() => a + b);
    }

    private static void AssertSame(StochasticTriple<ExactJumps> expected, Triple actual, string what)
    {
        Assert.True(Close(expected.Value, actual.Value), $"{what}: value {actual.Value}, expected {expected.Value}");
        Assert.True(Close(expected.Dual, actual.Dual), $"{what}: dual {actual.Dual}, expected {expected.Dual}");
        Assert.Equal(expected.JumpList.Count, actual.JumpList.Count);
        if (expected.JumpList.Count == 1)
        {
            Assert.True(Close(expected.JumpList[0].Delta, actual.JumpList[0].Delta), $"{what}: Δ {actual.JumpList[0].Delta}, expected {expected.JumpList[0].Delta}");
            Assert.Equal(expected.JumpList[0].Weight, actual.JumpList[0].Weight);
        }
    }

    // Scaling Δ and re-evaluating f on the path round differently: (x + Δ)·y − x·y loses the low bits of x·y.
    private static bool Close(double expected, double actual) =>
        expected.Equals(actual) || Math.Abs(expected - actual) <= 1e-9 * Math.Max(1, Math.Abs(expected));
}
