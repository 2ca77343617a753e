using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using StochasticAD.Backends;
using StochasticAD.Rules;

namespace StochasticAD;

/// <summary>
/// A stochastic triple (x, δ, jumps): the value of one run of a program, its almost-sure
/// derivative δ (as in a dual number), and finite jumps Δ that happen with infinitesimal
/// probability w·ε. The mean of <see cref="Derivative"/> over runs is the derivative of the
/// program's mean.
/// </summary>
/// <typeparam name="TJumps">The backend that stores, couples and prunes the jumps; <see cref="PrunedJumps"/> by default.</typeparam>
/// <remarks>
/// <para>
/// The type implements <see cref="System.Numerics.INumber{TSelf}"/> and the function
/// interfaces (exponential, logarithmic, power, root, trigonometric, hyperbolic), so model
/// code written once over <c>T : INumber&lt;T&gt;</c> runs with <c>double</c> and with triples.
/// Every elementary function propagates the dual part by its derivative and each jump by
/// evaluating the function exactly on the jump's path (method §2).
/// </para>
/// <para>
/// Deliberately not implemented: <c>IFloatingPoint</c>/<c>IFloatingPointIeee754</c> (rounding
/// such as Floor turns a continuous change into a jump the dual part cannot express, and the
/// bit-level members have no meaning for a triple), <c>IMinMaxValue</c> (a largest triple is
/// not defined), and the bitwise and shift operators.
/// </para>
/// <para>
/// Comparisons return <c>bool</c> and throw <see cref="PredicateDependsOnJumpException"/>
/// when their outcome differs on a jump's path. Triples of different differentiation runs
/// throw <see cref="MixedRunException"/> when combined.
/// </para>
/// <para>
/// Equality has two rules: <c>==</c> (like <c>&lt;</c>) compares values, on the primal path and on
/// every jump's path; <see cref="Equals(StochasticTriple{TJumps})"/> and <see cref="GetHashCode"/>
/// compare the representation (value, dual part, jumps, run), as collections need. So
/// <c>x == y</c> may hold while <c>x.Equals(y)</c> does not. A triple that carries a jump cannot be
/// hashed (<see cref="TripleWithJumpAsKeyException"/>): as a dictionary key it would never be found
/// by its value. Key by <see cref="Value"/> instead.
/// </para>
/// </remarks>
public readonly partial struct StochasticTriple<TJumps> where TJumps : struct, IJumps<TJumps>
{
    private readonly double _value;
    private readonly double _dual;
    private readonly TJumps _jumps;
    private readonly int _run; // the run's stamp (RunRegistry), 0 for constants: no object reference in the triple

    /// <summary>A constant: no dual part, no jump, no run.</summary>
    public StochasticTriple(double value)
    {
        _value = value;
    }

    internal StochasticTriple(double value, double dual, TJumps jumps, int run)
    {
        _value = value;
        _dual = dual;
        _jumps = jumps;
        _run = run;
    }

    /// <summary>A parameter of <paramref name="run"/>: value and dual part (the direction of differentiation), no jump.</summary>
    public static StochasticTriple<TJumps> Parameter(double value, double dual, DifferentiationRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new StochasticTriple<TJumps>(value, dual, default, run.Stamp);
    }

    /// <summary>The primal value x of this run.</summary>
    public double Value => _value;

    /// <summary>The almost-sure (dual) derivative δ.</summary>
    public double Dual => _dual;

    /// <summary>The jumps, as the backend stores them.</summary>
    public TJumps Jumps => _jumps;

    /// <summary>The stamp of the run this triple belongs to (0 for a constant); for the gradient triple's conversions.</summary>
    internal int RunStamp => _run;

    /// <summary>The run this triple belongs to; null for constants.</summary>
    /// <exception cref="MixedRunException">The run has ended (the triple was kept from an earlier call).</exception>
    public DifferentiationRun? Run => _run == 0 ? null : RunRegistry.Resolve(_run);

    /// <summary>The derivative estimate δ + Σ Δ·w: an unbiased estimate of the derivative of the mean.</summary>
    public double Derivative => _jumps.IsEmpty ? _dual : WithContribution(_dual, _jumps);

    // The read-out of a triple with jumps, out of line and returning the final sum: nothing of the
    // triple is live across its call. Written inline as `_dual + _jumps.Contribution`, the dual part
    // was live across the registry look-up's (cold) throw call, so the JIT spilled the triple's
    // fields at their definition — inside the caller's loop that built the triple: x × c in a loop
    // followed by `.Derivative` cost 4.6 ns per step instead of 1.9 (a store and reload on the
    // loop-carried chain).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double WithContribution(double dual, TJumps jumps) => dual + jumps.Contribution;

    /// <summary>Whether the triple carries a live jump.</summary>
    public bool HasJump => _jumps.HasJump;

    /// <summary>The live jumps (Δ, weight, event).</summary>
    public IReadOnlyList<Jump> JumpList
    {
        get
        {
            var list = new List<Jump>();
            _jumps.CopyTo(list);
            return list;
        }
    }

    /// <summary>A constant triple holding <paramref name="value"/>.</summary>
    public static implicit operator StochasticTriple<TJumps>(double value) => new(value);

    /// <summary>A constant triple holding <paramref name="value"/>.</summary>
    public static StochasticTriple<TJumps> FromDouble(double value) => new(value);

    /// <summary>
    /// Formats as <c>x + δε + (Δ with probability wε)</c>, the notation of the paper and the
    /// Julia package; numbers use <paramref name="format"/> and the invariant culture by default.
    /// </summary>
    public string ToString(string? format, IFormatProvider? formatProvider)
    {
        IFormatProvider provider = formatProvider ?? CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(_value.ToString(format, provider)).Append(" + ").Append(_dual.ToString(format, provider)).Append('ε');
        var jumps = new List<Jump>();
        _jumps.CopyTo(jumps);
        foreach (Jump j in jumps)
        {
            sb.Append(" + (").Append(j.Delta.ToString(format, provider)).Append(" with probability ")
              .Append(j.Weight.ToString(format, provider)).Append("ε)");
        }

        return sb.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => ToString(null, null);

    /// <summary>
    /// Representation equality: same value, dual part, jumps and run. This is what
    /// <see cref="object.Equals(object)"/>, hashing and collections use; the operator
    /// <c>==</c> is instead the numeric comparison of the values on every path, which throws
    /// <see cref="PredicateDependsOnJumpException"/> if a jump flips it. So
    /// <c>x == y</c> can hold while <c>x.Equals(y)</c> does not (same value, different dual
    /// parts); a triple that carries a jump cannot be hashed (see <see cref="GetHashCode"/>).
    /// </summary>
    public bool Equals(StochasticTriple<TJumps> other)
    {
        if (_value.Equals(other._value) && _dual.Equals(other._dual) && _run == other._run)
        {
            var a = new List<Jump>();
            var b = new List<Jump>();
            _jumps.CopyTo(a);
            other._jumps.CopyTo(b);
            return a.SequenceEqual(b);
        }

        return false;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is StochasticTriple<TJumps> other && Equals(other);

    /// <summary>
    /// The hash of a triple without a jump (value and dual part). A triple that carries a jump
    /// throws <see cref="TripleWithJumpAsKeyException"/>: as a dictionary key or set element it
    /// would be looked up by its whole representation, never by its value, so a key that equals
    /// another numerically would silently miss. Use <see cref="Value"/> (or a draw's integer) as the key.
    /// </summary>
    /// <exception cref="TripleWithJumpAsKeyException">The triple carries a jump.</exception>
    public override int GetHashCode() =>
        _jumps.HasJump ? throw new TripleWithJumpAsKeyException(ToString(), detail: true) : HashCode.Combine(_value, _dual);

    // ---------------------------------------------------------------------------------
    // The one rule helper. Every elementary function goes through Apply (one operand) or
    // Apply2 (two operands): the rule gives the value and the derivative; jumps are carried
    // by evaluating the rule's value exactly on the jump's path.
    // ---------------------------------------------------------------------------------

    /// <summary>Applies a unary rule: value f(x), dual f'(x)·δ, jumps f(x + Δ) − f(x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static StochasticTriple<TJumps> Apply<TRule>(StochasticTriple<TJumps> x, TRule rule = default)
        where TRule : struct, Rules.IUnaryRule
    {
        double fx = rule.Value(x._value);
        double dual = x._dual == 0 ? 0 : rule.Derivative(x._value, fx) * x._dual;
        return x._jumps.IsEmpty ? new(fx, dual, default, x._run) : Jumped(rule, fx, dual, x._run, x._jumps, x._value);
    }

    /// <summary>Applies a binary rule: value f(x, y), dual ∂ₓf·δx + ∂ᵧf·δy, jumps coupled and evaluated exactly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static StochasticTriple<TJumps> Apply2<TRule>(StochasticTriple<TJumps> x, StochasticTriple<TJumps> y, TRule rule = default)
        where TRule : struct, Rules.IBinaryRule
    {
        int run = DifferentiationRun.Merge(x._run, y._run);
        double f = rule.Value(x._value, y._value);
        double dual = 0;
        if (BinaryTraits<TRule>.ConstantPartials)
        {
            dual = (rule.PartialX(x._value, y._value, f) * x._dual) + (rule.PartialY(x._value, y._value, f) * y._dual);
        }
        else
        {
            // A zero dual part contributes nothing, even where the partial is infinite (∞·0 would be NaN).
            if (x._dual != 0)
            {
                dual = rule.PartialX(x._value, y._value, f) * x._dual;
            }

            if (y._dual != 0)
            {
                dual += rule.PartialY(x._value, y._value, f) * y._dual;
            }
        }

        return x._jumps.IsEmpty && y._jumps.IsEmpty ? new(f, dual, default, run) : Jumped(rule, f, dual, run, x._jumps, y._jumps, x._value, y._value);
    }

    /// <summary>Applies a binary rule whose second operand is a plain constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static StochasticTriple<TJumps> Apply2<TRule>(StochasticTriple<TJumps> x, double y, TRule rule = default)
        where TRule : struct, Rules.IBinaryRule
    {
        double f = rule.Value(x._value, y);
        double dual = BinaryTraits<TRule>.ConstantPartials || x._dual != 0 ? rule.PartialX(x._value, y, f) * x._dual : 0;
        return x._jumps.IsEmpty ? new(f, dual, default, x._run) : JumpedConstantRight(rule, f, dual, x._run, x._jumps, x._value, y);
    }

    /// <summary>Applies a binary rule whose first operand is a plain constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static StochasticTriple<TJumps> Apply2<TRule>(double x, StochasticTriple<TJumps> y, TRule rule = default)
        where TRule : struct, Rules.IBinaryRule
    {
        double f = rule.Value(x, y._value);
        double dual = BinaryTraits<TRule>.ConstantPartials || y._dual != 0 ? rule.PartialY(x, y._value, f) * y._dual : 0;
        return y._jumps.IsEmpty ? new(f, dual, default, y._run) : JumpedConstantLeft(rule, f, dual, y._run, y._jumps, x, y._value);
    }

    // The jump paths of the rule helpers, out of line. On the no-jump path nothing is then live
    // across a call: every xmm register is caller-saved, and a value live across the jump path's
    // call was spilled and reloaded at the join, inside the loop that carries it (an add chain on
    // triples cost 4 ns per add instead of 1). Every argument is a scalar or a 16-byte struct, so
    // all of them travel in registers. Carrying one operand's jump inline for +, −, ×, ÷ (no call on
    // either path) made x + c with a live jump 3.3× double instead of 9.6×, but the bigger operators
    // exhausted the JIT's inlining budget in a statement of several operations: x × c + exp(−x / c)
    // went from 1.25× to 3.10× (docs/devdocs.md, Performance). The out-of-line path stays.

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static StochasticTriple<TJumps> Jumped<TRule>(TRule rule, double f, double dual, int run, TJumps x, double xValue)
        where TRule : struct, Rules.IUnaryRule =>
        new(f, dual, TJumps.Map(x, new UnaryShift<TRule>(rule, xValue, f)), run);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static StochasticTriple<TJumps> Jumped<TRule>(
        TRule rule, double f, double dual, int run, TJumps x, TJumps y, double xValue, double yValue)
        where TRule : struct, Rules.IBinaryRule =>
        new(f, dual, TJumps.Map2(x, y, new BinaryShift<TRule>(rule, xValue, yValue, f)), run);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static StochasticTriple<TJumps> JumpedConstantRight<TRule>(TRule rule, double f, double dual, int run, TJumps x, double xValue, double y)
        where TRule : struct, Rules.IBinaryRule =>
        new(f, dual, TJumps.Map(x, new BinaryShiftRight<TRule>(rule, xValue, y, f)), run);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static StochasticTriple<TJumps> JumpedConstantLeft<TRule>(TRule rule, double f, double dual, int run, TJumps y, double x, double yValue)
        where TRule : struct, Rules.IBinaryRule =>
        new(f, dual, TJumps.Map(y, new BinaryShiftLeft<TRule>(rule, x, yValue, f)), run);

    /// <summary>
    /// Builds a triple from parts: the value, the dual part, and jumps made by
    /// <paramref name="jumps"/>; for draws and indexing, which compute their own jumps.
    /// </summary>
    internal static StochasticTriple<TJumps> FromParts(double value, double dual, TJumps jumps, DifferentiationRun? run) =>
        new(value, dual, jumps, run?.Stamp ?? 0);

    /// <summary>Builds a triple from parts, with the run given by its stamp.</summary>
    internal static StochasticTriple<TJumps> FromParts(double value, double dual, TJumps jumps, int run) =>
        new(value, dual, jumps, run);

    internal readonly struct UnaryShift<TRule>(TRule rule, double x, double fx) : IJumpMap where TRule : struct, Rules.IUnaryRule
    {
        public double Apply(double delta) => rule.Value(x + delta) - fx;
    }

    internal readonly struct BinaryShift<TRule>(TRule rule, double x, double y, double f) : IJumpMap2 where TRule : struct, Rules.IBinaryRule
    {
        public double Apply(double deltaX, double deltaY) => rule.Value(x + deltaX, y + deltaY) - f;
    }

    internal readonly struct BinaryShiftRight<TRule>(TRule rule, double x, double y, double f) : IJumpMap where TRule : struct, Rules.IBinaryRule
    {
        public double Apply(double delta) => rule.Value(x + delta, y) - f;
    }

    internal readonly struct BinaryShiftLeft<TRule>(TRule rule, double x, double y, double f) : IJumpMap where TRule : struct, Rules.IBinaryRule
    {
        public double Apply(double delta) => rule.Value(x, y + delta) - f;
    }
}
