namespace Gateway.Core.Transport;

/// <summary>The five SIP transports Gateway speaks (RFC 3261 §18, RFC 7118 for WebSocket).</summary>
public enum SipTransportKind
{
    /// <summary>UDP datagrams.</summary>
    Udp,
    /// <summary>TCP connections.</summary>
    Tcp,
    /// <summary>TLS over TCP.</summary>
    Tls,
    /// <summary>WebSocket (RFC 7118), subprotocol <c>sip</c>.</summary>
    Ws,
    /// <summary>WebSocket over TLS (RFC 7118).</summary>
    Wss,
}
