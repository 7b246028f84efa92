namespace Gateway.Media.Srtp;

/// <summary>The outcome of protecting or unprotecting one packet.</summary>
public enum SrtpStatus
{
    /// <summary>The packet was protected or unprotected.</summary>
    Ok = 0,

    /// <summary>The packet is shorter than its header plus the SRTP/SRTCP trailer.</summary>
    TooShort,

    /// <summary>The packet is not RTP/RTCP version 2, or its header is inconsistent.</summary>
    Malformed,

    /// <summary>The buffer has no room for the authentication tag (and SRTCP index) after the packet.</summary>
    BufferTooSmall,

    /// <summary>The authentication tag does not match: the packet was altered or keyed differently. Counted.</summary>
    AuthenticationFailed,

    /// <summary>The packet index was already seen or is older than the replay window (RFC 3711 §3.3.2). Counted.</summary>
    Replayed,

    /// <summary>A new SSRC arrived while the context already tracks its maximum number of SSRCs.</summary>
    UnknownSsrcLimit,

    /// <summary>The packet index space is exhausted (2^48 SRTP or 2^31 SRTCP packets): the master key must change.</summary>
    KeyLifetimeExceeded,

    /// <summary>The context serves the other direction.</summary>
    WrongDirection,

    /// <summary>The context was disposed.</summary>
    Disposed,
}
