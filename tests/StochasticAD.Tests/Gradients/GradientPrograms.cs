using System.Numerics;
using StochasticAD.Random;

namespace StochasticAD.Tests.Gradients;

/// <summary>Programs of several parameters written once over T, with their exact means (so exact gradients by central differences of an analytic function).</summary>
public static class GradientPrograms
{
    private static T C<T>(double v) where T : INumber<T> => T.CreateChecked(v);

    /// <summary>
    /// Three parameters (a, b, c); the Bernoulli's probability a·(1 − b) has partials of opposite
    /// signs in the same draw, and its jump is carried through a Poisson; a geometric in c.
    /// </summary>
    public static T Mixed<T>(T[] v, StochasticRandom rng) where T : INumber<T>
    {
        T a = v[0], b = v[1], c = v[2];
        T q = a * (T.One - b);
        T lambda = b + (c * c);
        T x = rng.Bernoulli(q);
        T y = rng.Poisson(lambda * (T.One + x));
        T z = rng.Geometric(c);
        return (C<T>(3) * x) + (y * y) + (z * a);
    }

    public static double MixedMean(double a, double b, double c)
    {
        double q = a * (1 - b), l = b + (c * c);
        return (3 * q) + ((1 - q) * (l + (l * l))) + (q * ((2 * l) + (4 * l * l))) + (a * (1 - c) / c);
    }

    /// <summary>Binomial with a random number of trials, and a reparameterised normal: (a, b).</summary>
    public static T RandomTrials<T>(T[] v, StochasticRandom rng) where T : INumber<T>
    {
        T n = rng.Binomial(10, v[0]);
        T x = rng.Binomial(n, v[1]);
        return (x * x) + (rng.Normal(v[0], v[1]) * v[1]);
    }

    public static double RandomTrialsMean(double a, double b)
    {
        double m = 10 * a * b;
        return (m * (1 - (a * b))) + (m * m) + (a * b);
    }

    /// <summary>Categorical whose every probability is a function of several of (a, b, c).</summary>
    public static T Categorical<T>(T[] v, StochasticRandom rng) where T : INumber<T>
    {
        T a = v[0], b = v[1], c = v[2];
        T[] w = [a + c, b, a * b, c * c, T.One];
        T total = w[0] + w[1] + w[2] + w[3] + w[4];
        T[] p = [.. w.Select(x => x / total)];
        T k = rng.Categorical(p);
        return (k + T.One) * (k + T.One);
    }

    public static double CategoricalMean(double a, double b, double c)
    {
        double[] w = [a + c, b, a * b, c * c, 1];
        double total = w.Sum();
        double e = 0;
        for (int k = 0; k < w.Length; k++)
        {
            e += w[k] / total * (k + 1) * (k + 1);
        }

        return e;
    }

    /// <summary>Many parameters: a sum of Bernoulli and Poisson draws with one parameter each, squared (couples every component).</summary>
    public static T Many<T>(T[] v, StochasticRandom rng) where T : INumber<T>
    {
        T s = T.Zero;
        for (int i = 0; i < v.Length; i++)
        {
            s += i % 2 == 0 ? rng.Bernoulli(v[i]) : rng.Poisson(v[i]);
        }

        return s * s;
    }

    public static double ManyMean(double[] p)
    {
        double mean = 0, variance = 0;
        for (int i = 0; i < p.Length; i++)
        {
            mean += p[i];
            variance += i % 2 == 0 ? p[i] * (1 - p[i]) : p[i];
        }

        return variance + (mean * mean);
    }

    /// <summary>∇ of an analytic mean by central differences (error O(h²), far below the tests' tolerances).</summary>
    public static double[] ExactGradient(Func<double[], double> mean, double[] p, double h = 1e-5)
    {
        var g = new double[p.Length];
        for (int i = 0; i < p.Length; i++)
        {
            double[] up = [.. p], down = [.. p];
            up[i] += h;
            down[i] -= h;
            g[i] = (mean(up) - mean(down)) / (2 * h);
        }

        return g;
    }
}
