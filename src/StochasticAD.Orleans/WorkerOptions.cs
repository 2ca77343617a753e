namespace StochasticAD.Orleans;

/// <summary>How a silo's worker runs batches.</summary>
public sealed class WorkerOptions
{
    /// <summary>Threads one batch runs on; 0 or less means one per core.</summary>
    public int Threads { get; set; }

    /// <summary>The threads in effect.</summary>
    public int EffectiveThreads => Threads > 0 ? Threads : Environment.ProcessorCount;
}
