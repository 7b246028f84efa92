namespace ResidentialGateway.Management;

/// <summary>Relay totals over the active sessions.</summary>
internal sealed class MediaStatisticsView
{
    /// <summary>Active sessions.</summary>
    public int Sessions { get; init; }

    /// <summary>Stream legs.</summary>
    public int Streams { get; init; }

    /// <summary>Packets received over all legs.</summary>
    public long PacketsReceived { get; init; }

    /// <summary>Packets sent over all legs.</summary>
    public long PacketsSent { get; init; }

    /// <summary>Bytes received.</summary>
    public long BytesReceived { get; init; }

    /// <summary>Bytes sent.</summary>
    public long BytesSent { get; init; }

    /// <summary>Packets dropped (relay errors).</summary>
    public long Errors { get; init; }
}
