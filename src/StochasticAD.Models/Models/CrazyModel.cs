using StochasticAD.Random;

namespace StochasticAD.Models;

/// <summary>
/// The "crazy" program of the paper (samples/Quickstart, method §10): a = p(1 − p); b ~ Binomial(10, p);
/// c = 2b + 3·Bernoulli(p); X = a·c·Normal(b, a). E[X] = p(1 − p)(20p + 210p²).
/// </summary>
public sealed class CrazyModel : StochasticModel
{
    /// <inheritdoc/>
    public override string Name => "crazy";

    /// <inheritdoc/>
    public override string Description => "a = p(1-p); b ~ Binomial(10, p); c = 2b + 3 Bernoulli(p); X = a c Normal(b, a)";

    /// <inheritdoc/>
    public override double DefaultP => 0.6;

    /// <inheritdoc/>
    public override bool IsValid(double p) => p > 0 && p < 1;

    /// <inheritdoc/>
    public override string Range => "0 < p < 1";

    /// <inheritdoc/>
    public override T Run<T>(T p, StochasticRandom rng)
    {
        var a = p * (T.One - p);
        var b = rng.Binomial(10, p);
        var c = (T.CreateChecked(2) * b) + (T.CreateChecked(3) * rng.Bernoulli(p));
        return a * c * rng.Normal(b, a);
    }

    /// <inheritdoc/>
    public override double? ExactMean(double p, CancellationToken cancellationToken = default) => IsValid(p) ? p * (1 - p) * ((20 * p) + (210 * p * p)) : null;

    /// <summary>d/dp of 20p² + 190p³ − 210p⁴.</summary>
    public override double? ExactDerivative(double p, CancellationToken cancellationToken = default) => IsValid(p) ? (40 * p) + (570 * p * p) - (840 * p * p * p) : null;
}
