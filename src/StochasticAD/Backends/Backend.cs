namespace StochasticAD.Backends;

/// <summary>
/// A backend as a value: what <see cref="EstimationOptions.Backend"/> and
/// <see cref="Optimization.OptimizationOptions.Backend"/> hold. Made from the same type argument
/// that <see cref="Derivative"/> takes — <c>Backend.Of&lt;ExactJumps&gt;()</c> is to the
/// engine what <c>Derivative.Estimate&lt;ExactJumps&gt;(…)</c> is to one run — or from a
/// command-line name with <see cref="BackendCatalog.Parse"/>.
/// </summary>
/// <remarks>
/// One instance per backend type, so two descriptors of the same backend are the same object
/// (and compare equal). <see cref="Name"/> is the short name the command line and the results
/// (<see cref="EstimationResult.Backend"/>) use.
/// </remarks>
public abstract class Backend
{
    private protected Backend()
    {
    }

    /// <summary>The default backend, <see cref="PrunedJumps"/>.</summary>
    public static Backend Default => Of<PrunedJumps>();

    /// <summary>The backend's short name (e.g. <c>pruned</c>, <c>exact</c>).</summary>
    public abstract string Name { get; }

    /// <summary>The backend's type: the <c>TJumps</c> of <see cref="StochasticTriple{TJumps}"/>.</summary>
    public abstract Type JumpsType { get; }

    /// <summary>The descriptor of backend <typeparamref name="TJumps"/>.</summary>
    /// <typeparam name="TJumps">The backend type, as in <see cref="Derivative.Estimate{TJumps}"/>.</typeparam>
    public static Backend Of<TJumps>() where TJumps : struct, IJumps<TJumps> => Descriptor<TJumps>.Instance;

    /// <summary>Calls <paramref name="visitor"/> with this backend's type.</summary>
    /// <typeparam name="TResult">What the visit returns.</typeparam>
    /// <param name="visitor">What to do with the backend type.</param>
    public abstract TResult Accept<TResult>(IBackendVisitor<TResult> visitor);

    /// <summary>The short name.</summary>
    public override string ToString() => Name;

    private sealed class Descriptor<TJumps> : Backend where TJumps : struct, IJumps<TJumps>
    {
        public static readonly Descriptor<TJumps> Instance = new();

        public override string Name => TJumps.Name;

        public override Type JumpsType => typeof(TJumps);

        public override TResult Accept<TResult>(IBackendVisitor<TResult> visitor)
        {
            ArgumentNullException.ThrowIfNull(visitor);
            return visitor.Visit<TJumps>();
        }
    }
}
