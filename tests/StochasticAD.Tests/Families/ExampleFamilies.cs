using StochasticAD.Distributions;

namespace StochasticAD.Tests.Families;

/// <summary>
/// The zero-inflated Poisson ZIP(π, λ): 0 with probability π, else a Poisson(λ) draw. The example
/// of docs/distributions.md: a family that is not built in, defined by its pmf and a generic CDF,
/// differentiated in both parameters through a dual-number evaluation of that CDF.
/// </summary>
public sealed class ZeroInflatedPoisson : DiscreteFamily
{
    public ZeroInflatedPoisson()
        : base("ZeroInflatedPoisson", "pi", "lambda")
    {
    }

    public override void Validate(ReadOnlySpan<double> parameters)
    {
        if (!(parameters[0] >= 0 && parameters[0] <= 1))
        {
            throw OutOfRange(0, parameters[0], "must be in [0, 1]");
        }

        if (!(parameters[1] > 0) || double.IsPositiveInfinity(parameters[1]))
        {
            throw OutOfRange(1, parameters[1], "must be finite and > 0");
        }
    }

    public override double Pmf(int k, ReadOnlySpan<double> parameters)
    {
        double pi = parameters[0], lambda = parameters[1];
        if (k < 0)
        {
            return 0;
        }

        double poisson = Math.Exp(-lambda + (k * Math.Log(lambda)) - MathNet.Numerics.SpecialFunctions.FactorialLn(k));
        return (k == 0 ? pi : 0) + ((1 - pi) * poisson);
    }

    public override T Cdf<T>(int k, ReadOnlySpan<T> parameters)
    {
        if (k < 0)
        {
            return T.Zero;
        }

        T pi = parameters[0], lambda = parameters[1];
        T term = T.Exp(-lambda), poissonCdf = term;
        for (int j = 1; j <= k; j++)
        {
            term = term * lambda / T.CreateChecked(j);
            poissonCdf += term;
        }

        return pi + ((T.One - pi) * poissonCdf);
    }
}

/// <summary>
/// The beta-binomial BB(n, α, β) on 0 … n (a binomial whose p is Beta(α, β)), n fixed per
/// instance: P(k) = C(n, k)·B(k + α, n − k + β)/B(α, β), written as products so that the
/// generic CDF needs only arithmetic.
/// </summary>
public sealed class BetaBinomial(int n) : DiscreteFamily("BetaBinomial", "alpha", "beta")
{
    public override void Validate(ReadOnlySpan<double> parameters)
    {
        for (int i = 0; i < 2; i++)
        {
            if (!(parameters[i] > 0) || double.IsPositiveInfinity(parameters[i]))
            {
                throw OutOfRange(i, parameters[i], "must be finite and > 0");
            }
        }
    }

    public override int SupportMaximum(ReadOnlySpan<double> parameters) => n;

    public override double Pmf(int k, ReadOnlySpan<double> parameters) => k < 0 || k > n ? 0 : Terms(k, parameters)[k];

    public override T Cdf<T>(int k, ReadOnlySpan<T> parameters)
    {
        if (k < 0)
        {
            return T.Zero;
        }

        T sum = T.Zero;
        foreach (T term in Terms(Math.Min(k, n), parameters))
        {
            sum += term;
        }

        return sum;
    }

    /// <summary>P(0) … P(upto): P(0) = Π_{i &lt; n} (β + i)/(α + β + i), P(j + 1) = P(j)·(n − j)/(j + 1)·(α + j)/(β + n − j − 1).</summary>
    private T[] Terms<T>(int upto, ReadOnlySpan<T> parameters) where T : System.Numerics.INumber<T>
    {
        T alpha = parameters[0], beta = parameters[1];
        var terms = new T[upto + 1];
        T p = T.One;
        for (int i = 0; i < n; i++)
        {
            p = p * (beta + T.CreateChecked(i)) / (alpha + beta + T.CreateChecked(i));
        }

        terms[0] = p;
        for (int j = 0; j < upto; j++)
        {
            p = p * T.CreateChecked(n - j) / T.CreateChecked(j + 1) * (alpha + T.CreateChecked(j)) / (beta + T.CreateChecked(n - j - 1));
            terms[j + 1] = p;
        }

        return terms;
    }
}
