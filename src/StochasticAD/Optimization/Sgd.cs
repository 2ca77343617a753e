using System.Globalization;

namespace StochasticAD.Optimization;

/// <summary>
/// Stochastic gradient descent, optionally with (heavy-ball) momentum:
/// v ← μ·v + g; θ ← θ − η·v. With μ = 0 it is the plain step θ ← θ − η·g.
/// </summary>
public sealed class Sgd : IStepRule
{
    private double[] _velocity = [];

    /// <summary>A rule with learning rate η and momentum μ.</summary>
    /// <param name="learningRate">η, finite and &gt; 0.</param>
    /// <param name="momentum">μ in [0, 1); 0 (the default) for plain SGD.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of its range (the exception names it and its value).</exception>
    public Sgd(double learningRate, double momentum = 0)
    {
        LearningRate = HyperParameter.Positive(learningRate, nameof(learningRate));
        Momentum = HyperParameter.UnitInterval(momentum, nameof(momentum));
    }

    /// <summary>The learning rate η.</summary>
    public double LearningRate { get; }

    /// <summary>The momentum μ.</summary>
    public double Momentum { get; }

    /// <inheritdoc/>
    public string Name => Momentum == 0
        ? string.Create(CultureInfo.InvariantCulture, $"SGD(η={LearningRate})")
        : string.Create(CultureInfo.InvariantCulture, $"SGD(η={LearningRate}, μ={Momentum})");

    /// <inheritdoc/>
    public void Reset(int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dimension);
        _velocity = new double[dimension];
    }

    /// <inheritdoc/>
    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient)
    {
        HyperParameter.SameLength(_velocity.Length, parameters.Length, gradient.Length);
        for (int i = 0; i < parameters.Length; i++)
        {
            _velocity[i] = (Momentum * _velocity[i]) + gradient[i];
            parameters[i] -= LearningRate * _velocity[i];
        }
    }
}
