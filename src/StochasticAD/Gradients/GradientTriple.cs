using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using StochasticAD.Backends;

namespace StochasticAD;

/// <summary>
/// A stochastic triple whose dual part is a chunk of K partial derivatives: one run of a program
/// differentiates it in K parameters at once (method §13). Jumps are those of the backend
/// <typeparamref name="TJumps"/>, and each event's weight is a vector: a discrete draw's
/// alternative outcome is one event shared by every parameter that pushes the draw that way, each
/// parameter with its own weight; where the parameters push different ways, the up- and the
/// down-alternative are two events.
/// </summary>
/// <typeparam name="TJumps">The backend (<see cref="PrunedJumps"/>, <see cref="ExactJumps"/>, <see cref="SmoothedJumps"/>, …).</typeparam>
/// <typeparam name="TPartials">The chunk: <see cref="Partials1"/> … <see cref="Partials16"/>.</typeparam>
/// <remarks>
/// <para>
/// The type implements the same generic-math interfaces as <see cref="StochasticTriple{TJumps}"/>,
/// so a model written over <c>T : INumber&lt;T&gt;</c> runs unchanged with it. Every elementary
/// function uses the same rule table; the dual part is the derivative times the K partials.
/// </para>
/// <para>
/// The backend sees one scalar weight per event, the vector's ‖w‖₁, and the run keeps the unit
/// direction w/‖w‖₁. Pruning therefore chooses by ‖w‖₁ and rescales the whole vector of the
/// survivor, which keeps every component unbiased. Comparisons and the classification predicates
/// are those of the scalar triple (they depend on the value and the jumps only).
/// </para>
/// </remarks>
public readonly partial struct GradientTriple<TJumps, TPartials>
    where TJumps : struct, IJumps<TJumps>
    where TPartials : struct, IPartials<TPartials>
{
    private readonly double _value;
    private readonly TPartials _partials;
    private readonly TJumps _jumps;
    private readonly int _run; // the run's stamp (RunRegistry), 0 for constants

    /// <summary>A constant: no partials, no jump, no run.</summary>
    public GradientTriple(double value)
    {
        _value = value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal GradientTriple(double value, in TPartials partials, in TJumps jumps, int run)
    {
        _value = value;
        _partials = partials;
        _jumps = jumps;
        _run = run;
    }

    /// <summary>The chunk size K: the number of parameters one pass differentiates.</summary>
    public static int Components => TPartials.Count;

    /// <summary>A parameter of <paramref name="run"/> with the given partials (its direction in each of the K components).</summary>
    /// <exception cref="ArgumentException"><paramref name="partials"/> does not have K entries.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An entry is not finite.</exception>
    public static GradientTriple<TJumps, TPartials> Parameter(double value, ReadOnlySpan<double> partials, DifferentiationRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (partials.Length != TPartials.Count)
        {
            throw new ArgumentException($"partials has {partials.Length} entries but the chunk has {TPartials.Count}.", nameof(partials));
        }

        TPartials chunk = default;
        Span<double> into = PartialsMath<TPartials>.Of(ref chunk);
        for (int i = 0; i < partials.Length; i++)
        {
            if (!double.IsFinite(partials[i]))
            {
                throw new ArgumentOutOfRangeException(nameof(partials), partials[i], $"partials[{i}] must be finite, but is {partials[i]}.");
            }

            into[i] = partials[i];
        }

        run.UseDirections(TPartials.Count);
        return new(value, chunk, default, run.Stamp);
    }

    /// <summary>The parameter number <paramref name="component"/> of the chunk: partial 1 there, 0 elsewhere; or a constant of the run when <paramref name="component"/> is −1.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="component"/> is not in −1 … K − 1.</exception>
    public static GradientTriple<TJumps, TPartials> Parameter(double value, int component, DifferentiationRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (component < -1 || component >= TPartials.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(component), component, $"component must be in -1..{TPartials.Count - 1}, but is {component}.");
        }

        TPartials chunk = default;
        if (component >= 0)
        {
            PartialsMath<TPartials>.Of(ref chunk)[component] = 1;
        }

        run.UseDirections(TPartials.Count);
        return new(value, chunk, default, run.Stamp);
    }

    /// <summary>The primal value x of this run.</summary>
    public double Value => _value;

    /// <summary>The almost-sure (dual) partial derivatives.</summary>
    public TPartials Partials => _partials;

    /// <summary>The jumps, as the backend stores them (each event's scalar weight is its weight vector's ‖w‖₁).</summary>
    public TJumps Jumps => _jumps;

    /// <summary>The run this triple belongs to; null for constants.</summary>
    /// <exception cref="MixedRunException">The run has ended.</exception>
    public DifferentiationRun? Run => _run == 0 ? null : RunRegistry.Resolve(_run);

    /// <summary>The stamp of the run (0 for constants).</summary>
    internal int RunStamp => _run;

    /// <summary>Whether the triple carries a live jump.</summary>
    public bool HasJump => _jumps.HasJump;

    /// <summary>The gradient estimate: component j is δⱼ + Σ Δ·wⱼ over the live jumps, an unbiased estimate of ∂E/∂pⱼ.</summary>
    public double[] Gradient()
    {
        var gradient = new double[TPartials.Count];
        CopyGradientTo(gradient);
        return gradient;
    }

    /// <summary>Writes the gradient estimate (K entries) into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than K.</exception>
    public void CopyGradientTo(Span<double> destination)
    {
        if (destination.Length < TPartials.Count)
        {
            throw new ArgumentException($"destination has {destination.Length} entries but the gradient has {TPartials.Count}.", nameof(destination));
        }

        PartialsMath<TPartials>.Read(_partials).CopyTo(destination);
        if (_jumps.IsEmpty)
        {
            return;
        }

        var jumps = new List<Jump>();
        _jumps.CopyTo(jumps);
        if (jumps.Count == 0)
        {
            return;
        }

        DifferentiationRun run = RunRegistry.Resolve(_run);
        foreach (Jump j in jumps)
        {
            ReadOnlySpan<double> u = run.DirectionOf(j.EventId);
            double scale = j.Delta * j.Weight;
            for (int c = 0; c < TPartials.Count; c++)
            {
                destination[c] += scale * u[c];
            }
        }
    }

    /// <summary>The live jumps with their weight vectors (Δ, w₁..w_K).</summary>
    public IReadOnlyList<(double Delta, double[] Weights)> JumpList()
    {
        var jumps = new List<Jump>();
        _jumps.CopyTo(jumps);
        var list = new List<(double, double[])>(jumps.Count);
        if (jumps.Count > 0)
        {
            DifferentiationRun run = RunRegistry.Resolve(_run);
            foreach (Jump j in jumps)
            {
                double[] w = run.DirectionOf(j.EventId).ToArray();
                for (int c = 0; c < w.Length; c++)
                {
                    w[c] *= j.Weight;
                }

                list.Add((j.Delta, w));
            }
        }

        return list;
    }

    /// <summary>The scalar triple with this value and these jumps and no dual part: what comparisons ask.</summary>
    internal StochasticTriple<TJumps> ToScalar() => StochasticTriple<TJumps>.FromParts(_value, 0, _jumps, _run);

    /// <summary>A constant triple holding <paramref name="value"/>.</summary>
    public static implicit operator GradientTriple<TJumps, TPartials>(double value) => new(value);

    /// <summary>A constant triple holding <paramref name="value"/>.</summary>
    public static GradientTriple<TJumps, TPartials> FromDouble(double value) => new(value);

    /// <summary>Formats as <c>x + (δ₁, …, δ_K)ε + (Δ with probability (w₁, …, w_K)ε)</c>, invariant culture by default.</summary>
    public string ToString(string? format, IFormatProvider? formatProvider)
    {
        IFormatProvider provider = formatProvider ?? CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(_value.ToString(format, provider)).Append(" + ");
        AppendVector(sb, PartialsMath<TPartials>.Read(_partials), format, provider);
        sb.Append('ε');
        if (!_jumps.IsEmpty)
        {
            foreach ((double delta, double[] weights) in JumpList())
            {
                sb.Append(" + (").Append(delta.ToString(format, provider)).Append(" with probability ");
                AppendVector(sb, weights, format, provider);
                sb.Append("ε)");
            }
        }

        return sb.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => ToString(null, null);

    /// <summary>Representation equality: same value, partials, jumps and run (the operator <c>==</c> is the numeric comparison).</summary>
    public bool Equals(GradientTriple<TJumps, TPartials> other) =>
        _value.Equals(other._value) && _run == other._run &&
        PartialsMath<TPartials>.Read(_partials).SequenceEqual(PartialsMath<TPartials>.Read(other._partials)) &&
        ToScalar().Equals(other.ToScalar());

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is GradientTriple<TJumps, TPartials> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_value, PartialsMath<TPartials>.Read(_partials)[0]);

    private static void AppendVector(StringBuilder sb, ReadOnlySpan<double> v, string? format, IFormatProvider provider)
    {
        sb.Append('(');
        for (int i = 0; i < v.Length; i++)
        {
            sb.Append(i == 0 ? string.Empty : ", ").Append(v[i].ToString(format, provider));
        }

        sb.Append(')');
    }

    // ---------------------------------------------------------------------------------
    // The rule helpers: the same rules as the scalar triple (Rules/ElementaryRules.cs), the dual
    // part a vector scaled by the rule's derivative, the jumps through the scalar triple's shifts.
    // ---------------------------------------------------------------------------------

    /// <summary>Applies a unary rule: value f(x), partials f'(x)·δ, jumps f(x + Δ) − f(x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static GradientTriple<TJumps, TPartials> Apply<TRule>(GradientTriple<TJumps, TPartials> x, TRule rule = default)
        where TRule : struct, Rules.IUnaryRule
    {
        double fx = rule.Value(x._value);
        TPartials partials = x._run == 0 ? default : PartialsMath<TPartials>.Scale(rule.Derivative(x._value, fx), x._partials);
        return x._jumps.IsEmpty ? new(fx, partials, default, x._run) : Jumped(fx, partials, x._run, x._jumps, new StochasticTriple<TJumps>.UnaryShift<TRule>(rule, x._value, fx));
    }

    /// <summary>Applies a binary rule: value f(x, y), partials ∂ₓf·δx + ∂ᵧf·δy, jumps coupled and evaluated exactly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static GradientTriple<TJumps, TPartials> Apply2<TRule>(GradientTriple<TJumps, TPartials> x, GradientTriple<TJumps, TPartials> y, TRule rule = default)
        where TRule : struct, Rules.IBinaryRule
    {
        int run = x._run == y._run || y._run == 0 ? x._run : DifferentiationRun.Merge(x._run, y._run); // the common cases inline
        double f = rule.Value(x._value, y._value);
        TPartials partials;
        if (typeof(TRule) == typeof(Rules.ElementaryRules.Pow) || typeof(TRule) == typeof(Rules.ElementaryRules.LogBase))
        {
            // A transcendental partial derivative: not computed for a constant operand.
            double dx = x._run == 0 ? 0 : rule.PartialX(x._value, y._value, f);
            double dy = y._run == 0 ? 0 : rule.PartialY(x._value, y._value, f);
            partials = PartialsMath<TPartials>.Combine(dx, x._partials, dy, y._partials);
        }
        else
        {
            // No branch on constants (the JIT spilled the operands around each one, a seventh of the
            // particle filter's one pass): a constant's partials are 0 and Combine drops zero entries
            // whatever the factor, even an infinite one.
            partials = PartialsMath<TPartials>.Combine(
                rule.PartialX(x._value, y._value, f), x._partials, rule.PartialY(x._value, y._value, f), y._partials);
        }

        return x._jumps.IsEmpty && y._jumps.IsEmpty ? new(f, partials, default, run) : Jumped(rule, f, partials, run, x._jumps, y._jumps, x._value, y._value);
    }

    // The jump paths out of line and returning the whole triple, as in the scalar triple: on the
    // no-jump path nothing (value, partials) is live across a call, so nothing is spilled around it.

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static GradientTriple<TJumps, TPartials> Jumped<TRule>(TRule rule, double f, TPartials partials, int run, TJumps x, TJumps y, double xValue, double yValue)
        where TRule : struct, Rules.IBinaryRule =>
        new(f, partials, TJumps.Map2(x, y, new StochasticTriple<TJumps>.BinaryShift<TRule>(rule, xValue, yValue, f)), run);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static GradientTriple<TJumps, TPartials> Jumped<TMap>(double f, TPartials partials, int run, TJumps x, TMap map)
        where TMap : struct, IJumpMap =>
        new(f, partials, TJumps.Map(x, map), run);

    /// <summary>Applies a binary rule whose second operand is a plain constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static GradientTriple<TJumps, TPartials> Apply2<TRule>(GradientTriple<TJumps, TPartials> x, double y, TRule rule = default)
        where TRule : struct, Rules.IBinaryRule
    {
        double f = rule.Value(x._value, y);
        TPartials partials = x._run == 0 ? default : PartialsMath<TPartials>.Scale(rule.PartialX(x._value, y, f), x._partials);
        return x._jumps.IsEmpty ? new(f, partials, default, x._run) : Jumped(f, partials, x._run, x._jumps, new StochasticTriple<TJumps>.BinaryShiftRight<TRule>(rule, x._value, y, f));
    }

    /// <summary>Applies a binary rule whose first operand is a plain constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static GradientTriple<TJumps, TPartials> Apply2<TRule>(double x, GradientTriple<TJumps, TPartials> y, TRule rule = default)
        where TRule : struct, Rules.IBinaryRule
    {
        double f = rule.Value(x, y._value);
        TPartials partials = y._run == 0 ? default : PartialsMath<TPartials>.Scale(rule.PartialY(x, y._value, f), y._partials);
        return y._jumps.IsEmpty ? new(f, partials, default, y._run) : Jumped(f, partials, y._run, y._jumps, new StochasticTriple<TJumps>.BinaryShiftLeft<TRule>(rule, x, y._value, f));
    }
}
