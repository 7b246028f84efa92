using System.Net;
using System.Net.Sockets;

namespace Gateway.Media.Relay;

/// <summary>
/// Hands out RTP/RTCP port pairs from a range, rtpengine style: RTP on an even port, RTCP on the odd port above it,
/// both sockets bound before the pair is handed out. Ports another process holds are skipped; a full range is a
/// failed <see cref="TryAllocate"/>, never an exception. Thread-safe.
/// </summary>
internal sealed class PortAllocator
{
    private readonly Lock _gate = new();
    private readonly HashSet<int> _inUse = [];
    private readonly IPAddress _address;
    private readonly int _firstPort;
    private readonly int _lastPort;
    private int _next;

    /// <summary>Creates an allocator over [<paramref name="minPort"/>, <paramref name="maxPort"/>] on <paramref name="address"/>.</summary>
    public PortAllocator(IPAddress address, int minPort, int maxPort)
    {
        ArgumentNullException.ThrowIfNull(address);
        _address = address;
        _firstPort = minPort + (minPort & 1);
        _lastPort = maxPort - 1 - ((maxPort - 1) & 1);
        if (_lastPort < _firstPort) throw new ArgumentException($"The range {minPort}–{maxPort} holds no RTP/RTCP pair.", nameof(maxPort));
        _next = _firstPort;
    }

    /// <summary>How many pairs the range holds.</summary>
    public int Capacity => ((_lastPort - _firstPort) / 2) + 1;

    /// <summary>How many pairs are handed out.</summary>
    public int InUse
    {
        get
        {
            lock (_gate) return _inUse.Count;
        }
    }

    /// <summary>
    /// Allocates <paramref name="count"/> pairs, all or none: on failure whatever was bound is released and
    /// <paramref name="pairs"/> is empty.
    /// </summary>
    public bool TryAllocate(int count, out List<RelayPortPair> pairs)
    {
        pairs = new List<RelayPortPair>(count);
        for (var i = 0; i < count; i++)
        {
            if (TryAllocateOne() is { } pair)
            {
                pairs.Add(pair);
                continue;
            }

            foreach (var bound in pairs) Release(bound);
            pairs.Clear();
            return false;
        }

        return true;
    }

    /// <summary>Closes the pair's sockets and returns its ports to the range. Idempotent.</summary>
    public void Release(RelayPortPair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        pair.Rtp.Dispose();
        pair.Rtcp.Dispose();
        lock (_gate)
        {
            if (pair.Released) return;
            pair.Released = true;
            _inUse.Remove(pair.RtpPort);
        }
    }

    private RelayPortPair? TryAllocateOne()
    {
        lock (_gate)
        {
            // At most one pass over the range: bounded work even when every port is taken.
            for (var tries = Capacity; tries > 0; tries--)
            {
                var port = _next;
                _next = port + 2 > _lastPort ? _firstPort : port + 2;
                if (_inUse.Contains(port)) continue;
                if (!TryBind(port, out var rtp)) continue;
                if (!TryBind(port + 1, out var rtcp))
                {
                    rtp.Dispose();
                    continue;
                }

                _inUse.Add(port);
                return new RelayPortPair(port, rtp, rtcp);
            }

            return null;
        }
    }

    private bool TryBind(int port, out Socket socket)
    {
        socket = new Socket(_address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(_address, port));
            return true;
        }
        catch (SocketException)
        {
            // In use by another process (or not ours to bind): skip it.
            socket.Dispose();
            return false;
        }
    }
}
