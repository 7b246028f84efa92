namespace Gateway.Core.Media;

/// <summary>rtpengine's <c>rtcp-mux-…</c> flags.</summary>
[Flags]
public enum MediaRtcpMux
{
    /// <summary>None: pass the sender's choice through.</summary>
    None = 0,

    /// <summary><c>rtcp-mux-offer</c>: offer rtcp-mux to the recipient even if the sender did not.</summary>
    Offer = 1,

    /// <summary><c>rtcp-mux-accept</c>: accept rtcp-mux offered by the sender and pass it on.</summary>
    Accept = 2,

    /// <summary><c>rtcp-mux-demux</c>: accept rtcp-mux from the sender but offer separate RTP and RTCP ports to the recipient.</summary>
    Demux = 4,

    /// <summary><c>rtcp-mux-reject</c>: refuse rtcp-mux from the sender.</summary>
    Reject = 8,

    /// <summary><c>rtcp-mux-require</c>: use rtcp-mux toward the recipient without a fallback RTCP port (WebRTC).</summary>
    Require = 16,
}
