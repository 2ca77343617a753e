namespace StochasticAD.Rules;

/// <summary>
/// Hand-written special case of <see cref="ElementaryRules.Exp"/>'s jump (listed with the rule table's
/// special cases): exp(x + Δ) − exp(x) = exp(x)·(exp(Δ) − 1), with exp(Δ) − 1 remembered for the last Δ
/// this thread saw.
/// </summary>
/// <remarks>
/// Why: in a simulation a jump keeps its Δ for many steps (a random walk's position carries the same ±2
/// until the event's path flips again), so exp of the argument's Δ repeats, while exp(x + Δ) is new at
/// every step. With the memory a live jump costs one multiply instead of a second exp (a random walk step
/// spends most of its time in exp). The product is used only where it is as accurate as the difference:
/// exp(x) a positive normal number and exp(Δ) − 1 finite; anything else (x + Δ far from x, an underflowed
/// exp(x), NaN) takes the textbook form.
/// </remarks>
internal static class ExpJump
{
    // One entry per thread: the last Δ and its exp(Δ) − 1. The zero state is a valid entry (exp(0) − 1 = 0).
    // The smallest positive normal double: below it exp(x) has lost precision (or is 0).
    private const double MinNormal = 2.2250738585072014E-308;

    [ThreadStatic]
    private static double t_delta;

    [ThreadStatic]
    private static double t_expM1;

    /// <summary>exp(x + <paramref name="delta"/>) − <paramref name="fx"/>, where <paramref name="fx"/> = exp(x).</summary>
    public static double Of(double x, double fx, double delta)
    {
        if (fx >= MinNormal)
        {
            double expM1 = t_expM1;
            if (delta != t_delta)
            {
                expM1 = double.ExpM1(delta);
                t_expM1 = expM1;
                t_delta = delta;
            }

            if (double.IsFinite(expM1))
            {
                return fx * expM1;
            }
        }

        return Math.Exp(x + delta) - fx;
    }
}
