namespace Gateway.Media.Rtp;

/// <summary>What a datagram received on a media port is, by its first bytes (RFC 7983 §7, RFC 5761 §4).</summary>
public enum PacketKind
{
    /// <summary>None of the kinds below, or too short to be one.</summary>
    Unknown = 0,

    /// <summary>STUN (first byte 0–3).</summary>
    Stun,

    /// <summary>ZRTP (first byte 16–19).</summary>
    Zrtp,

    /// <summary>DTLS (first byte 20–63).</summary>
    Dtls,

    /// <summary>TURN ChannelData (first byte 64–79).</summary>
    TurnChannel,

    /// <summary>RTP or SRTP (first byte 128–191, second byte outside 192–223).</summary>
    Rtp,

    /// <summary>RTCP or SRTCP (first byte 128–191, second byte 192–223).</summary>
    Rtcp,
}
