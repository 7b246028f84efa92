namespace ResidentialGateway.Management;

/// <summary>The transports' counts.</summary>
internal sealed class TransportStatisticsView
{
    /// <summary>Inbound stream connections accepted.</summary>
    public long ConnectionsAccepted { get; init; }

    /// <summary>Outbound stream connections opened.</summary>
    public long ConnectionsOpened { get; init; }

    /// <summary>Stream connections closed.</summary>
    public long ConnectionsClosed { get; init; }

    /// <summary>Connections refused by a limit.</summary>
    public long ConnectionsRefused { get; init; }

    /// <summary>TLS and WebSocket handshakes that failed.</summary>
    public long HandshakeFailures { get; init; }

    /// <summary>Streams that could not be framed.</summary>
    public long FramingErrors { get; init; }

    /// <summary>Connections closed by a timeout.</summary>
    public long Timeouts { get; init; }

    /// <summary>Messages received.</summary>
    public long MessagesReceived { get; init; }

    /// <summary>Messages sent.</summary>
    public long MessagesSent { get; init; }

    /// <summary>Sends that failed.</summary>
    public long SendFailures { get; init; }

    /// <summary>UDP datagrams dropped unread.</summary>
    public long DatagramsDropped { get; init; }
}
