using StochasticAD.Random;

namespace StochasticAD.Distributions;

/// <summary>
/// Samplers that run in bounded expected time over the whole parameter range: inversion by
/// sequential search where the mean is small, transformed rejection with squeeze (Hörmann 1993:
/// PTRS for the Poisson, BTRS for the binomial) where it is large, a closed form for the geometric,
/// Marsaglia–Tsang for the gamma. A draw past int.MaxValue throws <see cref="DrawOverflowException"/>.
/// </summary>
internal static class Samplers
{
    /// <summary>Below this mean, inversion by sequential search (expected steps ≈ mean); above, transformed rejection.</summary>
    private const double InversionMeanLimit = 10;

    /// <summary>
    /// A sequential search stops after this many steps and restarts with a new uniform: reached only
    /// when rounding kept the running sum of the pmf below a uniform very close to 1 (the pmf has
    /// underflowed by then, so the restart changes the law by less than the rounding does).
    /// </summary>
    private const int SearchSteps = 2000;

    // ---------------------------------------------------------------- Poisson

    public static int Poisson(StochasticRandom rng, double lambda)
    {
        if (lambda == 0)
        {
            return 0;
        }

        return lambda < InversionMeanLimit ? PoissonByInversion(rng, lambda) : PoissonPtrs(rng, lambda);
    }

    private static int PoissonByInversion(StochasticRandom rng, double lambda)
    {
        double start = Math.Exp(-lambda);
        while (true)
        {
            double u = rng.NextDouble();
            double pk = start, cdf = start;
            for (int k = 0; k < SearchSteps; k++)
            {
                if (u < cdf)
                {
                    return k;
                }

                pk *= lambda / (k + 1);
                cdf += pk;
            }
        }
    }

    /// <summary>PTRS (Hörmann 1993, "The transformed rejection method for generating Poisson random variables"), λ ≥ 10.</summary>
    private static int PoissonPtrs(StochasticRandom rng, double lambda)
    {
        double sqrtLambda = Math.Sqrt(lambda);
        double b = 0.931 + (2.53 * sqrtLambda);
        double a = -0.059 + (0.02483 * b);
        double logInvAlpha = Math.Log(1.1239 + (1.1328 / (b - 3.4)));
        double vr = 0.9277 - (3.6224 / (b - 2));
        while (true)
        {
            var (u, v, us) = TransformedRejectionUniforms(rng);

            double k = Math.Floor((((2 * a / us) + b) * u) + lambda + 0.43);
            if (us >= 0.07 && v <= vr)
            {
                return Fit(k, "Poisson", "lambda", lambda);
            }

            if (k < 0 || (us < 0.013 && v > us))
            {
                continue;
            }

            if (Math.Log(v) + logInvAlpha - Math.Log((a / (us * us)) + b) <= LogPoissonPmf(k, lambda))
            {
                return Fit(k, "Poisson", "lambda", lambda);
            }
        }
    }

    /// <summary>
    /// log P(X = k) for X ~ Poisson(λ), k ≥ 0 whole, written so that it stays accurate for huge λ:
    /// k·log(λ/k) + k − λ − ½·log(2πk) − c(k) with c the Stirling correction, the first two
    /// terms as k·log1p((λ − k)/k) + (k − λ), whose cancellation is mild.
    /// </summary>
    public static double LogPoissonPmf(double k, double lambda) =>
        k == 0 ? -lambda
        : k < StirlingTable ? (k * Math.Log(lambda)) - lambda - LogFactorial(k)
        : (k * Math.Log(1 + ((lambda - k) / k))) + (k - lambda) - (0.5 * Math.Log(2 * Math.PI * k)) - StirlingCorrection(k);

    // ---------------------------------------------------------------- binomial

    public static int Binomial(StochasticRandom rng, int n, double p)
    {
        if (n == 0 || p == 0)
        {
            return 0;
        }

        if (p == 1)
        {
            return n;
        }

        // Sample the count of the rarer outcome; both samplers need p ≤ ½.
        bool flip = p > 0.5;
        double q = flip ? 1 - p : p;
        int k = n * q < InversionMeanLimit ? BinomialByInversion(rng, n, q) : BinomialBtrs(rng, n, q);
        return flip ? n - k : k;
    }

    private static int BinomialByInversion(StochasticRandom rng, int n, double p)
    {
        double q = 1 - p;
        double start = Math.Exp(n * Math.Log(q)); // ≥ e^-14 here: n·p < 10 and p ≤ ½
        double ratio = p / q;
        while (true)
        {
            double u = rng.NextDouble();
            double pk = start, cdf = start;
            int limit = Math.Min(n, SearchSteps);
            for (int k = 0; k <= limit; k++)
            {
                if (u < cdf || k == n)
                {
                    return k;
                }

                pk *= ratio * (n - k) / (k + 1);
                cdf += pk;
            }
        }
    }

    /// <summary>BTRS (Hörmann 1993, "The generation of binomial random variates"), n·p ≥ 10, p ≤ ½.</summary>
    private static int BinomialBtrs(StochasticRandom rng, int n, double p)
    {
        double q = 1 - p;
        double spq = Math.Sqrt(n * p * q);
        double b = 1.15 + (2.53 * spq);
        double a = -0.0873 + (0.0248 * b) + (0.01 * p);
        double c = (n * p) + 0.5;
        double vr = 0.92 - (4.2 / b);
        double logAlpha = Math.Log((2.83 + (5.1 / b)) * spq);
        double mode = Math.Floor((n + 1.0) * p);
        double logPmfMode = LogBinomialPmf(mode, n, p);
        while (true)
        {
            var (u, v, us) = TransformedRejectionUniforms(rng);

            double k = Math.Floor((((2 * a / us) + b) * u) + c);
            if (k < 0 || k > n)
            {
                continue;
            }

            if (us >= 0.07 && v <= vr)
            {
                return (int)k;
            }

            if (Math.Log(v) + logAlpha - Math.Log((a / (us * us)) + b) <= LogBinomialPmf(k, n, p) - logPmfMode)
            {
                return (int)k;
            }
        }
    }

    /// <summary>
    /// log P(X = k) for X ~ Binomial(n, p) (Loader's saddle-point form, accurate for huge n):
    /// c(n) − c(k) − c(n−k) − D(k, np) − D(n−k, nq) + ½·log(n / (2πk(n−k))), D the deviance term.
    /// </summary>
    public static double LogBinomialPmf(double k, int n, double p)
    {
        double q = 1 - p;
        if (k == 0)
        {
            return n * Math.Log(q);
        }

        if (k == n)
        {
            return n * Math.Log(p);
        }

        double nk = n - k;
        return StirlingCorrection(n) - StirlingCorrection(k) - StirlingCorrection(nk)
            - Deviance(k, n * p) - Deviance(nk, n * q) + (0.5 * Math.Log(n / (2 * Math.PI * k * nk)));
    }

    /// <summary>x·log(x/m) + m − x, ≥ 0, as x·log1p((x − m)/m) + (m − x).</summary>
    private static double Deviance(double x, double m) => (x * Math.Log(1 + ((x - m) / m))) + (m - x);

    // ---------------------------------------------------------------- geometric

    /// <summary>Failures before the first success, by the closed form ⌊log U / log(1 − p)⌋.</summary>
    public static int Geometric(StochasticRandom rng, double p)
    {
        if (p == 1)
        {
            return 0;
        }

        // log1p keeps a tiny p from rounding to log 1 = 0; an infinite quotient is refused by Fit.
        double k = Math.Floor(Math.Log(rng.NextDoubleNonZero()) / Accurate.Log1P(-p));
        return Fit(k, "Geometric", "p", p);
    }

    // ---------------------------------------------------------------- hypergeometric

    /// <summary>
    /// Successes among <paramref name="draws"/> items taken without replacement from a population
    /// with the given successes: inversion that starts at the mode and walks outwards, alternately
    /// down and up (expected steps of the order of the standard deviation, whatever the sizes).
    /// </summary>
    public static int Hypergeometric(StochasticRandom rng, int population, int successes, int draws)
    {
        int lo = Math.Max(0, draws + successes - population), hi = Math.Min(draws, successes);
        if (lo == hi)
        {
            return lo;
        }

        double others = (double)population - successes - draws; // N − s − d, may be negative
        int mode = (int)Math.Clamp(Math.Floor((draws + 1.0) * (successes + 1.0) / (population + 2.0)), lo, hi);
        double atMode = Math.Exp(LogChoose(successes, mode) + LogChoose(population - successes, draws - mode) - LogChoose(population, draws));
        while (true)
        {
            double u = rng.NextDouble() - atMode;
            if (u < 0)
            {
                return mode;
            }

            double pDown = atMode, pUp = atMode;
            int down = mode, up = mode;
            while (down > lo || up < hi)
            {
                if (down > lo)
                {
                    // P(k − 1)/P(k) = k(N − s − d + k) / ((s − k + 1)(d − k + 1)).
                    pDown *= down * (others + down) / ((successes - down + 1.0) * (draws - down + 1.0));
                    down--;
                    u -= pDown;
                    if (u < 0)
                    {
                        return down;
                    }
                }

                if (up < hi)
                {
                    // P(k + 1)/P(k) = (s − k)(d − k) / ((k + 1)(N − s − d + k + 1)).
                    pUp *= (successes - (double)up) * (draws - (double)up) / ((up + 1.0) * (others + up + 1));
                    up++;
                    u -= pUp;
                    if (u < 0)
                    {
                        return up;
                    }
                }
            }

            // Rounding left u above the total mass: draw again (probability of the order of 1e-15).
        }
    }

    /// <summary>log C(n, k) for whole 0 ≤ k ≤ n.</summary>
    public static double LogChoose(double n, double k) => LogFactorial(n) - LogFactorial(k) - LogFactorial(n - k);

    // ---------------------------------------------------------------- gamma

    /// <summary>Gamma(shape, 1); see <see cref="LogGamma"/>.</summary>
    public static double Gamma(StochasticRandom rng, double shape) => Math.Exp(LogGamma(rng, shape));

    /// <summary>
    /// log G for G ~ Gamma(shape, 1): Marsaglia and Tsang (2000) for shape ≥ 1; for shape &lt; 1,
    /// log G(shape + 1) + log(U)/shape, which stays finite where G itself underflows (shape ≪ 1).
    /// </summary>
    public static double LogGamma(StochasticRandom rng, double shape)
    {
        if (shape < 1)
        {
            return LogGamma(rng, shape + 1) + (Math.Log(rng.NextDoubleNonZero()) / shape);
        }

        double d = shape - (1.0 / 3);
        double c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double z = rng.StandardNormal();
            double t = 1 + (c * z);
            if (t <= 0)
            {
                continue;
            }

            double v = t * t * t;
            double u = rng.NextDoubleNonZero();
            double z2 = z * z;
            if (u < 1 - (0.0331 * z2 * z2) || Math.Log(u) < (0.5 * z2) + (d * (1 - v + Math.Log(v))))
            {
                return Math.Log(d * v);
            }
        }
    }

    // ---------------------------------------------------------------- shared

    /// <summary>The uniforms of one transformed-rejection trial: U − ½ in (−½, ½), V in [0, 1), and ½ − |U − ½| &gt; 0.</summary>
    private static (double U, double V, double Us) TransformedRejectionUniforms(StochasticRandom rng)
    {
        double u, us;
        do
        {
            u = rng.NextDouble() - 0.5;
            us = 0.5 - Math.Abs(u);
        }
        while (us == 0);

        return (u, rng.NextDouble(), us);
    }

    /// <summary>A whole-number draw as an int, or the typed refusal when it does not fit.</summary>
    public static int Fit(double k, string distribution, string parameterName, double parameterValue) =>
        k <= int.MaxValue ? (int)k : throw new DrawOverflowException(distribution, parameterName, parameterValue, k);

    private const int StirlingTable = 16;

    /// <summary>log k! for whole k ≥ 0.</summary>
    public static double LogFactorial(double k) =>
        k < StirlingTable ? s_logFactorial[(int)k] : ((k + 0.5) * Math.Log(k)) - k + HalfLogTwoPi + StirlingCorrection(k);

    private const double HalfLogTwoPi = 0.91893853320467274178;

    /// <summary>c(k) = log k! − [(k + ½)·log k − k + ½·log 2π], the Stirling series' remainder; k ≥ 1.</summary>
    private static double StirlingCorrection(double k)
    {
        if (k < StirlingTable)
        {
            return s_logFactorial[(int)k] - (((k + 0.5) * Math.Log(k)) - k + HalfLogTwoPi);
        }

        double inv = 1 / k, inv2 = inv * inv;
        return inv * ((1.0 / 12) - (inv2 * ((1.0 / 360) - (inv2 * ((1.0 / 1260) - (inv2 / 1680))))));
    }

    private static readonly double[] s_logFactorial = BuildLogFactorials();

    private static double[] BuildLogFactorials()
    {
        var table = new double[StirlingTable];
        double factorial = 1;
        for (int k = 1; k < StirlingTable; k++)
        {
            factorial *= k;
            table[k] = Math.Log(factorial);
        }

        return table;
    }
}
