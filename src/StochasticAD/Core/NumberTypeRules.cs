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
    public static TRules For<T, TRules>(Type tripleRules, Func<TRules> plainRules) where TRules : class
    {
        Type t = typeof(T);
        return TripleStructure.IsTripleType(t)
            ? (TRules)Activator.CreateInstance(tripleRules.MakeGenericType(t.GetGenericArguments()))!
            : plainRules();
    }
}
