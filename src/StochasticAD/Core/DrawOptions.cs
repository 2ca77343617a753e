namespace StochasticAD;

/// <summary>How a discrete draw turns the dual part of its parameter into new jumps (method §3, §7).</summary>
public enum JumpStrategy
{
    /// <summary>The backend's own default: <see cref="TwoSided"/> for smoothing backends, <see cref="SingleSided"/> otherwise.</summary>
    Default = 0,

    /// <summary>One jump by the rule the coupling mode selects (for positive weights: the right rule for δ &gt; 0, the left rule for δ &lt; 0).</summary>
    SingleSided,

    /// <summary>The average of the right and the left rule: two jumps, weights ×½ and ×(−½) of the rules for δ and −δ. Unbiased; the usual choice when smoothing.</summary>
    TwoSided,

    /// <summary>Bernoulli and Binomial only: the rules for δ and −δ weighted by (1 − p) and −p. Smoothed, it is the straight-through estimator.</summary>
    StraightThrough,

    /// <summary>No jumps at all: the draw's derivative is 0, as with plain dual numbers. Biased on purpose — to show that bias.</summary>
    IgnoreDiscrete,
}

/// <summary>Which inversion rule creates a new jump (method §3).</summary>
public enum CouplingMode
{
    /// <summary>The rule that gives a positive weight: right for δ &gt; 0, left for δ &lt; 0 (default).</summary>
    PositiveWeight = 0,

    /// <summary>Always the right rule (the weight is negative when δ &lt; 0).</summary>
    AlwaysRight,

    /// <summary>Always the left rule (the weight is negative when δ &gt; 0).</summary>
    AlwaysLeft,
}

/// <summary>How a draw carries a jump its parameter already has (method §4).</summary>
public enum PropagationCoupling
{
    /// <summary>A uniform inside the primal draw's CDF cell, inverted at the perturbed parameter (default; any distribution).</summary>
    Inversion = 0,

    /// <summary>
    /// Finite support only: every alternative value with its conditional probability given the
    /// primal draw (the overlap of the two CDF cells), one of them chosen by that probability.
    /// The same law as <see cref="Inversion"/>, computed without a quantile search.
    /// </summary>
    Enumeration,
}

/// <summary>Per-draw choices of how the derivative is formed, as optional arguments of the draw methods.</summary>
/// <param name="Strategy">How new jumps are formed; <see cref="JumpStrategy.Default"/> defers to the run, then the backend.</param>
/// <param name="Coupling">Which inversion rule creates new jumps.</param>
/// <param name="Propagation">How existing jumps of the parameter are carried.</param>
public readonly record struct DrawOptions(
    JumpStrategy Strategy = JumpStrategy.Default,
    CouplingMode Coupling = CouplingMode.PositiveWeight,
    PropagationCoupling Propagation = PropagationCoupling.Inversion);
