namespace Gateway.Core.Transport;

/// <summary>Properties and wire names of <see cref="SipTransportKind"/>.</summary>
public static class SipTransportKindExtensions
{
    /// <summary>True for every transport but UDP: delivery is reliable and framing is by Content-Length or WebSocket message.</summary>
    public static bool IsReliable(this SipTransportKind kind) => kind != SipTransportKind.Udp;

    /// <summary>True for TLS and WSS.</summary>
    public static bool IsSecure(this SipTransportKind kind) => kind is SipTransportKind.Tls or SipTransportKind.Wss;

    /// <summary>True for WS and WSS.</summary>
    public static bool IsWebSocket(this SipTransportKind kind) => kind is SipTransportKind.Ws or SipTransportKind.Wss;

    /// <summary>The transport token of a Via header: UDP, TCP, TLS, WS or WSS (RFC 3261 §20.42, RFC 7118 §5).</summary>
    public static string ToViaToken(this SipTransportKind kind) => kind switch
    {
        SipTransportKind.Udp => "UDP",
        SipTransportKind.Tcp => "TCP",
        SipTransportKind.Tls => "TLS",
        SipTransportKind.Ws => "WS",
        SipTransportKind.Wss => "WSS",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>
    /// The value of a URI <c>transport</c> parameter: udp, tcp, tls, ws or wss. (RFC 3261 writes TLS as
    /// <c>sips:</c> + <c>transport=tcp</c>; <c>transport=tls</c> is what deployed proxies, OpenSIPS included, use.)
    /// </summary>
    public static string ToUriParameter(this SipTransportKind kind) => kind switch
    {
        SipTransportKind.Udp => "udp",
        SipTransportKind.Tcp => "tcp",
        SipTransportKind.Tls => "tls",
        SipTransportKind.Ws => "ws",
        SipTransportKind.Wss => "wss",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The port used when a URI or Via names none: 5061 for TLS and WSS, else 5060 (RFC 3261 §19.1.2).</summary>
    public static int DefaultPort(this SipTransportKind kind) => kind.IsSecure() ? 5061 : 5060;

    /// <summary>Recognises a Via token or URI transport parameter, any case.</summary>
    public static bool TryParse(ReadOnlySpan<char> token, out SipTransportKind kind)
    {
        if (token.Equals("udp", StringComparison.OrdinalIgnoreCase)) kind = SipTransportKind.Udp;
        else if (token.Equals("tcp", StringComparison.OrdinalIgnoreCase)) kind = SipTransportKind.Tcp;
        else if (token.Equals("tls", StringComparison.OrdinalIgnoreCase)) kind = SipTransportKind.Tls;
        else if (token.Equals("ws", StringComparison.OrdinalIgnoreCase)) kind = SipTransportKind.Ws;
        else if (token.Equals("wss", StringComparison.OrdinalIgnoreCase)) kind = SipTransportKind.Wss;
        else
        {
            kind = default;
            return false;
        }

        return true;
    }
}
