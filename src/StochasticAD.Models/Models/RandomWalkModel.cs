using System.Globalization;
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
    public override double? ExactMean(double p, CancellationToken cancellationToken = default) =>
        IsValid(p) ? ExactMeanOfSquareAndDerivative(Steps, p, cancellationToken).Mean : null;

    /// <summary>dE[X²]/dp, exact: the distribution of X and its derivative in p are propagated together (forward mode, method §10).</summary>
    public override double? ExactDerivative(double p, CancellationToken cancellationToken = default) =>
        IsValid(p) ? ExactMeanOfSquareAndDerivative(Steps, p, cancellationToken).Derivative : null;

    /// <summary>E[X²] after <paramref name="n"/> steps, by propagating the distribution of X over 0..n.</summary>
    public static double ExactMeanOfSquare(int n, double p) => ExactMeanOfSquareAndDerivative(n, p).Mean;

    /// <summary>
    /// E[X²] after <paramref name="n"/> steps and its exact derivative in p: the distribution of X over
    /// 0..n is propagated together with its derivative (a dual number per state, written out as two arrays).
    /// </summary>
    /// <param name="n">The number of steps.</param>
    /// <param name="p">The parameter, &gt; 0.</param>
    /// <param name="cancellationToken">Checked once per step (the cost is O(n²)).</param>
    public static (double Mean, double Derivative) ExactMeanOfSquareAndDerivative(int n, double p, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (!(p > 0 && double.IsFinite(p)))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, string.Create(CultureInfo.InvariantCulture, $"p must be finite and > 0, but is {p}."));
        }

        var dist = new double[n + 2];
        var slope = new double[n + 2];
        var next = new double[n + 2];
        var nextSlope = new double[n + 2];
        dist[0] = 1;

        // Highest state with non-zero mass or slope: far up, exp(−x/p) products underflow to exactly 0,
        // so for long walks the loop covers a narrow band instead of all 0..n.
        int top = 0;
        for (int step = 0; step < n; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int nextTop = Math.Min(n, top + 1);
            Array.Clear(next, 0, nextTop + 1);
            Array.Clear(nextSlope, 0, nextTop + 1);
            top = -1;

            // After `step` steps X ≡ step (mod 2): only those states can hold mass.
            for (int x = step % 2; x < nextTop; x += 2)
            {
                double mass = dist[x], dMass = slope[x];
                if (mass == 0 && dMass == 0)
                {
                    continue;
                }

                top = x + 1;

                // up = exp(−x/p) (1 at x = 0); d up/dp = up·x/p², written so that it cannot overflow when up underflows to 0.
                double up = Math.Exp(-x / p);
                double dUp = up == 0 ? 0 : up * (x / p) / p;
                next[x + 1] += mass * up;
                nextSlope[x + 1] += (dMass * up) + (mass * dUp);
                if (x > 0)
                {
                    next[x - 1] += mass * (1 - up);
                    nextSlope[x - 1] += (dMass * (1 - up)) - (mass * dUp);
                }
            }

            (dist, next) = (next, dist);
            (slope, nextSlope) = (nextSlope, slope);
            top = Math.Max(top, 0);
        }

        // Entries above top are left over from earlier steps (the arrays are reused), not states.
        double mean = 0, derivative = 0;
        for (int x = 0; x <= top; x++)
        {
            mean += dist[x] * x * x;
            derivative += slope[x] * x * x;
        }

        return (mean, derivative);
    }
}
