namespace StochasticAD.Backends;

// Keeping K of more than K events (method §6, §12).
public readonly partial struct PrunedKJumps<TSlots>
{
    /// <summary>
    /// Reduces the jumps given (more than K, sorted by event) to at most K, in place and still
    /// sorted; returns how many are left. Dead events go first (they contribute nothing); then the
    /// two lightest live events are pruned against each other (method §6) until K are left, which
    /// preserves E[Σ Δ·w] at every step and leaves the heavy events untouched.
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
            count = PruneLightestPair(run, deltas[..count], events[..count]);
        }

        return count;
    }

    /// <summary>Prunes the two lightest events against each other and removes the loser (both when neither can contribute); returns the new count.</summary>
    private static int PruneLightestPair(DifferentiationRun run, Span<double> deltas, Span<int> events)
    {
        int lightest = -1, second = -1;
        double wLightest = double.PositiveInfinity, wSecond = double.PositiveInfinity;
        for (int k = 0; k < events.Length; k++)
        {
            double w = Math.Abs(run.WeightOf(events[k]));
            if (w < wLightest)
            {
                (second, wSecond) = (lightest, wLightest);
                (lightest, wLightest) = (k, w);
            }
            else if (second < 0 || w < wSecond)
            {
                (second, wSecond) = (k, w);
            }
        }

        // The later event decides with its generator, as in the pruned backend.
        int first = Math.Min(lightest, second), last = Math.Max(lightest, second);
        int survivor = PrunedJumps.Prune(run, events[first], events[last]);
        int count = Remove(deltas, events, survivor == events[first] ? last : first);
        if (!run.IsAlive(survivor))
        {
            count = Remove(deltas[..count], events[..count], first); // both weights were 0: neither survives
        }

        return count;
    }

    private static int Remove(Span<double> deltas, Span<int> events, int index)
    {
        deltas[(index + 1)..].CopyTo(deltas[index..]);
        events[(index + 1)..].CopyTo(events[index..]);
        return events.Length - 1;
    }
}
