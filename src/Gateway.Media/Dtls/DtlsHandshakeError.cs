namespace Gateway.Media.Dtls;

/// <summary>Why a DTLS-SRTP handshake failed.</summary>
public enum DtlsHandshakeError
{
    /// <summary>The handshake did not complete within the configured timeout (or the peer stayed silent).</summary>
    Timeout,

    /// <summary>The peer's certificate does not match the a=fingerprint from its SDP.</summary>
    FingerprintMismatch,

    /// <summary>The peer sent no certificate (WebRTC requires both sides to present one, RFC 5763 §5).</summary>
    PeerCertificateMissing,

    /// <summary>The peer did not negotiate use_srtp, or no SRTP protection profile is common to both sides.</summary>
    NoCommonSrtpProfile,

    /// <summary>The peer did not negotiate extended_master_secret and the options require it.</summary>
    ExtendedMasterSecretRequired,

    /// <summary>The peer sent a fatal alert.</summary>
    PeerAlert,

    /// <summary>Any other protocol failure (malformed messages, no common cipher suite, …).</summary>
    ProtocolError,

    /// <summary>The handshake was stopped by <see cref="DtlsSrtpHandshake.Dispose"/>.</summary>
    Closed,
}
