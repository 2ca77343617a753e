namespace StochasticAD.Backends;

// A combination of two operands of which only one has jumps is a map of that operand's jumps alone:
// the other operand's Δ is 0 under every event. Backends whose Map2 hands that case to Map share these.

/// <summary>(Δx, Δy) ↦ f(Δx, 0): the map of a combination whose second operand has no jump.</summary>
internal readonly struct LeftOnly<TF>(TF f) : IJumpMap where TF : struct, IJumpMap2
{
    public double Apply(double delta) => f.Apply(delta, 0);
}

/// <summary>(Δx, Δy) ↦ f(0, Δy): the map of a combination whose first operand has no jump.</summary>
internal readonly struct RightOnly<TF>(TF f) : IJumpMap where TF : struct, IJumpMap2
{
    public double Apply(double delta) => f.Apply(0, delta);
}
