namespace Gateway.Media.Rtp;

/// <summary>
/// Demultiplexes the protocols that share one media port: RFC 7983 §7 by the first byte, then RTP against RTCP by
/// the second byte (RFC 5761 §4: values 192–223 are RTCP packet types).
/// </summary>
public static class PacketClassifier
{
    /// <summary>Shortest STUN message: the 20-byte header (RFC 8489 §5).</summary>
    private const int MinStunLength = 20;

    /// <summary>Shortest DTLS record: the 13-byte record header (RFC 6347 §4.1).</summary>
    private const int MinDtlsLength = 13;

    /// <summary>Shortest TURN ChannelData message: the 4-byte header (RFC 8656 §12.4).</summary>
    private const int MinChannelDataLength = 4;

    /// <summary>Shortest RTCP packet that carries an SSRC.</summary>
    private const int MinRtcpLength = 8;

    /// <summary>Classifies a datagram.</summary>
    /// <param name="datagram">The received bytes.</param>
    /// <returns>The kind; <see cref="PacketKind.Unknown"/> for anything unrecognised or shorter than its kind's header.</returns>
    public static PacketKind Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty) return PacketKind.Unknown;
        var first = datagram[0];
        switch (first)
        {
            case <= 3:
                return datagram.Length >= MinStunLength ? PacketKind.Stun : PacketKind.Unknown;
            case >= 16 and <= 19:
                return datagram.Length >= 2 ? PacketKind.Zrtp : PacketKind.Unknown;
            case >= 20 and <= 63:
                return datagram.Length >= MinDtlsLength ? PacketKind.Dtls : PacketKind.Unknown;
            case >= 64 and <= 79:
                return datagram.Length >= MinChannelDataLength ? PacketKind.TurnChannel : PacketKind.Unknown;
            case >= 128 and <= 191:
                if (datagram.Length < 2) return PacketKind.Unknown;
                if (datagram[1] is >= 192 and <= 223)
                {
                    return datagram.Length >= MinRtcpLength ? PacketKind.Rtcp : PacketKind.Unknown;
                }

                return datagram.Length >= RtpHeader.FixedHeaderLength ? PacketKind.Rtp : PacketKind.Unknown;
            default:
                return PacketKind.Unknown;
        }
    }
}
