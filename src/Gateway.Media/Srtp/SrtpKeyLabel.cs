namespace Gateway.Media.Srtp;

/// <summary>The key derivation labels of RFC 3711 §4.3.2 (SRTP) and §4.3.2/§3.4 (SRTCP).</summary>
public enum SrtpKeyLabel : byte
{
    /// <summary>SRTP encryption key (0x00).</summary>
    RtpEncryption = 0,

    /// <summary>SRTP authentication key (0x01).</summary>
    RtpAuthentication = 1,

    /// <summary>SRTP salting key (0x02).</summary>
    RtpSalt = 2,

    /// <summary>SRTCP encryption key (0x03).</summary>
    RtcpEncryption = 3,

    /// <summary>SRTCP authentication key (0x04).</summary>
    RtcpAuthentication = 4,

    /// <summary>SRTCP salting key (0x05).</summary>
    RtcpSalt = 5,
}
