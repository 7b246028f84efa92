using System.Net;
using System.Net.Sockets;
using Gateway.Core.Transport;
using Gateway.Core.Uris;

namespace Gateway.Core.Routing;

/// <summary>
/// RFC 3263 §4 through the system resolver: the transport from the <c>transport</c> parameter (or TLS for a
/// <c>sips:</c> URI, else UDP), the port from the URI or the transport's default, and the addresses from the IP
/// literal or from A/AAAA records (<c>maddr</c> wins over the host). NAPTR and SRV need a DNS client the BCL does not
/// have; names are resolved through A/AAAA only.
/// </summary>
public sealed class DnsSipTargetResolver : ISipTargetResolver
{
    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<SipNextHop>> ResolveAsync(SipUri uri, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.Scheme is not (SipUriScheme.Sip or SipUriScheme.Sips)) return [];

        SipTransportKind kind;
        if (uri.Transport is { } transport)
        {
            if (!SipTransportKindExtensions.TryParse(transport, out kind)) return [];
        }
        else
        {
            kind = uri.Scheme == SipUriScheme.Sips ? SipTransportKind.Tls : SipTransportKind.Udp;
        }

        if (uri.Scheme == SipUriScheme.Sips && kind == SipTransportKind.Tcp) kind = SipTransportKind.Tls;
        var port = uri.Port ?? kind.DefaultPort();
        var host = uri.MAddr ?? uri.Host;
        var literal = host.Length > 2 && host[0] == '[' ? host[1..^1] : host;
        if (IPAddress.TryParse(literal, out var address)) return [new SipNextHop(kind, new IPEndPoint(address, port))];

        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            return [];
        }

        var hops = new List<SipNextHop>(addresses.Length);
        foreach (var a in addresses)
        {
            if (a.AddressFamily == AddressFamily.InterNetwork) hops.Add(new SipNextHop(kind, new IPEndPoint(a, port)));
        }

        foreach (var a in addresses)
        {
            if (a.AddressFamily == AddressFamily.InterNetworkV6) hops.Add(new SipNextHop(kind, new IPEndPoint(a, port)));
        }

        return hops;
    }
}
