using System.Runtime.InteropServices;
using StochasticAD.Backends;

namespace StochasticAD.Tests.Backends;

/// <summary>
/// A K = 8 storage, as a user may write one (<see cref="IEventSlots"/> is public): pruned-8 is not
/// in the catalog (measured and not kept, docs/backends.md), but the backend's paths that only a
/// larger K takes (the 32-byte event comparison, merges of up to 16 jumps) stay tested with it.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct EightEventSlots : IEventSlots
{
#pragma warning disable CS0169, IDE0051 // read by offset (PrunedKJumps), never by name
    private double _delta0, _delta1, _delta2, _delta3, _delta4, _delta5, _delta6, _delta7;
    private int _event0, _event1, _event2, _event3, _event4, _event5, _event6, _event7;
    private int _stamp, _unused0, _unused1, _unused2, _unused3, _unused4, _unused5, _unused6;
#pragma warning restore CS0169, IDE0051

    /// <inheritdoc/>
    public static int Capacity => 8;
}
