using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using Gateway.Core.Transport;

namespace Gateway.Transports.Connections;

/// <summary>
/// The stream connections of one transport layer: by flow id (for sends to a given flow and flow tokens), by
/// transport and remote address (to reuse a connection, RFC 3261 §18.1.1 / §18.2.2), and counted in total and per
/// remote IP address for the connection limits.
/// </summary>
internal sealed class ConnectionTable
{
    private readonly SipTransportLimits _limits;
    private readonly ConcurrentDictionary<string, ConnectionFlow> _byId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<RemoteKey, ConnectionFlow> _byRemote = new();
    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private readonly Lock _countLock = new();
    private int _count;

    public ConnectionTable(SipTransportLimits limits) => _limits = limits;

    /// <summary>Connections open or opening.</summary>
    public int Count => Volatile.Read(ref _count);

    public ICollection<ConnectionFlow> All => _byId.Values;

    /// <summary>Reserves room for one connection; for an inbound one also checks the per-address limit. Null when allowed, else the reason.</summary>
    public string? TryReserve(IPAddress? inboundFrom)
    {
        lock (_countLock)
        {
            if (_count >= _limits.MaxConnections) return "connection limit reached";
            if (inboundFrom is not null)
            {
                _perAddress.TryGetValue(inboundFrom, out var n);
                if (n >= _limits.MaxConnectionsPerAddress) return "per-address connection limit reached";
                _perAddress[inboundFrom] = n + 1;
            }

            _count++;
            return null;
        }
    }

    /// <summary>Gives back what <see cref="TryReserve"/> took.</summary>
    public void Release(IPAddress? inboundFrom)
    {
        lock (_countLock)
        {
            _count--;
            if (inboundFrom is not null && _perAddress.TryGetValue(inboundFrom, out var n))
            {
                if (n <= 1) _perAddress.Remove(inboundFrom);
                else _perAddress[inboundFrom] = n - 1;
            }
        }
    }

    public void Add(ConnectionFlow flow) => _byId[flow.Id] = flow;

    /// <summary>Makes an established flow reachable by its remote address.</summary>
    public void Publish(ConnectionFlow flow) => _byRemote[new RemoteKey(flow.Kind, flow.RemoteEndPoint)] = flow;

    public void Remove(ConnectionFlow flow)
    {
        _byId.TryRemove(new KeyValuePair<string, ConnectionFlow>(flow.Id, flow));
        _byRemote.TryRemove(new KeyValuePair<RemoteKey, ConnectionFlow>(new RemoteKey(flow.Kind, flow.RemoteEndPoint), flow));
    }

    public bool TryGet(string id, [NotNullWhen(true)] out ConnectionFlow? flow)
    {
        if (_byId.TryGetValue(id, out flow) && flow.IsEstablished && !flow.IsClosed) return true;
        flow = null;
        return false;
    }

    public bool TryGet(SipTransportKind kind, IPEndPoint remote, [NotNullWhen(true)] out ConnectionFlow? flow)
    {
        if (_byRemote.TryGetValue(new RemoteKey(kind, Normalize(remote)), out flow) && !flow.IsClosed) return true;
        flow = null;
        return false;
    }

    internal static IPEndPoint Normalize(IPEndPoint endPoint) =>
        endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;

    private readonly record struct RemoteKey(SipTransportKind Kind, IPEndPoint EndPoint);
}
