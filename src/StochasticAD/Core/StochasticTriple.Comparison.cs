using System.Globalization;
using StochasticAD.Backends;

namespace StochasticAD;

// Comparisons and predicates return bool, which cannot carry a jump. Each one is therefore
// evaluated on the primal path and on every jump's path; if the answers differ the program's
// derivative would silently be wrong after the branch, so it throws instead (method §9).
public readonly partial struct StochasticTriple<TJumps>
{
    // ---------------------------------------------------------------- IComparisonOperators, IEqualityOperators

    /// <summary>Whether left &lt; right on every path.</summary>
    /// <exception cref="PredicateDependsOnJumpException">A jump changes the outcome.</exception>
    public static bool operator <(StochasticTriple<TJumps> left, StochasticTriple<TJumps> right) => Compare(Relation.Less, left, right);

    /// <summary>Whether left &gt; right on every path.</summary>
    /// <exception cref="PredicateDependsOnJumpException">A jump changes the outcome.</exception>
    public static bool operator >(StochasticTriple<TJumps> left, StochasticTriple<TJumps> right) => Compare(Relation.Greater, left, right);

    /// <summary>Whether left ≤ right on every path.</summary>
    /// <exception cref="PredicateDependsOnJumpException">A jump changes the outcome.</exception>
    public static bool operator <=(StochasticTriple<TJumps> left, StochasticTriple<TJumps> right) => Compare(Relation.LessOrEqual, left, right);

    /// <summary>Whether left ≥ right on every path.</summary>
    /// <exception cref="PredicateDependsOnJumpException">A jump changes the outcome.</exception>
    public static bool operator >=(StochasticTriple<TJumps> left, StochasticTriple<TJumps> right) => Compare(Relation.GreaterOrEqual, left, right);

    /// <summary>Whether the values are equal on every path (the dual parts are not compared, as for dual numbers).</summary>
    /// <exception cref="PredicateDependsOnJumpException">A jump changes the outcome.</exception>
    public static bool operator ==(StochasticTriple<TJumps> left, StochasticTriple<TJumps> right) => Compare(Relation.Equal, left, right);

    /// <summary>Whether the values differ on every path.</summary>
    /// <exception cref="PredicateDependsOnJumpException">A jump changes the outcome.</exception>
    public static bool operator !=(StochasticTriple<TJumps> left, StochasticTriple<TJumps> right) => Compare(Relation.NotEqual, left, right);

    // ---------------------------------------------------------------- IComparable

    /// <summary>Compares the values; throws if a jump changes the order.</summary>
    /// <exception cref="PredicateDependsOnJumpException">A jump changes the order.</exception>
    public int CompareTo(StochasticTriple<TJumps> other)
    {
        int primal = _value.CompareTo(other._value);
        DifferentiationRun.Merge(_run, other._run);
        var check = new BinaryCheck(Relation.Order, _value, other._value, primal);
        return TJumps.All2(_jumps, other._jumps, ref check) ? primal : throw check.Failure();
    }

    /// <inheritdoc/>
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        StochasticTriple<TJumps> other => CompareTo(other),
        double d => CompareTo(new StochasticTriple<TJumps>(d)),
        _ => throw new ArgumentException($"Cannot compare a stochastic triple with an object of type {obj.GetType()}.", nameof(obj)),
    };

    // ---------------------------------------------------------------- INumberBase: classification

    /// <inheritdoc/>
    public static bool IsCanonical(StochasticTriple<TJumps> value) => true;

    /// <inheritdoc/>
    public static bool IsComplexNumber(StochasticTriple<TJumps> value) => false;

    /// <inheritdoc/>
    public static bool IsImaginaryNumber(StochasticTriple<TJumps> value) => false;

    /// <inheritdoc/>
    public static bool IsRealNumber(StochasticTriple<TJumps> value) => Ask(UnaryQuestion.IsRealNumber, value);

    /// <inheritdoc/>
    public static bool IsEvenInteger(StochasticTriple<TJumps> value) => Ask(UnaryQuestion.IsEvenInteger, value);

    /// <inheritdoc/>
    public static bool IsOddInteger(StochasticTriple<TJumps> value) => Ask(UnaryQuestion.IsOddInteger, value);

    /// <inheritdoc/>
    public static bool IsInteger(StochasticTriple<TJumps> value) => Ask(UnaryQuestion.IsInteger, value);

    /// <inheritdoc/>
    public static bool IsFinite(StochasticTriple<TJumps> value) => Ask(UnaryQuestion.IsFinite, value);

    /// <inheritdoc/>
    public static bool IsInfinity(StochasticTriple<TJumps> value) => Ask(UnaryQuestion.IsInfinity, value);

    /// <inheritdoc/>
    public static bool IsNaN(StochasticTriple<TJumps> value) => Ask(UnaryQuestion.IsNaN, value);

    /// <inheritdoc/>
    public static bool IsNegative(StochasticTriple<TJumps> value) => Ask(UnaryQuestion.IsNegative, value);

    /// <inheritdoc/>
    public static bool IsNegativeInfinity(StochasticTriple<TJumps> value) => Ask(UnaryQuestion.IsNegativeInfinity, value);

    /// <inheritdoc/>
    public static bool IsPositive(StochasticTriple<TJumps> value) => Ask(UnaryQuestion.IsPositive, value);

    /// <inheritdoc/>
    public static bool IsPositiveInfinity(StochasticTriple<TJumps> value) => Ask(UnaryQuestion.IsPositiveInfinity, value);

    /// <inheritdoc/>
    public static bool IsNormal(StochasticTriple<TJumps> value) => Ask(UnaryQuestion.IsNormal, value);

    /// <inheritdoc/>
    public static bool IsSubnormal(StochasticTriple<TJumps> value) => Ask(UnaryQuestion.IsSubnormal, value);

    /// <inheritdoc/>
    public static bool IsZero(StochasticTriple<TJumps> value) => Ask(UnaryQuestion.IsZero, value);

    // ---------------------------------------------------------------- the checks

    private enum Relation { Less, Greater, LessOrEqual, GreaterOrEqual, Equal, NotEqual, Order }

    private enum UnaryQuestion
    {
        Sign, IsRealNumber, IsEvenInteger, IsOddInteger, IsInteger, IsFinite, IsInfinity, IsNaN, IsNegative,
        IsNegativeInfinity, IsPositive, IsPositiveInfinity, IsNormal, IsSubnormal, IsZero,
    }

    private static bool Compare(Relation relation, in StochasticTriple<TJumps> left, in StochasticTriple<TJumps> right)
    {
        DifferentiationRun.Merge(left._run, right._run);
        int primal = BinaryCheck.Evaluate(relation, left._value, right._value);
        var check = new BinaryCheck(relation, left._value, right._value, primal);
        return TJumps.All2(left._jumps, right._jumps, ref check) ? primal != 0 : throw check.Failure();
    }

    private static bool Ask(UnaryQuestion question, in StochasticTriple<TJumps> value)
    {
        int primal = UnaryCheck.Evaluate(question, value._value);
        var check = new UnaryCheck(question, value._value, primal);
        return TJumps.All2(value._jumps, default, ref check) ? primal != 0 : throw check.Failure(question.ToString());
    }

    /// <summary>Asks a relation of the two operands on each path; remembers the first path whose answer differs.</summary>
    private struct BinaryCheck(Relation relation, double x, double y, int primal) : IJumpPredicate2
    {
        private double _failX = double.NaN;
        private double _failY = double.NaN;

        public bool Holds(double deltaX, double deltaY)
        {
            if (Evaluate(relation, x + deltaX, y + deltaY) == primal)
            {
                return true;
            }

            _failX = x + deltaX;
            _failY = y + deltaY;
            return false;
        }

        public static int Evaluate(Relation relation, double a, double b) => relation switch
        {
            Relation.Less => a < b ? 1 : 0,
            Relation.Greater => a > b ? 1 : 0,
            Relation.LessOrEqual => a <= b ? 1 : 0,
            Relation.GreaterOrEqual => a >= b ? 1 : 0,
            Relation.Equal => a == b ? 1 : 0,
            Relation.NotEqual => a != b ? 1 : 0,
            _ => a.CompareTo(b),
        };

        public readonly PredicateDependsOnJumpException Failure()
        {
            string name = relation switch
            {
                Relation.Less => "<",
                Relation.Greater => ">",
                Relation.LessOrEqual => "<=",
                Relation.GreaterOrEqual => ">=",
                Relation.Equal => "==",
                Relation.NotEqual => "!=",
                _ => "CompareTo",
            };
            return new PredicateDependsOnJumpException(
                name, relation == Relation.Order ? primal > 0 : primal != 0,
                string.Create(CultureInfo.InvariantCulture, $"{x}, {y}"),
                string.Create(CultureInfo.InvariantCulture, $"{_failX}, {_failY}"));
        }
    }

    /// <summary>Asks a question of one operand on each path; remembers the first path whose answer differs.</summary>
    private struct UnaryCheck(UnaryQuestion question, double x, int primal) : IJumpPredicate2
    {
        private double _fail = double.NaN;

        public bool Holds(double deltaX, double deltaY)
        {
            if (Evaluate(question, x + deltaX) == primal)
            {
                return true;
            }

            _fail = x + deltaX;
            return false;
        }

        public static int Evaluate(UnaryQuestion question, double v) => question switch
        {
            UnaryQuestion.Sign => Math.Sign(v),
            UnaryQuestion.IsRealNumber => double.IsRealNumber(v) ? 1 : 0,
            UnaryQuestion.IsEvenInteger => double.IsEvenInteger(v) ? 1 : 0,
            UnaryQuestion.IsOddInteger => double.IsOddInteger(v) ? 1 : 0,
            UnaryQuestion.IsInteger => double.IsInteger(v) ? 1 : 0,
            UnaryQuestion.IsFinite => double.IsFinite(v) ? 1 : 0,
            UnaryQuestion.IsInfinity => double.IsInfinity(v) ? 1 : 0,
            UnaryQuestion.IsNaN => double.IsNaN(v) ? 1 : 0,
            UnaryQuestion.IsNegative => double.IsNegative(v) ? 1 : 0,
            UnaryQuestion.IsNegativeInfinity => double.IsNegativeInfinity(v) ? 1 : 0,
            UnaryQuestion.IsPositive => double.IsPositive(v) ? 1 : 0,
            UnaryQuestion.IsPositiveInfinity => double.IsPositiveInfinity(v) ? 1 : 0,
            UnaryQuestion.IsNormal => double.IsNormal(v) ? 1 : 0,
            UnaryQuestion.IsSubnormal => double.IsSubnormal(v) ? 1 : 0,
            _ => v == 0 ? 1 : 0,
        };

        public readonly PredicateDependsOnJumpException Failure(string name) =>
            new(name, primal != 0,
                x.ToString(CultureInfo.InvariantCulture),
                _fail.ToString(CultureInfo.InvariantCulture));
    }
}
