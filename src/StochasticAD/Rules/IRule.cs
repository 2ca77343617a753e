namespace StochasticAD.Rules;

/// <summary>An elementary function of one variable, stated as its value and its derivative.</summary>
/// <remarks>
/// Rules are structs so that the generic rule helper is specialised per rule and inlined;
/// a rule with a parameter (e.g. the degree of a root) carries it as a field.
/// </remarks>
public interface IUnaryRule
{
    /// <summary>f(x).</summary>
    double Value(double x);

    /// <summary>f'(x), given also <paramref name="fx"/> = f(x) (many derivatives reuse it).</summary>
    double Derivative(double x, double fx);
}

/// <summary>An elementary function of two variables, stated as its value and its two partial derivatives.</summary>
public interface IBinaryRule
{
    /// <summary>f(x, y).</summary>
    double Value(double x, double y);

    /// <summary>∂f/∂x at (x, y), given also <paramref name="f"/> = f(x, y).</summary>
    double PartialX(double x, double y, double f);

    /// <summary>∂f/∂y at (x, y), given also <paramref name="f"/> = f(x, y).</summary>
    double PartialY(double x, double y, double f);

    /// <summary>
    /// True when both partials are constants (sums and differences): the dual part is then
    /// ∂ₓf·δx + ∂ᵧf·δy with no guard against ∞·0, which keeps the hot path free of branches.
    /// </summary>
    static virtual bool ConstantPartials => false;

    /// <summary>
    /// True when f is affine in y (sums, differences, products): a jump Δ of y alone then changes f
    /// by exactly ∂ᵧf·Δ, so when x jumps nowhere the result's jumps are y's scaled by
    /// <see cref="PartialY"/> (<see cref="Backends.IJumps{TSelf}.Scale"/>) instead of re-evaluated on
    /// each path. The affine operators (StochasticTriple.Affine.cs) read it to tell x / y, which is
    /// not affine in y, from the others; which rules are affine in x is fixed by the operators that
    /// call those helpers.
    /// </summary>
    static virtual bool AffineInY => false;
}
