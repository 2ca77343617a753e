namespace StochasticAD.Optimization;

/// <summary>
/// An update rule of first-order stochastic optimisation (<see cref="Sgd"/>, <see cref="Adam"/>):
/// given a gradient estimate, moves the parameters one step downhill. The rule keeps its own
/// state (momentum, moment estimates) between steps; <see cref="Reset"/> clears it.
/// </summary>
public interface IStepRule
{
    /// <summary>A short name with the hyper-parameters, for reports and legends.</summary>
    string Name { get; }

    /// <summary>Clears the state and sizes it for <paramref name="dimension"/> parameters; <see cref="Optimizer"/> calls it before the first step.</summary>
    /// <param name="dimension">The number of parameters.</param>
    void Reset(int dimension);

    /// <summary>One descent step: updates <paramref name="parameters"/> in place against <paramref name="gradient"/>.</summary>
    /// <param name="parameters">The parameters (length = the dimension given to <see cref="Reset"/>).</param>
    /// <param name="gradient">The gradient estimate of the objective being minimised, at <paramref name="parameters"/>.</param>
    /// <exception cref="ArgumentException">The lengths differ from the dimension given to <see cref="Reset"/>.</exception>
    void Step(Span<double> parameters, ReadOnlySpan<double> gradient);
}

/// <summary>Checks of hyper-parameters shared by the rules: each failure names the parameter and its value.</summary>
internal static class HyperParameter
{
    public static double Positive(double value, string name) =>
        value > 0 && double.IsFinite(value)
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and > 0, but is {value}.");

    public static double UnitInterval(double value, string name) =>
        value >= 0 && value < 1
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1), but is {value}.");

    public static void SameLength(int dimension, int parameters, int gradient)
    {
        if (parameters != dimension || gradient != dimension)
        {
            throw new ArgumentException(
                $"The rule was reset for {dimension} parameters but got {parameters} parameters and a gradient of length {gradient}; call Reset first.");
        }
    }
}
