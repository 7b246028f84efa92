using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Gateway.Core.Transport;

namespace Gateway.Core.Registrar;

/// <summary>
/// Where a REGISTER really came from: the transport and the source address and port as seen by the gateway (the
/// public side of the client's NAT). This is what OpenSIPS' <c>fix_nated_register()</c> stores as the binding's
/// <c>received</c> value, and where requests for the binding go when its flow is not available. Written as
/// <c>udp:198.51.100.7:40000</c> or <c>wss:[2001:db8::7]:443</c>.
/// </summary>
/// <remarks>
/// Stored compactly (24 bytes, no heap object) because a location store keeps one per binding. An IPv4-mapped
/// IPv6 address is stored as IPv4; an IPv6 scope id is not kept.
/// </remarks>
public readonly struct SipReceivedAddress : IEquatable<SipReceivedAddress>
{
    private readonly ulong _high;
    private readonly ulong _low;
    private readonly SipTransportKind _kind;
    private readonly ushort _port;
    private readonly bool _isIPv6;

    /// <summary>Creates the address of a message received over <paramref name="kind"/> from <paramref name="endPoint"/>.</summary>
    /// <param name="kind">The transport the message came over.</param>
    /// <param name="endPoint">The source address and port.</param>
    public SipReceivedAddress(SipTransportKind kind, IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        _kind = kind;
        _port = (ushort)endPoint.Port;
        var address = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        Span<byte> bytes = stackalloc byte[16];
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            address.TryWriteBytes(bytes, out _);
            _low = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        }
        else
        {
            address.TryWriteBytes(bytes, out _);
            _high = BinaryPrimitives.ReadUInt64BigEndian(bytes);
            _low = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
            _isIPv6 = true;
        }
    }

    /// <summary>Creates the address a message on <paramref name="flow"/> came from.</summary>
    /// <param name="flow">The flow the message arrived on.</param>
    public static SipReceivedAddress FromFlow(SipFlow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return new SipReceivedAddress(flow.Kind, flow.RemoteEndPoint);
    }

    /// <summary>The transport.</summary>
    public SipTransportKind Kind => _kind;

    /// <summary>The source port.</summary>
    public int Port => _port;

    /// <summary>True for an IPv6 source address.</summary>
    public bool IsIPv6 => _isIPv6;

    /// <summary>The source address (a new object on every call).</summary>
    public IPAddress Address
    {
        get
        {
            if (!_isIPv6)
            {
                Span<byte> v4 = stackalloc byte[4];
                BinaryPrimitives.WriteUInt32BigEndian(v4, (uint)_low);
                return new IPAddress(v4);
            }

            Span<byte> v6 = stackalloc byte[16];
            BinaryPrimitives.WriteUInt64BigEndian(v6, _high);
            BinaryPrimitives.WriteUInt64BigEndian(v6[8..], _low);
            return new IPAddress(v6);
        }
    }

    /// <summary>The source address and port as an endpoint (a new object on every call).</summary>
    public IPEndPoint ToEndPoint() => new(Address, _port);

    /// <summary>Parses <c>transport:address:port</c>, e.g. <c>udp:198.51.100.7:40000</c> or <c>ws:[2001:db8::7]:80</c>.</summary>
    /// <param name="text">The text written by <see cref="ToString"/>.</param>
    /// <param name="result">The address, or <see langword="default"/>.</param>
    public static bool TryParse(ReadOnlySpan<char> text, out SipReceivedAddress result)
    {
        result = default;
        var colon = text.IndexOf(':');
        if (colon <= 0 || !SipTransportKindExtensions.TryParse(text[..colon], out var kind)) return false;
        if (!IPEndPoint.TryParse(text[(colon + 1)..], out var endPoint) || endPoint.Port == 0) return false;
        var rest = text[(colon + 1)..];
        if (endPoint.AddressFamily == AddressFamily.InterNetworkV6 && rest.Length > 0 && rest[0] != '[') return false;
        result = new SipReceivedAddress(kind, endPoint);
        return true;
    }

    /// <summary>The address as <c>udp:198.51.100.7:40000</c> (IPv6 in brackets).</summary>
    public override string ToString()
    {
        var address = Address.ToString();
        return _isIPv6
            ? string.Create(CultureInfo.InvariantCulture, $"{_kind.ToUriParameter()}:[{address}]:{_port}")
            : string.Create(CultureInfo.InvariantCulture, $"{_kind.ToUriParameter()}:{address}:{_port}");
    }

    /// <inheritdoc />
    public bool Equals(SipReceivedAddress other) =>
        _high == other._high && _low == other._low && _port == other._port && _kind == other._kind && _isIPv6 == other._isIPv6;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SipReceivedAddress other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_high, _low, _port, _kind);

    /// <summary>Equality of transport, address and port.</summary>
    public static bool operator ==(SipReceivedAddress left, SipReceivedAddress right) => left.Equals(right);

    /// <summary>Inequality of transport, address and port.</summary>
    public static bool operator !=(SipReceivedAddress left, SipReceivedAddress right) => !left.Equals(right);
}
