using System.Net;
using System.Net.Sockets;

namespace Gateway.Media.Relay.Legs;

/// <summary>
/// A remote address in the two shapes the packet path needs: the <see cref="SocketAddress"/> that
/// <see cref="Socket.SendTo(ReadOnlySpan{byte}, SocketFlags, SocketAddress)"/> takes without allocating, and the
/// <see cref="IPEndPoint"/> for statistics, logs and ICE. Immutable once created; created on the control path or when
/// an address is latched, never per packet.
/// </summary>
internal sealed class MediaLegEndPoint
{
    private MediaLegEndPoint(SocketAddress address, IPEndPoint endPoint)
    {
        Address = address;
        EndPoint = endPoint;
    }

    /// <summary>The address in the socket's family (IPv4 addresses are mapped for a dual-mode IPv6 socket).</summary>
    public SocketAddress Address { get; }

    /// <summary>The address as an endpoint (as the party sees it: IPv4 stays IPv4).</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>Creates the pair for an endpoint, in the family of the socket that will send to it.</summary>
    /// <param name="endPoint">The remote endpoint.</param>
    /// <param name="family">The sending socket's address family.</param>
    /// <returns>The pair, or <see langword="null"/> when the endpoint cannot be reached from such a socket.</returns>
    public static MediaLegEndPoint? Create(IPEndPoint endPoint, AddressFamily family)
    {
        var address = endPoint.Address;
        if (family == AddressFamily.InterNetworkV6 && address.AddressFamily == AddressFamily.InterNetwork)
        {
            address = address.MapToIPv6();
        }
        else if (family == AddressFamily.InterNetwork && address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != family) return null;
        var socketAddress = new IPEndPoint(address, endPoint.Port).Serialize();
        var display = endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : new IPEndPoint(endPoint.Address, endPoint.Port);
        return new MediaLegEndPoint(socketAddress, display);
    }

    /// <summary>Copies a received address (the receive loop reuses its own object).</summary>
    /// <param name="received">The address a datagram came from.</param>
    /// <returns>The pair, or <see langword="null"/> when the address is not IPv4 or IPv6.</returns>
    public static MediaLegEndPoint? FromReceived(SocketAddress received)
    {
        if (received.Family is not AddressFamily.InterNetwork and not AddressFamily.InterNetworkV6) return null;
        var copy = new SocketAddress(received.Family, received.Size);
        received.Buffer.Span[..received.Size].CopyTo(copy.Buffer.Span);
        var template = received.Family == AddressFamily.InterNetwork ? new IPEndPoint(IPAddress.Any, 0) : new IPEndPoint(IPAddress.IPv6Any, 0);
        var endPoint = (IPEndPoint)template.Create(copy);
        if (endPoint.Address.IsIPv4MappedToIPv6) endPoint = new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port);
        return new MediaLegEndPoint(copy, endPoint);
    }

    /// <summary>Whether a received address is this one (family, port and IP; IPv6 flow label and scope ignored).</summary>
    /// <param name="received">The address a datagram came from.</param>
    /// <returns>True when they match.</returns>
    public bool Matches(SocketAddress received) => SameHost(Address, received);

    /// <summary>
    /// Compares two socket addresses by family, port and IP address only, without allocating (the raw buffers may
    /// differ in IPv6 flow information or in padding).
    /// </summary>
    /// <param name="a">One address.</param>
    /// <param name="b">The other address.</param>
    /// <returns>True when they designate the same transport address.</returns>
    public static bool SameHost(SocketAddress a, SocketAddress b)
    {
        if (a.Family != b.Family) return false;
        var x = a.Buffer.Span;
        var y = b.Buffer.Span;
        switch (a.Family)
        {
            case AddressFamily.InterNetwork:
                // sockaddr_in: family (2), port (2), address (4).
                return a.Size >= 8 && b.Size >= 8 && x.Slice(2, 6).SequenceEqual(y.Slice(2, 6));
            case AddressFamily.InterNetworkV6:
                // sockaddr_in6: family (2), port (2), flow info (4), address (16), scope id (4).
                return a.Size >= 24 && b.Size >= 24 && x.Slice(2, 2).SequenceEqual(y.Slice(2, 2)) && x.Slice(8, 16).SequenceEqual(y.Slice(8, 16));
            default:
                return false;
        }
    }

    /// <summary>The endpoint, for logs.</summary>
    /// <returns>"address:port".</returns>
    public override string ToString() => EndPoint.ToString();
}
