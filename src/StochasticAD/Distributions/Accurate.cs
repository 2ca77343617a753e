namespace StochasticAD.Distributions;

/// <summary>
/// log(1 + x) and exp(x) − 1 accurate for tiny x. .NET's <c>double.LogP1</c> and <c>double.ExpM1</c>
/// compute log(x + 1) and exp(x) − 1 literally, so log1p(−1e-300) is 0 there and a geometric
/// draw at p = 1e-300 divides by it.
/// </summary>
internal static class Accurate
{
    /// <summary>log(1 + x) for x ≥ −1, with full relative accuracy near 0 (Goldberg's correction).</summary>
    public static double Log1P(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    /// <summary>exp(x) − 1 with full relative accuracy near 0 (Kahan's correction).</summary>
    public static double ExpM1(double x)
    {
        double u = Math.Exp(x);
        if (u == 1)
        {
            return x;
        }

        double um1 = u - 1;
        return um1 == -1 ? -1 : double.IsPositiveInfinity(u) ? u : um1 * x / Math.Log(u);
    }
}
