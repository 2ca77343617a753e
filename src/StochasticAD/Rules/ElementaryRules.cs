#pragma warning disable CS1591 // Each rule is documented by the one line that states it.
namespace StochasticAD.Rules;

/// <summary>
/// The table of elementary functions: each one stated once, as (value, derivative).
/// The triple applies them through its single rule helper; a jump Δ of the argument is
/// carried by evaluating <c>Value(x + Δ)</c> exactly, never by the derivative.
/// </summary>
public static class ElementaryRules
{
    private const double Ln2 = 0.69314718055994530942;
    private const double Ln10 = 2.30258509299404568402;

    // ================================ unary: (value, derivative) ================================
    public readonly struct Negate : IUnaryRule { public double Value(double x) => -x; public double Derivative(double x, double fx) => -1; }
    public readonly struct Abs : IUnaryRule { public double Value(double x) => Math.Abs(x); public double Derivative(double x, double fx) => Math.Sign(x); }
    public readonly struct Exp : IUnaryRule { public double Value(double x) => Math.Exp(x); public double Derivative(double x, double fx) => fx; }
    public readonly struct Exp2 : IUnaryRule { public double Value(double x) => Math.Pow(2, x); public double Derivative(double x, double fx) => fx * Ln2; }
    public readonly struct Exp10 : IUnaryRule { public double Value(double x) => Math.Pow(10, x); public double Derivative(double x, double fx) => fx * Ln10; }
    public readonly struct ExpM1 : IUnaryRule { public double Value(double x) => double.ExpM1(x); public double Derivative(double x, double fx) => Math.Exp(x); }
    public readonly struct Exp2M1 : IUnaryRule { public double Value(double x) => double.Exp2M1(x); public double Derivative(double x, double fx) => Math.Pow(2, x) * Ln2; }
    public readonly struct Exp10M1 : IUnaryRule { public double Value(double x) => double.Exp10M1(x); public double Derivative(double x, double fx) => Math.Pow(10, x) * Ln10; }
    public readonly struct Log : IUnaryRule { public double Value(double x) => Math.Log(x); public double Derivative(double x, double fx) => 1 / x; }
    public readonly struct Log2 : IUnaryRule { public double Value(double x) => Math.Log2(x); public double Derivative(double x, double fx) => 1 / (x * Ln2); }
    public readonly struct Log10 : IUnaryRule { public double Value(double x) => Math.Log10(x); public double Derivative(double x, double fx) => 1 / (x * Ln10); }
    public readonly struct LogP1 : IUnaryRule { public double Value(double x) => double.LogP1(x); public double Derivative(double x, double fx) => 1 / (1 + x); }
    public readonly struct Log2P1 : IUnaryRule { public double Value(double x) => double.Log2P1(x); public double Derivative(double x, double fx) => 1 / ((1 + x) * Ln2); }
    public readonly struct Log10P1 : IUnaryRule { public double Value(double x) => double.Log10P1(x); public double Derivative(double x, double fx) => 1 / ((1 + x) * Ln10); }
    public readonly struct Sqrt : IUnaryRule { public double Value(double x) => Math.Sqrt(x); public double Derivative(double x, double fx) => 0.5 / fx; }
    public readonly struct Cbrt : IUnaryRule { public double Value(double x) => Math.Cbrt(x); public double Derivative(double x, double fx) => 1 / (3 * fx * fx); }
    public readonly struct RootN(int n) : IUnaryRule { public double Value(double x) => double.RootN(x, n); public double Derivative(double x, double fx) => fx / (n * x); }
    public readonly struct Sin : IUnaryRule { public double Value(double x) => Math.Sin(x); public double Derivative(double x, double fx) => Math.Cos(x); }
    public readonly struct Cos : IUnaryRule { public double Value(double x) => Math.Cos(x); public double Derivative(double x, double fx) => -Math.Sin(x); }
    public readonly struct Tan : IUnaryRule { public double Value(double x) => Math.Tan(x); public double Derivative(double x, double fx) => 1 + fx * fx; }
    public readonly struct Asin : IUnaryRule { public double Value(double x) => Math.Asin(x); public double Derivative(double x, double fx) => 1 / Math.Sqrt(1 - x * x); }
    public readonly struct Acos : IUnaryRule { public double Value(double x) => Math.Acos(x); public double Derivative(double x, double fx) => -1 / Math.Sqrt(1 - x * x); }
    public readonly struct Atan : IUnaryRule { public double Value(double x) => Math.Atan(x); public double Derivative(double x, double fx) => 1 / (1 + x * x); }
    public readonly struct SinPi : IUnaryRule { public double Value(double x) => double.SinPi(x); public double Derivative(double x, double fx) => Math.PI * double.CosPi(x); }
    public readonly struct CosPi : IUnaryRule { public double Value(double x) => double.CosPi(x); public double Derivative(double x, double fx) => -Math.PI * double.SinPi(x); }
    public readonly struct TanPi : IUnaryRule { public double Value(double x) => double.TanPi(x); public double Derivative(double x, double fx) => Math.PI * (1 + fx * fx); }
    public readonly struct AsinPi : IUnaryRule { public double Value(double x) => double.AsinPi(x); public double Derivative(double x, double fx) => 1 / (Math.PI * Math.Sqrt(1 - x * x)); }
    public readonly struct AcosPi : IUnaryRule { public double Value(double x) => double.AcosPi(x); public double Derivative(double x, double fx) => -1 / (Math.PI * Math.Sqrt(1 - x * x)); }
    public readonly struct AtanPi : IUnaryRule { public double Value(double x) => double.AtanPi(x); public double Derivative(double x, double fx) => 1 / (Math.PI * (1 + x * x)); }
    public readonly struct Sinh : IUnaryRule { public double Value(double x) => Math.Sinh(x); public double Derivative(double x, double fx) => Math.Cosh(x); }
    public readonly struct Cosh : IUnaryRule { public double Value(double x) => Math.Cosh(x); public double Derivative(double x, double fx) => Math.Sinh(x); }
    public readonly struct Tanh : IUnaryRule { public double Value(double x) => Math.Tanh(x); public double Derivative(double x, double fx) => 1 - fx * fx; }
    public readonly struct Asinh : IUnaryRule { public double Value(double x) => Math.Asinh(x); public double Derivative(double x, double fx) => 1 / Math.Sqrt(x * x + 1); }
    public readonly struct Acosh : IUnaryRule { public double Value(double x) => Math.Acosh(x); public double Derivative(double x, double fx) => 1 / Math.Sqrt(x * x - 1); }
    public readonly struct Atanh : IUnaryRule { public double Value(double x) => Math.Atanh(x); public double Derivative(double x, double fx) => 1 / (1 - x * x); }
    public readonly struct DegreesToRadians : IUnaryRule { public double Value(double x) => x * (Math.PI / 180); public double Derivative(double x, double fx) => Math.PI / 180; }
    public readonly struct RadiansToDegrees : IUnaryRule { public double Value(double x) => x * (180 / Math.PI); public double Derivative(double x, double fx) => 180 / Math.PI; }

    // ============================== binary: (value, ∂/∂x, ∂/∂y) ==============================
    public readonly struct Add : IBinaryRule { public double Value(double x, double y) => x + y; public double PartialX(double x, double y, double f) => 1; public double PartialY(double x, double y, double f) => 1; public static bool ConstantPartials => true; public static bool AffineInY => true; }
    public readonly struct Subtract : IBinaryRule { public double Value(double x, double y) => x - y; public double PartialX(double x, double y, double f) => 1; public double PartialY(double x, double y, double f) => -1; public static bool ConstantPartials => true; public static bool AffineInY => true; }
    public readonly struct Multiply : IBinaryRule { public double Value(double x, double y) => x * y; public double PartialX(double x, double y, double f) => y; public double PartialY(double x, double y, double f) => x; public static bool AffineInY => true; }
    public readonly struct Divide : IBinaryRule { public double Value(double x, double y) => x / y; public double PartialX(double x, double y, double f) => 1 / y; public double PartialY(double x, double y, double f) => -f / y; }
    public readonly struct Modulus : IBinaryRule { public double Value(double x, double y) => x % y; public double PartialX(double x, double y, double f) => 1; public double PartialY(double x, double y, double f) => -Math.Truncate(x / y); }
    public readonly struct Hypot : IBinaryRule { public double Value(double x, double y) => double.Hypot(x, y); public double PartialX(double x, double y, double f) => x / f; public double PartialY(double x, double y, double f) => y / f; }
    public readonly struct Atan2 : IBinaryRule { public double Value(double x, double y) => Math.Atan2(x, y); public double PartialX(double x, double y, double f) => y / (x * x + y * y); public double PartialY(double x, double y, double f) => -x / (x * x + y * y); }
    public readonly struct LogBase : IBinaryRule { public double Value(double x, double y) => Math.Log(x, y); public double PartialX(double x, double y, double f) => 1 / (x * Math.Log(y)); public double PartialY(double x, double y, double f) => -f / (y * Math.Log(y)); }
    public readonly struct CopySign : IBinaryRule { public double Value(double x, double y) => Math.CopySign(x, y); public double PartialX(double x, double y, double f) => Math.CopySign(1, x) * Math.CopySign(1, y); public double PartialY(double x, double y, double f) => 0; }

    // ==================== hand-written special cases (the reason is on each) ====================

    /// <summary>x^y. Special case: the textbook partials are NaN at x ≤ 0 where the function itself is fine (e.g. 0², (−2)³), so those points are spelled out.</summary>
    public readonly struct Pow : IBinaryRule
    {
        public double Value(double x, double y) => Math.Pow(x, y);
        public double PartialX(double x, double y, double f) => y == 0 ? 0 : y * Math.Pow(x, y - 1);
        public double PartialY(double x, double y, double f) => x > 0 ? f * Math.Log(x) : (x == 0 && y > 0 ? 0 : double.NaN);
    }

    /// <summary>max(x, y). Special case: not differentiable at a tie; the average of the two one-sided derivatives is used there. Jumps are still evaluated exactly, so no branch is needed.</summary>
    public readonly struct Max : IBinaryRule
    {
        public double Value(double x, double y) => Math.Max(x, y);
        public double PartialX(double x, double y, double f) => x > y ? 1 : x < y ? 0 : 0.5;
        public double PartialY(double x, double y, double f) => y > x ? 1 : y < x ? 0 : 0.5;
    }

    /// <summary>min(x, y); ties as for <see cref="Max"/>.</summary>
    public readonly struct Min : IBinaryRule
    {
        public double Value(double x, double y) => Math.Min(x, y);
        public double PartialX(double x, double y, double f) => x < y ? 1 : x > y ? 0 : 0.5;
        public double PartialY(double x, double y, double f) => y < x ? 1 : y > x ? 0 : 0.5;
    }

    /// <summary>The operand of larger magnitude (<see cref="double.MaxMagnitude"/>): the derivative follows the operand chosen; at a tie both share it.</summary>
    public readonly struct MaxMagnitude : IBinaryRule
    {
        public double Value(double x, double y) => double.MaxMagnitude(x, y);
        public double PartialX(double x, double y, double f) => Chosen(f, x, y);
        public double PartialY(double x, double y, double f) => Chosen(f, y, x);
    }

    /// <summary>The operand of smaller magnitude (<see cref="double.MinMagnitude"/>); as <see cref="MaxMagnitude"/>.</summary>
    public readonly struct MinMagnitude : IBinaryRule
    {
        public double Value(double x, double y) => double.MinMagnitude(x, y);
        public double PartialX(double x, double y, double f) => Chosen(f, x, y);
        public double PartialY(double x, double y, double f) => Chosen(f, y, x);
    }

    /// <summary>1 if <paramref name="self"/> is the operand that produced <paramref name="f"/>, 0 if the other one did, ½ if both equal it.</summary>
    private static double Chosen(double f, double self, double other) =>
        f.Equals(self) ? (f.Equals(other) ? 0.5 : 1) : 0;
}
