namespace Gateway.Transports;

/// <summary>
/// Defence limits shared by every listener. Message and header sizes come from the gateway's parser options
/// (<c>SipGatewayOptions.Parser</c>); the rest are here. The defaults suit a public-facing proxy.
/// </summary>
public sealed class SipTransportLimits
{
    /// <summary>Most stream connections open at once, inbound and outbound together. Default 10,000.</summary>
    public int MaxConnections { get; set; } = 10_000;

    /// <summary>Most inbound stream connections from one remote IP address. Default 64.</summary>
    public int MaxConnectionsPerAddress { get; set; } = 64;

    /// <summary>
    /// A TCP or TLS connection that carries no byte for this long is closed. Default 10 minutes. WebSocket
    /// connections are kept alive by ping/pong instead (see <see cref="WebSocketKeepAliveInterval"/>).
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Time allowed to finish a message once its first byte has arrived (slow-client defence). Default 10 s.</summary>
    public TimeSpan MessageCompletionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time allowed for a TLS handshake and a WebSocket upgrade, counted from the accept. Default 10 s.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time allowed to open an outbound TCP/TLS connection, handshake included. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Interval of the WebSocket PINGs the server sends. Default 30 s.</summary>
    public TimeSpan WebSocketKeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A WebSocket peer that does not answer a PING with a PONG within this time is dropped (a dead browser or a
    /// silent NAT). Default 30 s. <see cref="TimeSpan.Zero"/> sends unsolicited PONGs instead and never drops.
    /// </summary>
    public TimeSpan WebSocketKeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the timeouts above are checked (one timer for all connections). Default 1 s.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Throws when a limit is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConnections, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConnectionsPerAddress, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(IdleTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MessageCompletionTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HandshakeTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConnectTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(WebSocketKeepAliveInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(WebSocketKeepAliveTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HeartbeatInterval, TimeSpan.Zero);
    }
}
