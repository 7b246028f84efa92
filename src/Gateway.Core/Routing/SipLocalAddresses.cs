using System.Net;
using Gateway.Core.Hosting;
using Gateway.Core.Transport;
using Gateway.Core.Uris;
using Microsoft.Extensions.Options;

namespace Gateway.Core.Routing;

/// <summary>
/// OpenSIPS's <c>myself</c>: a URI is ours when its host is one of the configured local domains, or one of the
/// addresses (bound or advertised) the gateway listens on with a matching port.
/// </summary>
public sealed class SipLocalAddresses
{
    private readonly IOptionsMonitor<SipGatewayOptions> _options;
    private readonly ISipTransport _transport;

    /// <summary>Creates the check over the configured domains and the transport's listeners.</summary>
    public SipLocalAddresses(IOptionsMonitor<SipGatewayOptions> options, ISipTransport transport)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(transport);
        _options = options;
        _transport = transport;
    }

    /// <summary>True when <paramref name="uri"/> designates this gateway.</summary>
    public bool IsMyself(SipUri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.Scheme is not (SipUriScheme.Sip or SipUriScheme.Sips)) return false;
        var host = uri.Host;
        foreach (var domain in _options.CurrentValue.LocalDomains)
        {
            if (string.Equals(domain, host, StringComparison.OrdinalIgnoreCase)) return true;
        }

        return FindListener(host, uri.Port) is not null;
    }

    /// <summary>The listener whose address or advertised host is <paramref name="host"/> (and port, when given).</summary>
    public SipListenerInfo? FindListener(string host, int? port)
    {
        ArgumentNullException.ThrowIfNull(host);
        var literal = host.Length > 2 && host[0] == '[' ? host[1..^1] : host;
        var address = IPAddress.TryParse(literal, out var parsed) ? parsed : null;
        foreach (var listener in _transport.Listeners)
        {
            var hostMatches = string.Equals(listener.AdvertisedHost, host, StringComparison.OrdinalIgnoreCase)
                || string.Equals(listener.AdvertisedHost, literal, StringComparison.OrdinalIgnoreCase)
                || (address is not null && listener.EndPoint.Address.Equals(address));
            if (!hostMatches) continue;
            if (port is null || port == listener.AdvertisedPort || port == listener.EndPoint.Port) return listener;
        }

        return null;
    }

    /// <summary>The listener a flow was accepted on or sends from.</summary>
    public SipListenerInfo? ListenerOf(SipFlow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        SipListenerInfo? sameKind = null;
        foreach (var listener in _transport.Listeners)
        {
            if (listener.Kind != flow.Kind) continue;
            if (listener.EndPoint.Equals(flow.LocalEndPoint)) return listener;
            if (listener.EndPoint.Port == flow.LocalEndPoint.Port || listener.EndPoint.AddressFamily == flow.RemoteEndPoint.AddressFamily) sameKind ??= listener;
        }

        return sameKind;
    }
}
