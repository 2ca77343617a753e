using System.Runtime.CompilerServices;
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
        return new(fx, derivative * x._dual, TJumps.Scale(x._jumps, derivative), x._run);
    }

    /// <summary>
    /// A rule affine in x (and maybe in y) on an inline-scaling backend. Both partials are computed
    /// (they are cheap for these rules); the dual part keeps the general helper's guard against ∞·0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static StochasticTriple<TJumps> Affine2<TRule>(StochasticTriple<TJumps> x, StochasticTriple<TJumps> y)
        where TRule : struct, Rules.IBinaryRule
    {
        TRule rule = default;
        double xv = x._value, yv = y._value;
        int run = DifferentiationRun.Merge(x._run, y._run);
        double f = rule.Value(xv, yv);
        double px = rule.PartialX(xv, yv, f);
        double py = rule.PartialY(xv, yv, f);
        double dual = BinaryTraits<TRule>.ConstantPartials ? (px * x._dual) + (py * y._dual) : MultiplyAdd(px, x._dual, py * y._dual);
        if (!BinaryTraits<TRule>.ConstantPartials && double.IsNaN(dual))
        {
            // An infinite partial times a zero dual part (∞·0) is NaN here; there, it contributes nothing.
            // Testing the result costs one compare where testing both dual parts first cost four.
            dual = GuardedDual(px, x._dual, py, y._dual);
        }
        if (y._jumps.IsEmpty)
        {
            return new(f, dual, TJumps.Scale(x._jumps, px), run);
        }

        if (BinaryTraits<TRule>.AffineInY && x._jumps.IsEmpty)
        {
            return new(f, dual, TJumps.Scale(y._jumps, py), run);
        }

        return Jumped(rule, f, dual, run, x._jumps, y._jumps, xv, yv);
    }

    /// <summary>
    /// ∂ₓf·δx + ∂ᵧf·δy where a zero dual part contributes nothing even if its partial is infinite. As in
    /// <see cref="Affine2{TRule}"/>, the left operand's term is fused onto the right one's: when the left
    /// operand is the loop-carried one (x = x × c, x *= c) its dual part passes one fused multiply-add per
    /// step instead of a multiply and an add; c × x pays a multiply and then the fused add.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double GuardedDual(double px, double dx, double py, double dy)
    {
        double dual = dy != 0 ? py * dy : 0;
        return dx != 0 ? MultiplyAdd(px, dx, dual) : dual;
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
