using System.Globalization;

namespace StochasticAD.Distributions;

/// <summary>
/// Thrown when a discrete draw's value does not fit the <c>int</c> it is returned as (e.g.
/// <c>Poisson(3e9)</c>, <c>Geometric(1e-300)</c>): the library refuses rather than return a
/// clamped value from the wrong distribution.
/// </summary>
public sealed class DrawOverflowException : OverflowException
{
    /// <summary>Creates the exception for the draw of <paramref name="distribution"/> whose parameter <paramref name="parameterName"/> has the value <paramref name="parameterValue"/>.</summary>
    /// <param name="distribution">The distribution's name, e.g. <c>Poisson</c>.</param>
    /// <param name="parameterName">The parameter that makes the draw too large, e.g. <c>lambda</c>.</param>
    /// <param name="parameterValue">Its value.</param>
    /// <param name="draw">The value that was drawn (or the first candidate past int.MaxValue).</param>
    public DrawOverflowException(string distribution, string parameterName, double parameterValue, double draw)
        : base(string.Create(
            CultureInfo.InvariantCulture,
            $"The {distribution} draw with {parameterName} = {parameterValue:R} is {draw:R}, more than int.MaxValue = {int.MaxValue}: " +
            $"the draw does not fit an int. Choose {parameterName} so that the draws stay below 2^31 (rescale the model's counts)."))
    {
        Distribution = distribution;
        ParamName = parameterName;
        ParameterValue = parameterValue;
        Draw = draw;
    }

    /// <summary>The distribution's name.</summary>
    public string Distribution { get; }

    /// <summary>The parameter that makes the draw too large.</summary>
    public string ParamName { get; }

    /// <summary>The parameter's value.</summary>
    public double ParameterValue { get; }

    /// <summary>The drawn value that does not fit.</summary>
    public double Draw { get; }
}
