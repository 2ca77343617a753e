using FsCheck;
using FsCheck.Xunit;
using Triple = StochasticAD.StochasticTriple<StochasticAD.Backends.PrunedJumps>;

namespace StochasticAD.Tests;

/// <summary>Without randomness the triple is a dual number: derivatives must equal the analytic ones.</summary>
public class DeterministicGradientTests
{
    private static double Unit(NormalFloat f) => Math.Abs(Math.Sin(f.Get)); // in [0, 1]

    [Property(MaxTest = 300)]
    public bool Gradient_of_a_deterministic_function_equals_the_analytic_gradient(NormalFloat a, NormalFloat b, NormalFloat c)
    {
        double x = 0.1 + (2 * Unit(a)), y = -1 + (2 * Unit(b)), z = 0.5 + Unit(c);

        // f = x·y + sin(x)·cosh(y) + exp(z/x) + log(1 + x²)·z + y/z + sqrt(x)·z³
        double[] g = Derivative.Gradient(
            v => (v[0] * v[1]) + (Triple.Sin(v[0]) * Triple.Cosh(v[1])) + Triple.Exp(v[2] / v[0])
                 + (Triple.Log(1 + (v[0] * v[0])) * v[2]) + (v[1] / v[2]) + (Triple.Sqrt(v[0]) * Triple.Pow(v[2], 3.0)),
            [x, y, z]);
        double e = Math.Exp(z / x);
        double[] exact =
        [
            y + (Math.Cos(x) * Math.Cosh(y)) - (e * z / (x * x)) + (2 * x * z / (1 + (x * x))) + (Math.Pow(z, 3) / (2 * Math.Sqrt(x))),
            x + (Math.Sin(x) * Math.Sinh(y)) + (1 / z),
            (e / x) + Math.Log(1 + (x * x)) - (y / (z * z)) + (3 * Math.Sqrt(x) * z * z),
        ];
        return Close(g[0], exact[0]) && Close(g[1], exact[1]) && Close(g[2], exact[2]);
    }

    [Property(MaxTest = 200)]
    public bool Directional_derivative_is_the_gradient_dotted_with_the_direction(NormalFloat a, NormalFloat b, NormalFloat u, NormalFloat w)
    {
        double x = 0.2 + Unit(a), y = 0.2 + Unit(b);
        double dx = Math.Sin(u.Get), dy = Math.Cos(w.Get);
        static Triple F(Triple[] v) => Triple.Atan2(v[0], v[1]) * Triple.Hypot(v[0], v[1]) + Triple.Log(v[0], v[1] + 2.0);
        double[] g = Derivative.Gradient(F, [x, y]);
        double d = Derivative.Directional(F, [x, y], [dx, dy]);
        return Close(d, (g[0] * dx) + (g[1] * dy));
    }

    public static TheoryData<string, Func<Triple, Triple>, Func<double, double>, double> Rules() => new()
    {
        { "Exp", Triple.Exp, Math.Exp, 0.7 },
        { "Exp2", Triple.Exp2, v => Math.Pow(2, v), 0.7 },
        { "Exp10", Triple.Exp10, v => Math.Pow(10, v), 0.7 },
        { "ExpM1", Triple.ExpM1, double.ExpM1, 0.7 },
        { "Exp2M1", Triple.Exp2M1, double.Exp2M1, 0.7 },
        { "Exp10M1", Triple.Exp10M1, double.Exp10M1, 0.7 },
        { "Log", Triple.Log, Math.Log, 0.7 },
        { "Log2", Triple.Log2, Math.Log2, 0.7 },
        { "Log10", Triple.Log10, Math.Log10, 0.7 },
        { "LogP1", Triple.LogP1, double.LogP1, 0.7 },
        { "Log2P1", Triple.Log2P1, double.Log2P1, 0.7 },
        { "Log10P1", Triple.Log10P1, double.Log10P1, 0.7 },
        { "Sqrt", Triple.Sqrt, Math.Sqrt, 0.7 },
        { "Cbrt", Triple.Cbrt, Math.Cbrt, 0.7 },
        { "RootN5", v => Triple.RootN(v, 5), v => double.RootN(v, 5), 0.7 },
        { "Sin", Triple.Sin, Math.Sin, 0.7 },
        { "Cos", Triple.Cos, Math.Cos, 0.7 },
        { "Tan", Triple.Tan, Math.Tan, 0.7 },
        { "Asin", Triple.Asin, Math.Asin, 0.3 },
        { "Acos", Triple.Acos, Math.Acos, 0.3 },
        { "Atan", Triple.Atan, Math.Atan, 0.7 },
        { "SinPi", Triple.SinPi, double.SinPi, 0.3 },
        { "CosPi", Triple.CosPi, double.CosPi, 0.3 },
        { "TanPi", Triple.TanPi, double.TanPi, 0.2 },
        { "AsinPi", Triple.AsinPi, double.AsinPi, 0.3 },
        { "AcosPi", Triple.AcosPi, double.AcosPi, 0.3 },
        { "AtanPi", Triple.AtanPi, double.AtanPi, 0.7 },
        { "Sinh", Triple.Sinh, Math.Sinh, 0.7 },
        { "Cosh", Triple.Cosh, Math.Cosh, 0.7 },
        { "Tanh", Triple.Tanh, Math.Tanh, 0.7 },
        { "Asinh", Triple.Asinh, Math.Asinh, 0.7 },
        { "Acosh", Triple.Acosh, Math.Acosh, 1.7 },
        { "Atanh", Triple.Atanh, Math.Atanh, 0.3 },
        { "Abs", Triple.Abs, Math.Abs, -0.7 },
        { "DegreesToRadians", Triple.DegreesToRadians, v => v * Math.PI / 180, 0.7 },
        { "RadiansToDegrees", Triple.RadiansToDegrees, v => v * 180 / Math.PI, 0.7 },
        { "Negate", v => -v, v => -v, 0.7 },
        { "PowConst", v => Triple.Pow(v, 2.5), v => Math.Pow(v, 2.5), 0.7 },
        { "PowBase", v => Triple.Pow(2.0, v), v => Math.Pow(2, v), 0.7 },
        { "Modulus", v => v % 0.5, v => v % 0.5, 0.7 },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Every_rule_matches_a_central_difference_and_carries_jumps_exactly(string name, Func<Triple, Triple> f, Func<double, double> g, double x)
    {
        const double h = 1e-6;
        Triple t = Derivative.Triple(f, x);
        Assert.Equal(g(x), t.Value, 12);
        double fd = (g(x + h) - g(x - h)) / (2 * h);
        Assert.True(Close(t.Dual, fd, 1e-6), $"{name}: dual {t.Dual} vs central difference {fd}");

        // A jump of Δ = 0.05 maps to g(x + Δ) − g(x).
        Triple jumping = f(TripleArithmeticTests.WithJump(x, 0.05, 1));
        Assert.Equal(g(x + 0.05) - g(x), Assert.Single(jumping.JumpList).Delta, 12);
    }

    private static bool Close(double a, double b, double rel = 1e-9) => Math.Abs(a - b) <= rel * Math.Max(1, Math.Abs(b));
}
