using System.Numerics;

namespace StochasticAD.Filtering;

/// <summary>A 2-vector over any number type: just enough linear algebra for the 2-D filters.</summary>
internal readonly record struct Vec2<T>(T X, T Y) where T : INumber<T>
{
    public static Vec2<T> operator +(Vec2<T> a, Vec2<T> b) => new(a.X + b.X, a.Y + b.Y);

    public static Vec2<T> operator -(Vec2<T> a, Vec2<T> b) => new(a.X - b.X, a.Y - b.Y);

    public T Dot(Vec2<T> other) => (X * other.X) + (Y * other.Y);
}

/// <summary>A 2×2 matrix [[A, B], [C, D]] over any number type (row-major, like the Φ entries of the filters).</summary>
internal readonly record struct Mat2<T>(T A, T B, T C, T D) where T : INumber<T>
{
    public static Mat2<T> Identity => new(T.One, T.Zero, T.Zero, T.One);

    /// <summary>The matrix of row-major entries [Φ₁₁, Φ₁₂, Φ₂₁, Φ₂₂].</summary>
    public static Mat2<T> FromRowMajor(ReadOnlySpan<T> entries) => new(entries[0], entries[1], entries[2], entries[3]);

    public static Mat2<T> Scalar(T s) => new(s, T.Zero, T.Zero, s);

    public static Mat2<T> operator +(Mat2<T> a, Mat2<T> b) => new(a.A + b.A, a.B + b.B, a.C + b.C, a.D + b.D);

    public static Mat2<T> operator -(Mat2<T> a, Mat2<T> b) => new(a.A - b.A, a.B - b.B, a.C - b.C, a.D - b.D);

    public static Mat2<T> operator *(Mat2<T> a, Mat2<T> b) => new(
        (a.A * b.A) + (a.B * b.C), (a.A * b.B) + (a.B * b.D),
        (a.C * b.A) + (a.D * b.C), (a.C * b.B) + (a.D * b.D));

    public static Vec2<T> operator *(Mat2<T> a, Vec2<T> v) => new((a.A * v.X) + (a.B * v.Y), (a.C * v.X) + (a.D * v.Y));

    public Mat2<T> Transpose() => new(A, C, B, D);

    public T Determinant() => (A * D) - (B * C);

    /// <summary>The inverse; the caller guarantees a non-singular matrix (covariances here are ≥ R &gt; 0).</summary>
    public Mat2<T> Inverse()
    {
        T det = Determinant();
        return new(D / det, -B / det, -C / det, A / det);
    }
}
