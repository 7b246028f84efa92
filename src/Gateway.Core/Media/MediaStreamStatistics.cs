using System.Net;

namespace Gateway.Core.Media;

/// <summary>Counters of one side (leg) of one media stream, as seen by the relay.</summary>
public sealed class MediaStreamStatistics
{
    /// <summary>The tag of the party this leg faces.</summary>
    public required string Tag { get; init; }

    /// <summary>The m-line's index in the SDP (0-based).</summary>
    public int MediaIndex { get; init; }

    /// <summary>The media type (<c>audio</c>, <c>video</c>, …).</summary>
    public string MediaType { get; init; } = "audio";

    /// <summary>The transport protocol used on this leg (<c>RTP/AVP</c>, <c>UDP/TLS/RTP/SAVPF</c>, …).</summary>
    public string Protocol { get; init; } = "RTP/AVP";

    /// <summary>The relay's local address for this leg (what the SDP toward the party advertises).</summary>
    public IPEndPoint? LocalEndPoint { get; init; }

    /// <summary>The party's media address, latched or from its SDP; <see langword="null"/> before it is known.</summary>
    public IPEndPoint? RemoteEndPoint { get; init; }

    /// <summary>Whether <see cref="RemoteEndPoint"/> was learned from (authenticated) traffic rather than the SDP.</summary>
    public bool Latched { get; init; }

    /// <summary>Packets received from the party (RTP and RTCP).</summary>
    public long PacketsReceived { get; init; }

    /// <summary>Bytes received from the party.</summary>
    public long BytesReceived { get; init; }

    /// <summary>Packets sent to the party.</summary>
    public long PacketsSent { get; init; }

    /// <summary>Bytes sent to the party.</summary>
    public long BytesSent { get; init; }

    /// <summary>Packets dropped: failed authentication, replays, wrong source, undecodable.</summary>
    public long Errors { get; init; }

    /// <summary>When the last packet arrived from the party.</summary>
    public DateTimeOffset? LastPacket { get; init; }
}
