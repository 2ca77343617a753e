using StochasticAD.Random;

namespace StochasticAD.Models;

/// <summary>
/// The random walk of method §10: X₀ = 0, n steps of ±1 with P(+1 | X) = exp(−X/p); output X².
/// Exact values by propagating the distribution of X over 0..n (X never goes below 0, since P(+1 | 0) = 1).
/// </summary>
/// <param name="steps">The number of steps n.</param>
public sealed class RandomWalkModel(int steps) : StochasticModel
{
    /// <summary>The default number of steps.</summary>
    public const int DefaultSteps = 100;

    /// <summary>The number of steps n.</summary>
    public int Steps { get; } = steps >= 0 ? steps : throw new ArgumentOutOfRangeException(nameof(steps), steps, "The number of steps must be >= 0.");

    /// <inheritdoc/>
    public override string Name => "random-walk";

    /// <inheritdoc/>
    public override string Description => $"X0 = 0, n = {Steps} steps of ±1, P(+1 | X) = exp(-X/p); output X² (method §10)";

    /// <inheritdoc/>
    public override double DefaultP => 50;

    /// <inheritdoc/>
    public override bool IsValid(double p) => p > 0 && double.IsFinite(p);

    /// <inheritdoc/>
    public override string Range => "p > 0";

    /// <inheritdoc/>
    public override T Run<T>(T p, StochasticRandom rng)
    {
        T x = T.Zero;
        for (int i = 0; i < Steps; i++)
        {
            T up = rng.Bernoulli(T.Exp(-x / p));
            x += up + up - T.One;
        }

        return x * x;
    }

    /// <inheritdoc/>
    public override double? ExactMean(double p) => IsValid(p) ? ExactMeanOfSquare(Steps, p) : null;

    /// <summary>dE[X²]/dp by a central difference (h = 1e-4) of the exact mean.</summary>
    public override double? ExactDerivative(double p)
    {
        if (!IsValid(p))
        {
            return null;
        }

        const double h = 1e-4;
        return (ExactMeanOfSquare(Steps, p + h) - ExactMeanOfSquare(Steps, p - h)) / (2 * h);
    }

    /// <summary>E[X²] after <paramref name="n"/> steps, by propagating the distribution of X over 0..n.</summary>
    public static double ExactMeanOfSquare(int n, double p)
    {
        var dist = new double[n + 2];
        dist[0] = 1;
        for (int step = 0; step < n; step++)
        {
            var next = new double[n + 2];
            for (int x = 0; x <= n; x++)
            {
                if (dist[x] == 0)
                {
                    continue;
                }

                double up = Math.Min(1, Math.Exp(-x / p));
                next[x + 1] += dist[x] * up;
                if (x > 0)
                {
                    next[x - 1] += dist[x] * (1 - up);
                }
            }

            dist = next;
        }

        double mean = 0;
        for (int x = 0; x <= n; x++)
        {
            mean += dist[x] * x * x;
        }

        return mean;
    }
}
