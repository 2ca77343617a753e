namespace StochasticAD;

/// <summary>
/// A model that states the valid range of its parameter. The estimation engine (<see cref="Estimator"/>)
/// checks p against it before the first run, so that an invalid p fails with an
/// <see cref="ArgumentOutOfRangeException"/> naming p and the range, rather than with whatever a
/// draw computed from it reports.
/// </summary>
/// <remarks>
/// Optional: implement it next to <see cref="IStochasticModel"/> when the model has a range. The
/// built-in models (package StochasticAD.Models) do.
/// </remarks>
public interface IParameterRange
{
    /// <summary>Whether <paramref name="p"/> is a valid parameter (described by <see cref="Range"/>).</summary>
    /// <param name="p">The parameter.</param>
    /// <returns>True when the model can run at p.</returns>
    bool IsValid(double p);

    /// <summary>The valid range of p in words, for messages, e.g. "0 &lt; p &lt; 1".</summary>
    string Range { get; }
}
