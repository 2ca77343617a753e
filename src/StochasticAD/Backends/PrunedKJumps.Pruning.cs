namespace StochasticAD.Backends;

// Keeping K of more than K events (method §6, §12).
public readonly partial struct PrunedKJumps<TSlots>
{
    /// <summary>
    /// Reduces the jumps given (more than K, sorted by event) to at most K, in place and still
    /// sorted; returns how many are left. Dead events go first (they contribute nothing); then pairs
    /// of live events are pruned against each other (method §6) until K are left. Each pairwise
    /// pruning preserves E[Σ Δ·w] whichever pair it takes, so the choice of pair is free: see
    /// <see cref="CheapestPair"/>.
    /// </summary>
    private static int Reduce(DifferentiationRun run, Span<double> deltas, Span<int> events)
    {
        int count = 0;
        for (int k = 0; k < events.Length; k++)
        {
            if (run.IsAlive(events[k]))
            {
                deltas[count] = deltas[k];
                events[count++] = events[k];
            }
        }

        while (count > K)
        {
            (int first, int last) = CheapestPair(run, deltas[..count], events[..count]);

            // The later event decides with its generator, as in the pruned backend.
            int survivor = PrunedJumps.Prune(run, events[first], events[last]);
            count = Remove(deltas[..count], events[..count], survivor == events[first] ? last : first);
            if (!run.IsAlive(survivor))
            {
                count = Remove(deltas[..count], events[..count], first); // both weights were 0: neither survives
            }
        }

        return count;
    }

    /// <summary>
    /// The pair whose pruning adds the least variance to this value: keeping a with probability
    /// q = |wa|/(|wa| + |wb|) turns Δa·wa + Δb·wb into a two-point variable of variance
    /// |wa·wb|·(sa·Δa − sb·Δb)² (s the weights' signs). Pairs with the same signed Δ cost nothing
    /// here; ties go to the lightest pair (the smallest |wa·wb|), which leaves the heavy events
    /// untouched. The value's Δs are the only ones known at this point (other triples holding the
    /// events may differ), but on the models measured (docs/backends.md) this choice gave a lower
    /// per-sample spread than always pruning the two lightest events, and never a higher one.
    /// </summary>
    private static (int First, int Last) CheapestPair(DifferentiationRun run, ReadOnlySpan<double> deltas, ReadOnlySpan<int> events)
    {
        int first = 0, last = 1;
        double best = double.PositiveInfinity, bestProduct = double.PositiveInfinity;
        for (int a = 0; a < events.Length; a++)
        {
            double wa = run.WeightOf(events[a]);
            double signedA = wa < 0 ? -deltas[a] : deltas[a];
            for (int b = a + 1; b < events.Length; b++)
            {
                double wb = run.WeightOf(events[b]);
                double difference = signedA - (wb < 0 ? -deltas[b] : deltas[b]);
                double product = Math.Abs(wa * wb);
                double cost = product * difference * difference;
                if (cost < best || (cost == best && product < bestProduct))
                {
                    (best, bestProduct, first, last) = (cost, product, a, b);
                }
            }
        }

        return (first, last);
    }

    private static int Remove(Span<double> deltas, Span<int> events, int index)
    {
        deltas[(index + 1)..].CopyTo(deltas[index..]);
        events[(index + 1)..].CopyTo(events[index..]);
        return events.Length - 1;
    }
}
