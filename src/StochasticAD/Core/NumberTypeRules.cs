namespace StochasticAD;

/// <summary>
/// Per-number-type rules objects: operations whose meaning depends on T (draws, branches,
/// resampling weights) keep one instance per T, found once — the triple's implementation for
/// <see cref="StochasticTriple{TJumps}"/>, a plain one for every other number type.
/// </summary>
internal static class NumberTypeRules
{
    /// <summary>
    /// The rules for <typeparamref name="T"/>: <paramref name="tripleRules"/> (an open generic over
    /// the backend) closed over T's backend when T is a triple, else <paramref name="plainRules"/>.
    /// </summary>
    /// <param name="tripleRules">The rules of <see cref="StochasticTriple{TJumps}"/>, open over the backend.</param>
    /// <param name="plainRules">Makes the rules of every other number type.</param>
    /// <param name="gradientRules">The rules of <see cref="GradientTriple{TJumps, TPartials}"/>, open over backend and chunk; null if it has none (it then gets the plain rules).</param>
    public static TRules For<T, TRules>(Type tripleRules, Func<TRules> plainRules, Type? gradientRules = null) where TRules : class
    {
        Type t = typeof(T);
        if (gradientRules is not null && t.IsGenericType && t.GetGenericTypeDefinition() == typeof(GradientTriple<,>))
        {
            return (TRules)Activator.CreateInstance(gradientRules.MakeGenericType(t.GetGenericArguments()))!;
        }

        return TripleStructure.IsTripleType(t)
            ? (TRules)Activator.CreateInstance(tripleRules.MakeGenericType(t.GetGenericArguments()))!
            : plainRules();
    }
}
