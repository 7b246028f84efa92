using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Gateway.Core.Messages;
using Gateway.Core.Transport;
using Gateway.Core.Uris;

namespace Gateway.Core.Nat;

/// <summary>
/// OpenSIPS' <c>nathelper</c> for the SIP layer: <see cref="FixContact"/> (<c>fix_nated_contact()</c>) and
/// <see cref="IsBehindNat"/> (<c>nat_uac_test()</c>). <c>fix_nated_register()</c> needs no helper: the registrar
/// always stores the REGISTER's source address and flow with the binding (<see cref="Registrar.SipBinding.Received"/>).
/// </summary>
public static class NatHelper
{
    /// <summary>
    /// Rewrites the host and port of the first Contact URI to the address the message came from
    /// (<see cref="SipFlow.RemoteEndPoint"/>), keeping the scheme, user and parameters, so that in-dialog requests
    /// sent to the Contact reach the client's NAT pinhole (for WS, the transport finds the client's connection by
    /// that address). Works on requests and on responses from a UAS. Idempotent; returns true when it changed the
    /// message, false when there was nothing to change (no Contact, <c>*</c>, a non-SIP URI, already the source, or a
    /// malformed Contact, which is left alone).
    /// </summary>
    /// <remarks>
    /// Do not apply it to a REGISTER before <see cref="Registrar.SipRegistrar.SaveAsync"/>: the registrar would store
    /// and echo the rewritten contact, which the client does not recognise as its own. (OpenSIPS' version edits the
    /// outgoing copy only, so <c>save()</c> still sees the original.) The registrar keeps the source address anyway.
    /// </remarks>
    /// <param name="message">The request or response.</param>
    /// <param name="flow">The flow it arrived on.</param>
    public static bool FixContact(SipMessage message, SipFlow flow)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(flow);
        var index = message.Headers.IndexOf(SipHeaderId.Contact);
        if (index < 0 || message.HasWildcardContact) return false;
        var values = new List<SipNameAddress>(1);
        if (!SipNameAddress.TryParseList(message.Headers[index].Value, values)) return false;
        var uri = values[0].Uri;
        if (uri.Scheme is not (SipUriScheme.Sip or SipUriScheme.Sips)) return false;

        var source = Unmap(flow.RemoteEndPoint.Address);
        if (HostIs(uri.Host, source) && uri.Port == flow.RemoteEndPoint.Port) return false;
        uri.Host = source.ToString();
        uri.Port = flow.RemoteEndPoint.Port;

        if (values.Count == 1)
        {
            message.Headers.SetValue(index, values[0].ToString());
            return true;
        }

        var builder = new StringBuilder();
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0) builder.Append(", ");
            builder.Append(values[i].ToString());
        }

        message.Headers.SetValue(index, builder.ToString());
        return true;
    }

    /// <summary>
    /// True when <paramref name="message"/> looks like it came from behind a NAT by the <paramref name="tests"/>
    /// selected (OpenSIPS' <c>nat_uac_test()</c>). Never throws on malformed headers: a check that cannot be made
    /// does not fire.
    /// </summary>
    /// <param name="message">The request or response.</param>
    /// <param name="flow">The flow it arrived on.</param>
    /// <param name="tests">The checks to run.</param>
    public static bool IsBehindNat(SipMessage message, SipFlow flow, NatTests tests = NatTests.Default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(flow);
        var source = Unmap(flow.RemoteEndPoint.Address);
        var sourcePort = flow.RemoteEndPoint.Port;
        if ((tests & NatTests.WebSocket) != 0 && flow.IsWebSocket) return true;
        if ((tests & NatTests.SourcePrivate) != 0 && IsPrivateAddress(source)) return true;

        if ((tests & (NatTests.ViaReceived | NatTests.ViaPrivate | NatTests.ViaPort)) != 0 && message.IsRequest && message.TopVia is { } via)
        {
            var viaAddress = ParseHost(via.Host);
            if ((tests & NatTests.ViaReceived) != 0 && (viaAddress is null || !viaAddress.Equals(source))) return true;
            if ((tests & NatTests.ViaPrivate) != 0 && viaAddress is not null && IsPrivateAddress(viaAddress)) return true;
            if ((tests & NatTests.ViaPort) != 0 && (via.Port ?? DefaultPort(via.Transport)) != sourcePort) return true;
        }

        if ((tests & (NatTests.ContactPrivate | NatTests.ContactPort | NatTests.ContactAddress)) != 0
            && !message.HasWildcardContact
            && message.Headers.IndexOf(SipHeaderId.Contact) is var index and >= 0)
        {
            var values = new List<SipNameAddress>(1);
            if (SipNameAddress.TryParseList(message.Headers[index].Value, values) && values[0].Uri is { Scheme: SipUriScheme.Sip or SipUriScheme.Sips } uri)
            {
                var contactAddress = ParseHost(uri.Host);
                if ((tests & NatTests.ContactPrivate) != 0 && contactAddress is not null && IsPrivateAddress(contactAddress)) return true;
                if ((tests & NatTests.ContactAddress) != 0 && (contactAddress is null || !contactAddress.Equals(source))) return true;
                var defaultPort = uri.IsSecure ? 5061 : DefaultPort(uri.Transport);
                if ((tests & NatTests.ContactPort) != 0 && (uri.Port ?? defaultPort) != sourcePort) return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True for the addresses a NAT hides: 10/8, 172.16/12, 192.168/16 (RFC 1918), 100.64/10 (RFC 6598, carrier-grade
    /// NAT) and fc00::/7 (IPv6 unique local, RFC 4193), IPv4-mapped forms included.
    /// </summary>
    /// <param name="address">An IP address.</param>
    public static bool IsPrivateAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        address = Unmap(address);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            address.TryWriteBytes(b, out _);
            return b[0] == 10
                || (b[0] == 172 && (b[1] & 0xF0) == 16)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 100 && (b[1] & 0xC0) == 64);
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            Span<byte> b = stackalloc byte[16];
            address.TryWriteBytes(b, out _);
            return (b[0] & 0xFE) == 0xFC;
        }

        return false;
    }

    // IPv4-mapped addresses as IPv4; an IPv6 scope id dropped (it cannot appear in a URI host).
    private static IPAddress Unmap(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) return address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0) return new IPAddress(address.GetAddressBytes());
        return address;
    }

    private static IPAddress? ParseHost(string host)
    {
        var span = host.AsSpan();
        if (span.Length > 1 && span[0] == '[' && span[^1] == ']') span = span[1..^1];
        return IPAddress.TryParse(span, out var address) ? Unmap(address) : null;
    }

    private static bool HostIs(string host, IPAddress address) => ParseHost(host) is { } parsed && parsed.Equals(address);

    private static int DefaultPort(string? transport) =>
        transport is not null && SipTransportKindExtensions.TryParse(transport, out var kind) ? kind.DefaultPort() : 5060;

    internal static string FormatHost(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6
            ? string.Create(CultureInfo.InvariantCulture, $"[{address}]")
            : address.ToString();
}
