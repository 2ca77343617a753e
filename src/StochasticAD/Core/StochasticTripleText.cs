namespace StochasticAD;

/// <summary>Text helpers shared by the scalar and the gradient triple's formatting.</summary>
internal static class StochasticTripleText
{
    /// <summary>Copies <paramref name="text"/> into <paramref name="destination"/> if it fits (ISpanFormattable's contract: nothing written otherwise).</summary>
    internal static bool TryCopy(string text, Span<char> destination, out int charsWritten)
    {
        bool fits = text.AsSpan().TryCopyTo(destination);
        charsWritten = fits ? text.Length : 0;
        return fits;
    }
}
