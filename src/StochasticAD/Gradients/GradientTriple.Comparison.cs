namespace StochasticAD;

// Comparisons and predicates depend on the value and the jumps only, so they are the scalar
// triple's, asked of the scalar triple with the same value and jumps (method §9: a comparison
// whose outcome differs on a jump's path throws).
public readonly partial struct GradientTriple<TJumps, TPartials>
{
    /// <summary>Whether left &lt; right on every path.</summary>
    /// <exception cref="PredicateDependsOnJumpException">A jump changes the outcome.</exception>
    public static bool operator <(GradientTriple<TJumps, TPartials> left, GradientTriple<TJumps, TPartials> right) => left.ToScalar() < right.ToScalar();

    /// <summary>Whether left &gt; right on every path.</summary>
    /// <exception cref="PredicateDependsOnJumpException">A jump changes the outcome.</exception>
    public static bool operator >(GradientTriple<TJumps, TPartials> left, GradientTriple<TJumps, TPartials> right) => left.ToScalar() > right.ToScalar();

    /// <summary>Whether left ≤ right on every path.</summary>
    /// <exception cref="PredicateDependsOnJumpException">A jump changes the outcome.</exception>
    public static bool operator <=(GradientTriple<TJumps, TPartials> left, GradientTriple<TJumps, TPartials> right) => left.ToScalar() <= right.ToScalar();

    /// <summary>Whether left ≥ right on every path.</summary>
    /// <exception cref="PredicateDependsOnJumpException">A jump changes the outcome.</exception>
    public static bool operator >=(GradientTriple<TJumps, TPartials> left, GradientTriple<TJumps, TPartials> right) => left.ToScalar() >= right.ToScalar();

    /// <summary>Whether the values are equal on every path (the partials are not compared).</summary>
    /// <exception cref="PredicateDependsOnJumpException">A jump changes the outcome.</exception>
    public static bool operator ==(GradientTriple<TJumps, TPartials> left, GradientTriple<TJumps, TPartials> right) => left.ToScalar() == right.ToScalar();

    /// <summary>Whether the values differ on every path.</summary>
    /// <exception cref="PredicateDependsOnJumpException">A jump changes the outcome.</exception>
    public static bool operator !=(GradientTriple<TJumps, TPartials> left, GradientTriple<TJumps, TPartials> right) => left.ToScalar() != right.ToScalar();

    /// <summary>Compares the values; throws if a jump changes the order.</summary>
    /// <exception cref="PredicateDependsOnJumpException">A jump changes the order.</exception>
    public int CompareTo(GradientTriple<TJumps, TPartials> other) => ToScalar().CompareTo(other.ToScalar());

    /// <inheritdoc/>
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        GradientTriple<TJumps, TPartials> other => CompareTo(other),
        double d => CompareTo(new GradientTriple<TJumps, TPartials>(d)),
        _ => throw new ArgumentException($"Cannot compare a gradient triple with an object of type {obj.GetType()}.", nameof(obj)),
    };

    /// <inheritdoc/>
    public static bool IsCanonical(GradientTriple<TJumps, TPartials> value) => true;

    /// <inheritdoc/>
    public static bool IsComplexNumber(GradientTriple<TJumps, TPartials> value) => false;

    /// <inheritdoc/>
    public static bool IsImaginaryNumber(GradientTriple<TJumps, TPartials> value) => false;

    /// <inheritdoc/>
    public static bool IsRealNumber(GradientTriple<TJumps, TPartials> value) => StochasticTriple<TJumps>.IsRealNumber(value.ToScalar());

    /// <inheritdoc/>
    public static bool IsEvenInteger(GradientTriple<TJumps, TPartials> value) => StochasticTriple<TJumps>.IsEvenInteger(value.ToScalar());

    /// <inheritdoc/>
    public static bool IsOddInteger(GradientTriple<TJumps, TPartials> value) => StochasticTriple<TJumps>.IsOddInteger(value.ToScalar());

    /// <inheritdoc/>
    public static bool IsInteger(GradientTriple<TJumps, TPartials> value) => StochasticTriple<TJumps>.IsInteger(value.ToScalar());

    /// <inheritdoc/>
    public static bool IsFinite(GradientTriple<TJumps, TPartials> value) => StochasticTriple<TJumps>.IsFinite(value.ToScalar());

    /// <inheritdoc/>
    public static bool IsInfinity(GradientTriple<TJumps, TPartials> value) => StochasticTriple<TJumps>.IsInfinity(value.ToScalar());

    /// <inheritdoc/>
    public static bool IsNaN(GradientTriple<TJumps, TPartials> value) => StochasticTriple<TJumps>.IsNaN(value.ToScalar());

    /// <inheritdoc/>
    public static bool IsNegative(GradientTriple<TJumps, TPartials> value) => StochasticTriple<TJumps>.IsNegative(value.ToScalar());

    /// <inheritdoc/>
    public static bool IsNegativeInfinity(GradientTriple<TJumps, TPartials> value) => StochasticTriple<TJumps>.IsNegativeInfinity(value.ToScalar());

    /// <inheritdoc/>
    public static bool IsPositive(GradientTriple<TJumps, TPartials> value) => StochasticTriple<TJumps>.IsPositive(value.ToScalar());

    /// <inheritdoc/>
    public static bool IsPositiveInfinity(GradientTriple<TJumps, TPartials> value) => StochasticTriple<TJumps>.IsPositiveInfinity(value.ToScalar());

    /// <inheritdoc/>
    public static bool IsNormal(GradientTriple<TJumps, TPartials> value) => StochasticTriple<TJumps>.IsNormal(value.ToScalar());

    /// <inheritdoc/>
    public static bool IsSubnormal(GradientTriple<TJumps, TPartials> value) => StochasticTriple<TJumps>.IsSubnormal(value.ToScalar());

    /// <inheritdoc/>
    public static bool IsZero(GradientTriple<TJumps, TPartials> value) => StochasticTriple<TJumps>.IsZero(value.ToScalar());
}
