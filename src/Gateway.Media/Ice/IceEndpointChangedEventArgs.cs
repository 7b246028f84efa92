using System.Net;

namespace Gateway.Media.Ice;

/// <summary>Carries the new nominated endpoint of an <see cref="IceLiteAgent"/>.</summary>
public sealed class IceEndpointChangedEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    /// <param name="previous">The endpoint nominated before, if any.</param>
    /// <param name="current">The endpoint nominated now.</param>
    public IceEndpointChangedEventArgs(IPEndPoint? previous, IPEndPoint current)
    {
        Previous = previous;
        Current = current;
    }

    /// <summary>The endpoint nominated before, if any.</summary>
    public IPEndPoint? Previous { get; }

    /// <summary>The endpoint nominated now: where media must go.</summary>
    public IPEndPoint Current { get; }
}
