using System.Globalization;

namespace StochasticAD.Optimization;

/// <summary>
/// Adam (Kingma and Ba, 2015): exponential averages m and v of the gradient and its square,
/// bias-corrected, and the step θ ← θ − η·m̂ / (√v̂ + ε). The defaults are those of the paper
/// (and of Optimisers.jl's <c>Adam()</c>, which the StochasticAD.jl tutorials use).
/// </summary>
public sealed class Adam : IStepRule
{
    private double[] _m = [];
    private double[] _v = [];
    private double _beta1Power = 1;
    private double _beta2Power = 1;

    /// <summary>A rule with the given hyper-parameters.</summary>
    /// <param name="learningRate">η, finite and &gt; 0; default 0.001.</param>
    /// <param name="beta1">The decay β1 of the first moment, in [0, 1); default 0.9.</param>
    /// <param name="beta2">The decay β2 of the second moment, in [0, 1); default 0.999.</param>
    /// <param name="epsilon">ε, finite and &gt; 0, keeps the step finite where v̂ ≈ 0; default 1e-8.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of its range (the exception names it and its value).</exception>
    public Adam(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        LearningRate = HyperParameter.Positive(learningRate, nameof(learningRate));
        Beta1 = HyperParameter.UnitInterval(beta1, nameof(beta1));
        Beta2 = HyperParameter.UnitInterval(beta2, nameof(beta2));
        Epsilon = HyperParameter.Positive(epsilon, nameof(epsilon));
    }

    /// <summary>The learning rate η.</summary>
    public double LearningRate { get; }

    /// <summary>The decay of the first moment.</summary>
    public double Beta1 { get; }

    /// <summary>The decay of the second moment.</summary>
    public double Beta2 { get; }

    /// <summary>The ε added to √v̂.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    public string Name => string.Create(CultureInfo.InvariantCulture, $"Adam(η={LearningRate})");

    /// <inheritdoc/>
    public void Reset(int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dimension);
        _m = new double[dimension];
        _v = new double[dimension];
        _beta1Power = 1;
        _beta2Power = 1;
    }

    /// <inheritdoc/>
    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient)
    {
        HyperParameter.SameLength(_m.Length, parameters.Length, gradient.Length);
        _beta1Power *= Beta1;
        _beta2Power *= Beta2;
        for (int i = 0; i < parameters.Length; i++)
        {
            double g = gradient[i];
            _m[i] = (Beta1 * _m[i]) + ((1 - Beta1) * g);
            _v[i] = (Beta2 * _v[i]) + ((1 - Beta2) * g * g);

            // The averages start at 0, so early on they are biased towards 0 by the factor 1 − βᵗ.
            double mHat = _m[i] / (1 - _beta1Power);
            double vHat = _v[i] / (1 - _beta2Power);
            parameters[i] -= LearningRate * mHat / (Math.Sqrt(vHat) + Epsilon);
        }
    }
}
