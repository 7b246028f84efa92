namespace Gateway.Media.Relay.Legs;

/// <summary>
/// Where a leg sends, as one immutable snapshot that the receive loops and <see cref="UdpMediaLeg.Send"/> read with
/// one volatile load and that latching replaces with a compare-and-swap.
/// </summary>
internal sealed record MediaLegRemote
{
    /// <summary>Nothing known yet.</summary>
    public static MediaLegRemote Empty { get; } = new();

    /// <summary>Where RTP (and muxed RTCP) goes: the latched address, else the SDP address; null while unknown.</summary>
    public MediaLegEndPoint? Rtp { get; init; }

    /// <summary>Whether <see cref="Rtp"/> was learnt from the party's traffic (or its ICE nomination).</summary>
    public bool RtpLatched { get; init; }

    /// <summary>When <see cref="Rtp"/> was latched (a <see cref="TimeProvider"/> timestamp).</summary>
    public long RtpLatchedAt { get; init; }

    /// <summary>Where non-muxed RTCP goes: the latched RTCP address, else the SDP's, else RTP port + 1.</summary>
    public MediaLegEndPoint? Rtcp { get; init; }

    /// <summary>Whether <see cref="Rtcp"/> was learnt from the party's traffic on the RTCP socket.</summary>
    public bool RtcpLatched { get; init; }

    /// <summary>When <see cref="Rtcp"/> was latched.</summary>
    public long RtcpLatchedAt { get; init; }

    /// <summary>
    /// On a DTLS leg without ICE: the source of the last DTLS datagram while nothing is latched, so that the handshake
    /// answers the party where it really is (behind NAT) before SRTP confirms the address.
    /// </summary>
    public MediaLegEndPoint? DtlsSource { get; init; }
}
