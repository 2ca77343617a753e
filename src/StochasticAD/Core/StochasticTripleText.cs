namespace StochasticAD;

/// <summary>Text helpers shared by the scalar and the gradient triple: formatting and error messages.</summary>
internal static class StochasticTripleText
{
    /// <summary>Copies <paramref name="text"/> into <paramref name="destination"/> if it fits (ISpanFormattable's contract: nothing written otherwise).</summary>
    internal static bool TryCopy(string text, Span<char> destination, out int charsWritten)
    {
        bool fits = text.AsSpan().TryCopyTo(destination);
        charsWritten = fits ? text.Length : 0;
        return fits;
    }

    /// <summary>The error of a checked conversion of a triple that carries a derivative (dual part or live jump).</summary>
    internal static InvalidOperationException CheckedConversionWouldDropDerivative(string triple, Type target) => new(
        $"Converting the stochastic triple {triple} to {target.Name} with a checked conversion would drop its " +
        "derivative. Read .Value for the primal value or .Derivative for the estimate; use CreateTruncating to drop " +
        "the derivative on purpose.");
}
