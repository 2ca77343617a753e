using System.Runtime.CompilerServices;
using StochasticAD.Backends;
using StochasticAD.Rules;

namespace StochasticAD;

// The arithmetic operators' own rule helpers: +, −, ×, ÷ and negation are affine in an operand, so
// when the other operand jumps nowhere the result's jumps are that operand's jumps scaled by its
// partial derivative (passed on unchanged by + and −): (x + Δ)·y − x·y = Δ·y exactly. On a backend
// whose Scale is a few instructions (IJumps.ScalesInline: the pruned backends) that runs inline, so a
// triple carrying a jump costs no call in x + c, x × c, x / c, −x; only two jumping operands still
// take the out-of-line path (Jumped). The operators pick these helpers with a test of
// TJumps.ScalesInline that the JIT folds; other backends keep the general helpers (Apply, Apply2).
//
// Kept small on purpose: the JIT checks each inline against the caller's budget with the callee's
// whole IL and charges it with the IL it imports, and a statement of several operations (the
// benchmark's x × c + exp(−x / c)) ran out of budget when Apply2 grew by the affine paths: exp and
// + became calls, 1.17× → 3.3× double (docs/devdocs.md, Performance).
public readonly partial struct StochasticTriple<TJumps>
{
    /// <summary>An affine unary rule (negation, a change of units) on an inline-scaling backend.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static StochasticTriple<TJumps> Linear<TRule>(StochasticTriple<TJumps> x)
        where TRule : struct, Rules.IUnaryRule
    {
        TRule rule = default;
        double fx = rule.Value(x._value);
        double derivative = rule.Derivative(x._value, fx);
        return new(fx, (derivative * x._dual) + 0.0, TJumps.Scale(x._jumps, derivative), x._run); // + 0.0 turns −0 into +0, as Apply gives
    }

    /// <summary>
    /// A rule affine in x (and maybe in y) on an inline-scaling backend. Both partials are computed
    /// (they are cheap for these rules). Whatever is not the common case — two jumping operands, or a
    /// NaN dual part that may come from ∞·0 — goes to the general helper out of line
    /// (<see cref="General2{TRule}"/>), which keeps this helper small for the inlining budget.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static StochasticTriple<TJumps> Affine2<TRule>(StochasticTriple<TJumps> x, StochasticTriple<TJumps> y)
        where TRule : struct, Rules.IBinaryRule
    {
        TRule rule = default;
        double xv = x._value, yv = y._value;
        double f = rule.Value(xv, yv);
        double px = rule.PartialX(xv, yv, f);
        double py = rule.PartialY(xv, yv, f);

        // The left operand's term is fused onto the right one's: when the left operand is the
        // loop-carried one (x = x × c, x *= c) its dual part passes one fused multiply-add per step
        // instead of a multiply and an add; c × x pays a multiply and then the fused add. In cycles on
        // the carried chain (Zen 3: mul 3, add 3, FMA 4): x × c 4, c × x 7, where a multiply and an add
        // would cost 6 for both; the double's step is 3. No order serves both: an operator cannot know
        // which operand a loop carries (docs/devdocs.md, Performance: measured 1.4× / 2.4× double with
        // the fused add, 2.1× / 2.1× without). The sum is
        // computed without the general helper's guard against ∞·0 (an infinite partial times a zero
        // dual part, which must contribute nothing); a NaN result is redone by the general helper.
        double dual = BinaryTraits<TRule>.ConstantPartials ? (px * x._dual) + (py * y._dual) : MultiplyAdd(px, x._dual, py * y._dual);
        if (BinaryTraits<TRule>.ConstantPartials || !double.IsNaN(dual))
        {
            // One call site of Scale, not one per operand: its IL is charged to the caller's budget once.
            bool onlyX = y._jumps.IsEmpty;
            if (onlyX || (BinaryTraits<TRule>.AffineInY && x._jumps.IsEmpty))
            {
                return new(f, dual, TJumps.Scale(onlyX ? x._jumps : y._jumps, onlyX ? px : py), DifferentiationRun.Merge(x._run, y._run));
            }
        }

        return General2<TRule>(xv, x._dual, x._jumps, x._run, yv, y._dual, y._jumps, y._run);
    }

    /// <summary>
    /// The general helper, out of line and from the operands' fields: every argument travels in a
    /// register (passing the two 40-byte triples by value put the loop-carried one in memory in a
    /// caller's loop: x + c with a live jump 1.4× → 4.1× double), nothing of the caller is live across
    /// the call, and its IL is not charged to the caller's inlining budget.
    /// </summary>
    /// <remarks>
    /// A sum or difference of two jumping operands (the neighbour counts of the Game of Life) maps the
    /// jumps with the constant partials, ∂ₓf·Δx + ∂ᵧf·Δy, which is exactly f(x + Δx, y + Δy) − f(x, y)
    /// for a jointly affine rule: the backend's Map2 is then inlined here with a map of two multiplies,
    /// instead of a second out-of-line call (Apply2's jump path) that evaluates the rule on each path.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static StochasticTriple<TJumps> General2<TRule>(
        double xValue, double xDual, TJumps xJumps, int xRun, double yValue, double yDual, TJumps yJumps, int yRun)
        where TRule : struct, Rules.IBinaryRule
    {
        if (BinaryTraits<TRule>.ConstantPartials)
        {
            int run = DifferentiationRun.Merge(xRun, yRun);
            TRule rule = default;
            double f = rule.Value(xValue, yValue);
            double px = rule.PartialX(xValue, yValue, f);
            double py = rule.PartialY(xValue, yValue, f);
            return new(f, (px * xDual) + (py * yDual), TJumps.Map2(xJumps, yJumps, new LinearMap2(px, py)), run);
        }

        return Apply2<TRule>(new StochasticTriple<TJumps>(xValue, xDual, xJumps, xRun), new StochasticTriple<TJumps>(yValue, yDual, yJumps, yRun));
    }

    /// <summary>The jump of a jointly affine rule: ∂ₓf·Δx + ∂ᵧf·Δy.</summary>
    private readonly struct LinearMap2(double partialX, double partialY) : IJumpMap2
    {
        public double Apply(double deltaX, double deltaY) => (partialX * deltaX) + (partialY * deltaY);
    }

    /// <summary>a·b + c, fused (one rounding) where the processor has the instruction, else a multiply and an add.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double MultiplyAdd(double a, double b, double c) =>
        System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.Arm64.IsSupported
            ? Math.FusedMultiplyAdd(a, b, c)
            : (a * b) + c;

    /// <summary>A rule affine in x with a plain constant y, on an inline-scaling backend.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static StochasticTriple<TJumps> AffineConstantRight<TRule>(StochasticTriple<TJumps> x, double y)
        where TRule : struct, Rules.IBinaryRule
    {
        TRule rule = default;
        double f = rule.Value(x._value, y);
        double px = rule.PartialX(x._value, y, f);
        double dual = BinaryTraits<TRule>.ConstantPartials || x._dual != 0 ? px * x._dual : 0;
        return new(f, dual, TJumps.Scale(x._jumps, px), x._run);
    }

    /// <summary>A rule affine in y with a plain constant x, on an inline-scaling backend.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static StochasticTriple<TJumps> AffineConstantLeft<TRule>(double x, StochasticTriple<TJumps> y)
        where TRule : struct, Rules.IBinaryRule
    {
        TRule rule = default;
        double f = rule.Value(x, y._value);
        double py = rule.PartialY(x, y._value, f);
        double dual = BinaryTraits<TRule>.ConstantPartials || y._dual != 0 ? py * y._dual : 0;
        return new(f, dual, TJumps.Scale(y._jumps, py), y._run);
    }
}
