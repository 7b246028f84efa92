namespace Gateway.Core.Media;

/// <summary>The transport protocol of an m-line toward the SDP's recipient (rtpengine's <c>transport-protocol</c>).</summary>
public enum MediaTransportProtocol
{
    /// <summary>Keep the protocol the sender used.</summary>
    Unchanged,

    /// <summary><c>RTP/AVP</c>: plain RTP.</summary>
    RtpAvp,

    /// <summary><c>RTP/SAVP</c>: SRTP keyed by SDES.</summary>
    RtpSavp,

    /// <summary><c>RTP/AVPF</c>: plain RTP with RTCP feedback.</summary>
    RtpAvpf,

    /// <summary><c>RTP/SAVPF</c>: SRTP (SDES) with RTCP feedback.</summary>
    RtpSavpf,

    /// <summary><c>UDP/TLS/RTP/SAVP</c>: DTLS-SRTP.</summary>
    UdpTlsRtpSavp,

    /// <summary><c>UDP/TLS/RTP/SAVPF</c>: DTLS-SRTP with RTCP feedback, what WebRTC uses.</summary>
    UdpTlsRtpSavpf,
}
