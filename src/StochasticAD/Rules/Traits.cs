using StochasticAD.Backends;

namespace StochasticAD.Rules;

// The static flags of rules and backends, read once into static readonly fields. A static virtual
// property is a call in IL, which the JIT folds only after inlining: both arms of a test on it were
// imported and inlined (the general and the lean helper both charged to the caller's inline budget).
// A static readonly field of an initialized class is a constant when the caller is compiled, so the
// dead arm is never imported.

/// <summary>The flags of a binary rule, as constants for the JIT.</summary>
internal static class BinaryTraits<TRule> where TRule : struct, IBinaryRule
{
    /// <summary><see cref="IBinaryRule.ConstantPartials"/>.</summary>
    public static readonly bool ConstantPartials = TRule.ConstantPartials;

    /// <summary><see cref="IBinaryRule.AffineInY"/>.</summary>
    public static readonly bool AffineInY = TRule.AffineInY;
}

/// <summary>The flags of a backend, as constants for the JIT.</summary>
internal static class JumpsTraits<TJumps> where TJumps : struct, IJumps<TJumps>
{
    /// <summary><see cref="IJumps{TSelf}.ScalesInline"/>.</summary>
    public static readonly bool ScalesInline = TJumps.ScalesInline;
}
