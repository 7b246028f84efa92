namespace Gateway.Media.Dtls;

/// <summary>The life cycle of a <see cref="DtlsSrtpHandshake"/>.</summary>
public enum DtlsHandshakeState
{
    /// <summary>Created; received packets are queued until <see cref="DtlsSrtpHandshake.RunAsync"/> starts.</summary>
    Created,

    /// <summary>The handshake is running.</summary>
    Handshaking,

    /// <summary>The handshake completed and keys were exported; late DTLS packets (retransmitted flights) are still served.</summary>
    Connected,

    /// <summary>The handshake failed.</summary>
    Failed,

    /// <summary>Closed, by <see cref="DtlsSrtpHandshake.Dispose"/> or by the peer's close_notify.</summary>
    Closed,
}
