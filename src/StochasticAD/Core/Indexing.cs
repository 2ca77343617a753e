using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using StochasticAD.Random;

namespace StochasticAD;

/// <summary>
/// Indexing by a random integer, for model code generic over T. With a triple index, the
/// result's jumps are the differences between the element the jump's path selects and the
/// element the primal path selects, so a random choice of *which* item (agent, cell,
/// category) keeps its derivative.
/// </summary>
public static class Indexing
{
    /// <summary>values[index] for a whole-number index.</summary>
    /// <param name="values">The elements (plain numbers).</param>
    /// <param name="index">A whole number in [0, values.Length) on every path; with a triple, a discrete value (dual part 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">The index is not whole or out of range (on any path).</exception>
    /// <exception cref="ArgumentException">A triple index has a non-zero dual part: indexing is not differentiable in a continuous index.</exception>
    public static T At<T>(ReadOnlySpan<double> values, T index) where T : INumber<T>
    {
        if (typeof(T) == typeof(double))
        {
            return StochasticRandom.FromDouble<T>(values[CheckIndex(StochasticRandom.AsDouble(index), values.Length)]);
        }

        return DrawRules<T>.Instance.At(values, index);
    }

    /// <summary>values[index] where the elements are themselves numbers of the model (e.g. triples, possibly including the index itself).</summary>
    /// <inheritdoc cref="At{T}(ReadOnlySpan{double}, T)"/>
    public static T At<T>(ReadOnlySpan<T> values, T index) where T : INumber<T>
    {
        if (typeof(T) == typeof(double))
        {
            return values[CheckIndex(StochasticRandom.AsDouble(index), values.Length)];
        }

        return DrawRules<T>.Instance.At(values, index);
    }

    /// <summary>values[index] for an array of elements; see <see cref="At{T}(ReadOnlySpan{T}, T)"/>.</summary>
    public static T At<T>(T[] values, T index) where T : INumber<T> => At<T>(values.AsSpan(), index);

    /// <summary>values[index] for an array of plain numbers; see <see cref="At{T}(ReadOnlySpan{double}, T)"/>.</summary>
    public static T At<T>(double[] values, T index) where T : INumber<T> => At(values.AsSpan(), index);

    internal static int CheckIndex(double index, int length, string name = "index")
    {
        if (!(index >= 0) || index >= length || Math.Floor(index) != index)
        {
            ThrowBadIndex(index, length, name);
        }

        return (int)index;
    }

    // Out of line: CheckIndex runs on every lookup, the message only on failure.
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowBadIndex(double index, int length, string name) =>
        throw new ArgumentOutOfRangeException(name, index, $"The {name} must be a whole number in [0, {length}), but is {index}.");
}
