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

    /// <summary>
    /// True when f is affine (negation, a change of units): a jump Δ then changes f by exactly f'·Δ,
    /// so the result's jumps are the argument's scaled (<see cref="Backends.IJumps{TSelf}.Scale"/>)
    /// instead of re-evaluated on each path.
    /// </summary>
    static virtual bool Affine => false;
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
    /// True when f is affine in x (sums, differences, products, quotients x / y): a jump Δ of x alone
    /// then changes f by exactly ∂ₓf·Δ, so when y jumps nowhere the result's jumps are x's scaled by
    /// <see cref="PartialX"/> (<see cref="Backends.IJumps{TSelf}.Scale"/>) instead of re-evaluated on each
    /// path. Such a rule's partials must be cheap: the operators compute both whether or not they are used.
    /// </summary>
    static virtual bool AffineInX => false;

    /// <summary>True when f is affine in y; see <see cref="AffineInX"/>.</summary>
    static virtual bool AffineInY => false;

}
