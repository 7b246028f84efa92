namespace Gateway.Media.Relay;

/// <summary>How media toward one party is protected.</summary>
internal enum MediaLegSecurity
{
    /// <summary>Plain RTP/RTCP (RTP/AVP, RTP/AVPF).</summary>
    None,

    /// <summary>SRTP keyed by SDES a=crypto lines (RTP/SAVP, RTP/SAVPF).</summary>
    Sdes,

    /// <summary>SRTP keyed by a DTLS handshake on the media port (UDP/TLS/RTP/SAVP(F)).</summary>
    Dtls,
}
