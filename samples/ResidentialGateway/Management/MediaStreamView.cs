namespace ResidentialGateway.Management;

/// <summary>Counters of one leg of one media stream.</summary>
internal sealed class MediaStreamView
{
    /// <summary>The tag of the party this leg faces.</summary>
    public required string Tag { get; init; }

    /// <summary>The m-line index.</summary>
    public int MediaIndex { get; init; }

    /// <summary>audio, video…</summary>
    public required string MediaType { get; init; }

    /// <summary>RTP/AVP, UDP/TLS/RTP/SAVPF…</summary>
    public required string Protocol { get; init; }

    /// <summary>The relay's address for this leg.</summary>
    public string? Local { get; init; }

    /// <summary>The party's address.</summary>
    public string? Remote { get; init; }

    /// <summary>Whether the remote address was learned from traffic.</summary>
    public bool Latched { get; init; }

    /// <summary>Packets from the party.</summary>
    public long PacketsReceived { get; init; }

    /// <summary>Bytes from the party.</summary>
    public long BytesReceived { get; init; }

    /// <summary>Packets to the party.</summary>
    public long PacketsSent { get; init; }

    /// <summary>Bytes to the party.</summary>
    public long BytesSent { get; init; }

    /// <summary>Packets dropped.</summary>
    public long Errors { get; init; }

    /// <summary>When the last packet came.</summary>
    public DateTimeOffset? LastPacket { get; init; }
}
