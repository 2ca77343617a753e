namespace StochasticAD.Optimization;

/// <summary>One step of an optimisation run.</summary>
/// <param name="Step">The step's index, from 0.</param>
/// <param name="Parameters">The parameters at which the gradient was estimated (before the step).</param>
/// <param name="Gradient">The gradient estimate of E[X] (of the objective as written, whatever the goal): the mean of the batch.</param>
/// <param name="Objective">The estimate of E[X] at <paramref name="Parameters"/>, when <see cref="OptimizationOptions.RecordObjective"/> is set.</param>
public sealed record OptimizationStep(int Step, IReadOnlyList<double> Parameters, IReadOnlyList<double> Gradient, double? Objective);

/// <summary>The result of <see cref="Optimizer"/>: every step, and the parameters after the last one.</summary>
/// <param name="Rule">The rule's name.</param>
/// <param name="Steps">The steps in order.</param>
/// <param name="Final">The parameters after the last step (and projection).</param>
public sealed record OptimizationTrace(string Rule, IReadOnlyList<OptimizationStep> Steps, IReadOnlyList<double> Final)
{
    /// <summary>
    /// The mean of the parameters over the last <paramref name="count"/> iterates (Polyak–Ruppert
    /// averaging): a stochastic optimiser's iterates jitter around the optimum, and their average
    /// is a much less noisy estimate of it than the last iterate alone.
    /// </summary>
    /// <param name="count">How many of the last iterates (the final parameters count as one), 1 ≤ count ≤ Steps.Count + 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">count is out of range.</exception>
    public double[] MeanOfLast(int count)
    {
        if (count < 1 || count > Steps.Count + 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"count must be in [1, {Steps.Count + 1}], but is {count}.");
        }

        var mean = new double[Final.Count];
        for (int i = 0; i < mean.Length; i++)
        {
            double sum = Final[i];
            for (int s = Steps.Count - count + 1; s < Steps.Count; s++)
            {
                sum += Steps[s].Parameters[i];
            }

            mean[i] = sum / count;
        }

        return mean;
    }
}
