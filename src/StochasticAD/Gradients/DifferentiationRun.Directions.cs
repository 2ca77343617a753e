using System.Runtime.CompilerServices;

namespace StochasticAD;

// The direction of each event's weight vector, for gradient triples (method §13). A backend keeps
// one scalar weight per event; a gradient triple gives it the vector's ‖w‖₁ and keeps here the
// direction u = w / ‖w‖, so that w = (scalar weight)·u. Pruning rescales the scalar weight
// (choosing by the norm ‖w‖, as §13 asks) and thereby the whole vector, without the backend
// knowing that the weight is a vector. Indexed by the backend's event id (Jump.EventId), K per event.
public sealed partial class DifferentiationRun
{
    private double[] _directions = [];
    private int _directionStride;
    private double[] _componentScales = [];

    /// <summary>The number of components of the direction vectors (0 until a gradient triple uses the run).</summary>
    internal int DirectionStride => _directionStride;

    /// <summary>Makes the run keep direction vectors of <paramref name="components"/> entries; a run holds one size.</summary>
    internal void UseDirections(int components)
    {
        if (_directionStride != components && _directionStride != 0 && EventCount > 0)
        {
            throw new InvalidOperationException(
                $"This run already differentiates {_directionStride} parameters per pass; a gradient triple of {components} cannot join it.");
        }

        if (_componentScales.Length != components)
        {
            _componentScales = new double[components];
        }
        else if (EventCount == 0)
        {
            Array.Clear(_componentScales);
        }

        _directionStride = components;
    }

    /// <summary>
    /// The largest |wⱼ| of the run's events so far, per component: the scale of the weighted norm
    /// Σⱼ |wⱼ|/sⱼ by which a new event's weight vector is measured (see GradientDraws).
    /// </summary>
    internal Span<double> ComponentScales => _componentScales;

    /// <summary>The direction vector of event <paramref name="eventId"/>, to be written (grows the table as needed).</summary>
    internal Span<double> DirectionForWrite(long eventId)
    {
        long end = (eventId + 1) * _directionStride;
        if (end > _directions.Length)
        {
            GrowDirections(end);
        }

        return _directions.AsSpan((int)(eventId * _directionStride), _directionStride);
    }

    /// <summary>The direction vector of event <paramref name="eventId"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ReadOnlySpan<double> DirectionOf(long eventId) =>
        _directions.AsSpan((int)(eventId * _directionStride), _directionStride);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GrowDirections(long end)
    {
        long size = Math.Max(64, _directions.Length);
        while (size < end)
        {
            size *= 2;
        }

        Array.Resize(ref _directions, checked((int)size));
    }
}
