using System.Collections.Concurrent;
using System.Reflection;
using StochasticAD.Backends;

namespace StochasticAD;

/// <summary>
/// Runs a deterministic function of stochastic triples once on the primal values and once on
/// each jump's path, and returns triples: the escape hatch for code the number type cannot go
/// through, such as branches on a random value, strings, lookups in dictionaries or lists whose
/// shape depends on the value.
/// </summary>
/// <remarks>
/// <para>
/// How it works: the jumps of all input triples are coupled event by event (the backend's
/// MapMany, so pruning and weights are the backend's). The function is called on the primal
/// inputs, which are plain constants (value only; with <c>keepDeltas: true</c>, value and dual
/// part but no jump), so every comparison and branch inside it is an ordinary one and never
/// throws. For each coupled event it is called again on the constants value + Δᵢ; each output's
/// jump is its value on that path minus its primal value. With several outputs the function is
/// called once per event, not once per output (the alternatives are memoised per Δ-vector).
/// </para>
/// <para>
/// The dual part: without <c>keepDeltas</c> the inputs' dual parts are dropped and the outputs
/// have dual part 0, so the derivative only comes from the jumps: use this for functions of
/// discrete values, whose dual parts are 0 anyway. With <c>keepDeltas: true</c> the outputs'
/// dual parts are the chain rule through the function (it must then be written with the
/// triple's arithmetic, not through <see cref="StochasticTriple{TJumps}.Value"/>).
/// </para>
/// <para>
/// The function must be deterministic and side-effect-free (it runs several times), must not
/// draw random numbers, and must receive every triple it uses through its inputs: a triple
/// captured from outside (a closure) is not coupled, and is refused when it carries a jump (or,
/// without <c>keepDeltas</c>, a dual part).
/// </para>
/// </remarks>
public static class Propagate
{
    /// <summary>Propagates <paramref name="x"/> through a deterministic one-argument <paramref name="function"/>.</summary>
    /// <typeparam name="TJumps">The backend of the triples.</typeparam>
    /// <param name="function">The function, written over triples; inside it the argument has no jump.</param>
    /// <param name="x">The input triple.</param>
    /// <param name="keepDeltas">Whether the input keeps its dual part inside the function (see the remarks of <see cref="Propagate"/>).</param>
    /// <returns>function(x) on the primal path, with one jump per coupled event: its value on that event's path minus the primal value.</returns>
    /// <exception cref="InvalidOperationException">The function used a triple with a jump (or a dual part without keepDeltas) that is not one of its inputs.</exception>
    public static StochasticTriple<TJumps> Map<TJumps>(
        Func<StochasticTriple<TJumps>, StochasticTriple<TJumps>> function, StochasticTriple<TJumps> x, bool keepDeltas = false)
        where TJumps : struct, IJumps<TJumps>
    {
        ArgumentNullException.ThrowIfNull(function);
        return PropagationCore<TJumps>.Run([x], inputs => [function(inputs[0])], keepDeltas)[0];
    }

    /// <summary>Propagates <paramref name="x"/> and <paramref name="y"/> (their jumps coupled) through a deterministic two-argument <paramref name="function"/>.</summary>
    /// <typeparam name="TJumps">The backend of the triples.</typeparam>
    /// <param name="function">The function, written over triples; inside it the arguments have no jump.</param>
    /// <param name="x">The first input.</param>
    /// <param name="y">The second input.</param>
    /// <param name="keepDeltas">Whether the inputs keep their dual parts inside the function; then the output's dual part is ∂f/∂x·δx + ∂f/∂y·δy.</param>
    /// <inheritdoc cref="Map{TJumps}(Func{StochasticTriple{TJumps}, StochasticTriple{TJumps}}, StochasticTriple{TJumps}, bool)" path="/returns"/>
    /// <inheritdoc cref="Map{TJumps}(Func{StochasticTriple{TJumps}, StochasticTriple{TJumps}}, StochasticTriple{TJumps}, bool)" path="/exception"/>
    public static StochasticTriple<TJumps> Map<TJumps>(
        Func<StochasticTriple<TJumps>, StochasticTriple<TJumps>, StochasticTriple<TJumps>> function,
        StochasticTriple<TJumps> x,
        StochasticTriple<TJumps> y,
        bool keepDeltas = false)
        where TJumps : struct, IJumps<TJumps>
    {
        ArgumentNullException.ThrowIfNull(function);
        return PropagationCore<TJumps>.Run([x, y], inputs => [function(inputs[0], inputs[1])], keepDeltas)[0];
    }

    /// <summary>Propagates an array of triples (their jumps coupled) through a deterministic function returning an array.</summary>
    /// <typeparam name="TJumps">The backend of the triples.</typeparam>
    /// <param name="function">The function; it must return the same number of outputs on every path, and is called once per path (not once per output).</param>
    /// <param name="inputs">The input triples (not modified; the function receives copies).</param>
    /// <param name="keepDeltas">Whether the inputs keep their dual parts inside the function.</param>
    /// <returns>The outputs on the primal path, each with its jumps.</returns>
    /// <exception cref="InvalidOperationException">The function returned a different number of outputs on some path, or used a triple that is not one of its inputs.</exception>
    public static StochasticTriple<TJumps>[] Map<TJumps>(
        Func<StochasticTriple<TJumps>[], StochasticTriple<TJumps>[]> function, StochasticTriple<TJumps>[] inputs, bool keepDeltas = false)
        where TJumps : struct, IJumps<TJumps>
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(inputs);
        return PropagationCore<TJumps>.Run(inputs, function, keepDeltas);
    }

    /// <summary>
    /// Propagates the triples held anywhere inside <paramref name="input"/> (arrays,
    /// <see cref="List{T}"/>, tuples, records, classes, structs) through a deterministic
    /// <paramref name="function"/> whose output may hold triples in the same ways.
    /// </summary>
    /// <typeparam name="TInput">The input's type, e.g. a record holding triples, strings and lists of triples.</typeparam>
    /// <typeparam name="TOutput">The output's type.</typeparam>
    /// <param name="function">The function. It receives a copy of the input in which each triple is replaced (constants on a jump's path); the input itself is never modified.</param>
    /// <param name="input">The input structure; everything that is not a triple (strings, numbers, other objects) passes through unchanged.</param>
    /// <param name="keepDeltas">Whether the input triples keep their dual parts inside the function.</param>
    /// <returns>The primal output, rebuilt with each of its triples carrying its jumps (parts without triples are the function's own objects).</returns>
    /// <remarks>
    /// Each type is inspected with reflection once and cached. Structures must be acyclic; only
    /// one-dimensional arrays are walked; delegates are not walked. All triples must use one backend.
    /// Collections are walked through their fields, which is right for data holders but not for
    /// hashed collections whose keys are triples (a key's hash would change).
    /// </remarks>
    /// <exception cref="ArgumentException">The input holds triples of two different backends.</exception>
    /// <exception cref="InvalidOperationException">The output holds a different number of triples on some path, a triple of another backend, or a triple that is not derived from the inputs.</exception>
    /// <exception cref="NotSupportedException">The structure is cyclic or holds a multi-dimensional array that may hold triples.</exception>
    public static TOutput MapStructure<TInput, TOutput>(Func<TInput, TOutput> function, TInput input, bool keepDeltas = false)
    {
        ArgumentNullException.ThrowIfNull(function);
        var leaves = new List<object>();
        TripleStructure.Gather(input, leaves);
        if (leaves.Count == 0)
        {
            // No triple in: nothing to couple; the function runs once on the input as it is.
            return function(input);
        }

        Type tripleType = leaves[0].GetType();
        foreach (object leaf in leaves)
        {
            if (leaf.GetType() != tripleType)
            {
                throw new ArgumentException(
                    $"The input holds triples of two backends ({tripleType} and {leaf.GetType()}); their jumps cannot be coupled.",
                    nameof(input));
            }
        }

        StructureCore core = s_structureCores.GetOrAdd(tripleType, MakeStructureCore);
        object? output = core(o => function((TInput)o!), input, leaves, keepDeltas);
        return (TOutput)output!;
    }

    private delegate object? StructureCore(Func<object?, object?> function, object? input, List<object> leaves, bool keepDeltas);

    private static readonly ConcurrentDictionary<Type, StructureCore> s_structureCores = new();

    // The backend is only known at run time (from the leaves), so the generic core is closed
    // over it by reflection once per backend.
    private static StructureCore MakeStructureCore(Type tripleType) =>
        typeof(Propagate).GetMethod(nameof(RunStructure), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(tripleType.GetGenericArguments()[0])
            .CreateDelegate<StructureCore>();

    private static object? RunStructure<TJumps>(Func<object?, object?> function, object? input, List<object> leaves, bool keepDeltas)
        where TJumps : struct, IJumps<TJumps>
    {
        var inputs = new StochasticTriple<TJumps>[leaves.Count];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = (StochasticTriple<TJumps>)leaves[i];
        }

        // The core calls the function on the primal path first: that output is the one returned.
        object? primalOutput = null;
        bool isPrimal = true;
        StochasticTriple<TJumps>[] Call(StochasticTriple<TJumps>[] replaced)
        {
            var boxed = new object[replaced.Length];
            for (int i = 0; i < boxed.Length; i++)
            {
                boxed[i] = replaced[i];
            }

            object? output = function(TripleStructure.Rebuild(input, boxed));
            if (isPrimal)
            {
                primalOutput = output;
                isPrimal = false;
            }

            var outLeaves = new List<object>();
            TripleStructure.Gather(output, outLeaves);
            var outputs = new StochasticTriple<TJumps>[outLeaves.Count];
            for (int i = 0; i < outputs.Length; i++)
            {
                outputs[i] = outLeaves[i] is StochasticTriple<TJumps> t
                    ? t
                    : throw new InvalidOperationException(
                        $"The function's output holds a {outLeaves[i].GetType()}, but its inputs are {typeof(StochasticTriple<TJumps>)}; " +
                        "outputs must use the inputs' backend.");
            }

            return outputs;
        }

        StochasticTriple<TJumps>[] results = PropagationCore<TJumps>.Run(inputs, Call, keepDeltas);
        var boxedResults = new object[results.Length];
        for (int i = 0; i < results.Length; i++)
        {
            boxedResults[i] = results[i];
        }

        return TripleStructure.Rebuild(primalOutput, boxedResults);
    }
}

/// <summary>The propagation itself, over arrays of triples of one backend; see <see cref="Propagate"/>.</summary>
internal static class PropagationCore<TJumps> where TJumps : struct, IJumps<TJumps>
{
    /// <summary>
    /// Calls <paramref name="function"/> first on the primal inputs, then once per distinct
    /// coupled Δ-vector, and returns the primal outputs with their jumps.
    /// </summary>
    internal static StochasticTriple<TJumps>[] Run(
        StochasticTriple<TJumps>[] inputs, Func<StochasticTriple<TJumps>[], StochasticTriple<TJumps>[]> function, bool keepDeltas)
    {
        int n = inputs.Length;
        DifferentiationRun? run = null;
        bool anyJump = false;
        var primalInputs = new StochasticTriple<TJumps>[n];
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            StochasticTriple<TJumps> x = inputs[i];
            run = DifferentiationRun.Merge(run, x.Run);
            anyJump |= x.HasJump;
            values[i] = x.Value;

            // keepDeltas: a dual number (no jumps), so the outputs' dual parts follow the chain
            // rule through the function and comparisons inside it see only the primal value.
            primalInputs[i] = keepDeltas
                ? StochasticTriple<TJumps>.FromParts(x.Value, x.Dual, default, x.Run)
                : new StochasticTriple<TJumps>(x.Value);
        }

        StochasticTriple<TJumps>[] primal = function(primalInputs)
            ?? throw new InvalidOperationException("The function returned null instead of its outputs.");
        var primalValues = new double[primal.Length];
        for (int k = 0; k < primal.Length; k++)
        {
            StochasticTriple<TJumps> y = primal[k];
            if (y.HasJump || (!keepDeltas && y.Dual != 0))
            {
                // The function's inputs had no jumps (nor, without keepDeltas, dual parts): this one
                // came from a triple it captured, whose jumps would not be coupled with the inputs'.
                throw new InvalidOperationException(
                    $"Output {k} of the propagated function is {y}, but its inputs on the primal path carry no jumps" +
                    (keepDeltas ? "" : " and no dual parts") + ": the function used a triple that is not one of its inputs " +
                    "(e.g. captured in a closure). Pass every triple the function uses as an input.");
            }

            primalValues[k] = y.Value;
        }

        var outputs = new StochasticTriple<TJumps>[primal.Length];
        var alternatives = anyJump ? new Alternatives(function, values, primal.Length) : null;
        var operands = new TJumps[n];
        for (int i = 0; i < n; i++)
        {
            operands[i] = inputs[i].Jumps;
        }

        for (int k = 0; k < primal.Length; k++)
        {
            TJumps jumps = default;
            if (alternatives is not null)
            {
                // One MapMany per output: every call couples the same operands, so the same events
                // (and, with pruning, the same survivor) come back, and the memo runs the function
                // once per event however many outputs there are.
                var jump = new OutputJump(alternatives, k, primalValues[k]);
                jumps = TJumps.MapMany(operands, jump);
            }

            double dual = keepDeltas ? primal[k].Dual : 0;
            outputs[k] = StochasticTriple<TJumps>.FromParts(primalValues[k], dual, jumps, DifferentiationRun.Merge(run, primal[k].Run));
        }

        return outputs;
    }

    /// <summary>The function's output values on the path of each coupled Δ-vector, computed once per distinct vector.</summary>
    private sealed class Alternatives(Func<StochasticTriple<TJumps>[], StochasticTriple<TJumps>[]> function, double[] values, int outputCount)
    {
        private readonly Dictionary<double[], double[]> _memo = new(DeltaComparer.Instance);

        public double[] On(ReadOnlySpan<double> deltas)
        {
            double[] key = deltas.ToArray();
            if (_memo.TryGetValue(key, out double[]? known))
            {
                return known;
            }

            var shifted = new StochasticTriple<TJumps>[values.Length];
            for (int i = 0; i < shifted.Length; i++)
            {
                shifted[i] = new StochasticTriple<TJumps>(values[i] + deltas[i]);
            }

            StochasticTriple<TJumps>[] outputs = function(shifted)
                ?? throw new InvalidOperationException("The function returned null instead of its outputs.");
            if (outputs.Length != outputCount)
            {
                throw new InvalidOperationException(
                    $"The propagated function returned {outputCount} outputs on the primal path but {outputs.Length} on a jump's path " +
                    $"(inputs shifted by [{string.Join(", ", key)}]); the outputs must have the same shape on every path.");
            }

            var result = new double[outputCount];
            for (int k = 0; k < outputCount; k++)
            {
                result[k] = outputs[k].Value;
            }

            _memo[key] = result;
            return result;
        }
    }

    private readonly struct OutputJump(Alternatives alternatives, int output, double primalValue) : IJumpMapMany
    {
        public double Apply(ReadOnlySpan<double> deltas) => alternatives.On(deltas)[output] - primalValue;
    }

    private sealed class DeltaComparer : IEqualityComparer<double[]>
    {
        public static readonly DeltaComparer Instance = new();

        public bool Equals(double[]? x, double[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(double[] obj)
        {
            var hash = default(HashCode);
            foreach (double d in obj)
            {
                hash.Add(d);
            }

            return hash.ToHashCode();
        }
    }
}
