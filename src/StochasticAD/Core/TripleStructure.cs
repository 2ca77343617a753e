using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;

namespace StochasticAD;

/// <summary>
/// Finds the stochastic triples inside an object graph (arrays, <see cref="List{T}"/>, tuples,
/// records, classes and structs) and builds copies of it with the triples replaced; used by
/// <see cref="Propagate.MapStructure{TInput, TOutput}"/>.
/// </summary>
/// <remarks>
/// <para>
/// Gathering and rebuilding walk the graph in the same order, so leaf i of a gather is the
/// triple that replacement i takes the place of. Each type is inspected with reflection once
/// and its plan cached. A subgraph that holds no triple is returned as it is (not copied), so
/// strings and other leaves pass through unchanged and shared immutable data stays shared.
/// </para>
/// <para>
/// Types whose fields can never hold a triple (primitives, strings, enums, and structs or
/// sealed classes made only of such fields) are not walked at all. Fields typed as object, an
/// interface or a non-sealed class are walked by the runtime type of their value, since a
/// subclass may hold triples. Delegates and reflection objects are never walked: a closure's
/// captured state is not data of the structure.
/// </para>
/// </remarks>
internal static class TripleStructure
{
    private enum Kind
    {
        /// <summary>Cannot hold a triple: passed through.</summary>
        Opaque,

        /// <summary>A stochastic triple (boxed): a leaf.</summary>
        Triple,

        /// <summary>A one-dimensional array: its elements are walked.</summary>
        Array,

        /// <summary>A <see cref="List{T}"/>: its first Count items are walked (not the spare capacity).</summary>
        List,

        /// <summary>Any other object: its instance fields that may hold triples are walked.</summary>
        Fields,
    }

    private sealed record Plan(Kind Kind, FieldInfo[] Fields);

    private static readonly ConcurrentDictionary<Type, Plan> s_plans = new();
    private static readonly ConcurrentDictionary<Type, bool> s_inert = new();

    // object.MemberwiseClone is protected; an open-instance delegate to it copies any object
    // (including a boxed struct) without knowing its constructor.
    private static readonly Func<object, object> s_memberwiseClone =
        typeof(object).GetMethod("MemberwiseClone", BindingFlags.Instance | BindingFlags.NonPublic)!
            .CreateDelegate<Func<object, object>>();

    /// <summary>Whether <paramref name="type"/> is a <see cref="StochasticTriple{TJumps}"/> of some backend.</summary>
    internal static bool IsTripleType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(StochasticTriple<>);

    /// <summary>Appends every triple in <paramref name="node"/> (boxed), in walk order.</summary>
    /// <exception cref="NotSupportedException">The graph is cyclic, or holds a multi-dimensional array that may hold triples.</exception>
    internal static void Gather(object? node, List<object> leaves) =>
        Gather(node, leaves, new HashSet<object>(ReferenceEqualityComparer.Instance));

    /// <summary>
    /// A copy of <paramref name="node"/> in which the triples, in walk order, are replaced by
    /// <paramref name="replacements"/> (boxed triples); parts without triples are shared, not copied.
    /// </summary>
    internal static object? Rebuild(object? node, IReadOnlyList<object> replacements)
    {
        int next = 0;
        object? result = Rebuild(node, replacements, ref next, new HashSet<object>(ReferenceEqualityComparer.Instance));
        if (next != replacements.Count)
        {
            throw new InvalidOperationException($"The structure holds {next} triples but {replacements.Count} replacements were given.");
        }

        return result;
    }

    private static void Gather(object? node, List<object> leaves, HashSet<object> path)
    {
        if (node is null)
        {
            return;
        }

        Plan plan = PlanOf(node.GetType());
        switch (plan.Kind)
        {
            case Kind.Opaque:
                return;
            case Kind.Triple:
                leaves.Add(node);
                return;
        }

        Enter(node, path);
        switch (plan.Kind)
        {
            case Kind.Array:
            case Kind.List:
                foreach (object? item in (IList)node)
                {
                    Gather(item, leaves, path);
                }

                break;
            default:
                foreach (FieldInfo field in plan.Fields)
                {
                    Gather(field.GetValue(node), leaves, path);
                }

                break;
        }

        path.Remove(node);
    }

    private static object? Rebuild(object? node, IReadOnlyList<object> replacements, ref int next, HashSet<object> path)
    {
        if (node is null)
        {
            return null;
        }

        Plan plan = PlanOf(node.GetType());
        switch (plan.Kind)
        {
            case Kind.Opaque:
                return node;
            case Kind.Triple:
                if (next >= replacements.Count)
                {
                    throw new InvalidOperationException("The structure holds more triples than replacements were given.");
                }

                return replacements[next++];
        }

        Enter(node, path);
        int start = next;
        object? result;
        if (plan.Kind is Kind.Array or Kind.List)
        {
            var items = (IList)node;
            var rebuilt = new object?[items.Count];
            for (int i = 0; i < rebuilt.Length; i++)
            {
                rebuilt[i] = Rebuild(items[i], replacements, ref next, path);
            }

            result = next == start ? node : CopyList(node, plan.Kind, rebuilt);
        }
        else
        {
            FieldInfo[] fields = plan.Fields;
            var rebuilt = new object?[fields.Length];
            for (int i = 0; i < fields.Length; i++)
            {
                rebuilt[i] = Rebuild(fields[i].GetValue(node), replacements, ref next, path);
            }

            if (next == start)
            {
                result = node;
            }
            else
            {
                // A shallow copy keeps every field that cannot hold triples (strings, numbers, …);
                // then the walked fields get their rebuilt values. SetValue works on the boxed copy
                // of a struct and on readonly (init-only) fields of records and tuples.
                object copy = s_memberwiseClone(node);
                for (int i = 0; i < fields.Length; i++)
                {
                    fields[i].SetValue(copy, rebuilt[i]);
                }

                result = copy;
            }
        }

        path.Remove(node);
        return result;
    }

    private static IList CopyList(object original, Kind kind, object?[] items)
    {
        if (kind == Kind.Array)
        {
            var array = System.Array.CreateInstance(original.GetType().GetElementType()!, items.Length);
            for (int i = 0; i < items.Length; i++)
            {
                array.SetValue(items[i], i);
            }

            return array;
        }

        var list = (IList)Activator.CreateInstance(original.GetType(), items.Length)!;
        foreach (object? item in items)
        {
            list.Add(item);
        }

        return list;
    }

    /// <summary>Marks a reference-type node as being on the current path; meeting it again means a cycle, which no copy can reproduce.</summary>
    private static void Enter(object node, HashSet<object> path)
    {
        // Boxed structs are fresh boxes on every read, so only objects can close a cycle.
        if (!node.GetType().IsValueType && !path.Add(node))
        {
            throw new NotSupportedException(
                $"The structure passed to Propagate contains a cycle through an object of type {node.GetType()}; " +
                "only acyclic structures (trees and shared immutable parts) can be copied with replaced triples.");
        }
    }

    private static Plan PlanOf(Type type) => s_plans.GetOrAdd(type, MakePlan);

    private static Plan MakePlan(Type type)
    {
        if (IsTripleType(type))
        {
            return new Plan(Kind.Triple, []);
        }

        if (IsInert(type))
        {
            return new Plan(Kind.Opaque, []);
        }

        if (type.IsArray)
        {
            if (!type.IsSZArray)
            {
                throw new NotSupportedException(
                    $"Propagate walks one-dimensional arrays only, but met a {type}; use a jagged array or a list.");
            }

            return new Plan(Kind.Array, []);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            return new Plan(Kind.List, []);
        }

        if (IsNeverWalked(type))
        {
            return new Plan(Kind.Opaque, []);
        }

        return new Plan(Kind.Fields, [.. InstanceFields(type).Where(f => !IsInert(f.FieldType))]);
    }

    /// <summary>Every instance field of the type and its base classes (private ones of the bases included).</summary>
    private static IEnumerable<FieldInfo> InstanceFields(Type type)
    {
        const BindingFlags Flags = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        for (Type? t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (FieldInfo field in t.GetFields(Flags))
            {
                yield return field;
            }
        }
    }

    /// <summary>Delegates and reflection objects: not data of a structure, and walking them would reach arbitrary state.</summary>
    private static bool IsNeverWalked(Type type) =>
        typeof(Delegate).IsAssignableFrom(type) || typeof(MemberInfo).IsAssignableFrom(type) ||
        typeof(Random.StochasticRandom).IsAssignableFrom(type) || type == typeof(DifferentiationRun);

    /// <summary>
    /// Whether no value of a field declared with this type can hold a triple: true for primitives,
    /// strings, enums and the never-walked types, and for structs and sealed classes whose fields are
    /// all inert; false for triples, object, interfaces and non-sealed classes (a subclass might hold
    /// one). Recursive types are answered false (conservative: they are then walked at run time).
    /// </summary>
    private static bool IsInert(Type type)
    {
        if (s_inert.TryGetValue(type, out bool known))
        {
            return known;
        }

        // Mark as "not inert" while the question is open, so a recursive type answers
        // conservatively instead of recursing forever.
        s_inert[type] = false;
        bool inert = ComputeInert(type);
        s_inert[type] = inert;
        return inert;
    }

    private static bool ComputeInert(Type type)
    {
        if (IsTripleType(type))
        {
            return false;
        }

        if (type.IsPrimitive || type.IsEnum || type.IsPointer || type == typeof(string) || type == typeof(decimal) || IsNeverWalked(type))
        {
            return true;
        }

        if (type.IsArray)
        {
            return IsInert(type.GetElementType()!);
        }

        if (type.IsInterface || type == typeof(object) || (!type.IsValueType && !type.IsSealed))
        {
            return false;
        }

        return InstanceFields(type).All(f => IsInert(f.FieldType));
    }
}
