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

        if (count <= K)
        {
            return count;
        }

        // Each event's signed Δ and |w|, read once: a pruning changes only the survivor's weight,
        // so the pair search (quadratic in the count, up to 2K after a merge: 16 for pruned-8)
        // reads no table inside its loops.
        Span<double> signedDeltas = count <= ReduceRoom ? stackalloc double[ReduceRoom] : new double[count];
        Span<double> magnitudes = count <= ReduceRoom ? stackalloc double[ReduceRoom] : new double[count];
        for (int k = 0; k < count; k++)
        {
            double w = run.WeightOf(events[k]);
            signedDeltas[k] = w < 0 ? -deltas[k] : deltas[k];
            magnitudes[k] = Math.Abs(w);
        }

        while (count > K)
        {
            (int first, int last) = CheapestPair(signedDeltas[..count], magnitudes[..count]);

            // The later event decides with its generator, as in the pruned backend.
            int survivor = PrunedJumps.Prune(run, events[first], events[last]);
            int kept = survivor == events[first] ? first : last;
            magnitudes[kept] = Math.Abs(run.WeightOf(survivor));
            count = Remove(deltas[..count], events[..count], signedDeltas[..count], magnitudes[..count], kept == first ? last : first);
            if (!run.IsAlive(survivor))
            {
                count = Remove(deltas[..count], events[..count], signedDeltas[..count], magnitudes[..count], first); // both weights were 0: neither survives
            }
        }

        return count;
    }

    /// <summary>The most jumps <see cref="Reduce"/> keeps its per-event numbers for on the stack: a merge of two pruned-16s.</summary>
    private const int ReduceRoom = 32;

    /// <summary>
    /// The pair whose pruning adds the least variance to this value: keeping a with probability
    /// q = |wa|/(|wa| + |wb|) turns Δa·wa + Δb·wb into a two-point variable of variance
    /// |wa·wb|·(sa·Δa − sb·Δb)² (s the weights' signs). Pairs with the same signed Δ cost nothing
    /// here; ties go to the lightest pair (the smallest |wa·wb|), which leaves the heavy events
    /// untouched. The value's Δs are the only ones known at this point (other triples holding the
    /// events may differ), but on the models measured (docs/backends.md) this choice gave a lower
    /// per-sample spread than always pruning the two lightest events, and never a higher one.
    /// </summary>
    /// <param name="signedDeltas">sa·Δa of each event.</param>
    /// <param name="magnitudes">|wa| of each event.</param>
    private static (int First, int Last) CheapestPair(ReadOnlySpan<double> signedDeltas, ReadOnlySpan<double> magnitudes)
    {
        int first = 0, last = 1;
        double best = double.PositiveInfinity, bestProduct = double.PositiveInfinity;
        for (int a = 0; a < signedDeltas.Length; a++)
        {
            double signedA = signedDeltas[a], magnitudeA = magnitudes[a];
            for (int b = a + 1; b < signedDeltas.Length; b++)
            {
                double difference = signedA - signedDeltas[b];
                double product = magnitudeA * magnitudes[b];
                double cost = product * difference * difference;
                if (cost < best || (cost == best && product < bestProduct))
                {
                    (best, bestProduct, first, last) = (cost, product, a, b);
                }
            }
        }

        return (first, last);
    }

    private static int Remove(Span<double> deltas, Span<int> events, Span<double> signedDeltas, Span<double> magnitudes, int index)
    {
        deltas[(index + 1)..].CopyTo(deltas[index..]);
        events[(index + 1)..].CopyTo(events[index..]);
        signedDeltas[(index + 1)..].CopyTo(signedDeltas[index..]);
        magnitudes[(index + 1)..].CopyTo(magnitudes[index..]);
        return events.Length - 1;
    }
}
