namespace Gateway.Media.Srtp;

/// <summary>Settings of an <see cref="SrtpContext"/>.</summary>
public sealed class SrtpContextOptions
{
    /// <summary>The default settings.</summary>
    public static SrtpContextOptions Default { get; } = new();

    /// <summary>The most SSRCs a context tracks (ROC, replay window); packets of further SSRCs are refused with
    /// <see cref="SrtpStatus.UnknownSsrcLimit"/>. Default 16; 1 to 4096.</summary>
    public int MaxSsrcs { get; init; } = 16;

    /// <summary>Whether SRTP payloads are encrypted; <see langword="false"/> is SDES <c>UNENCRYPTED_SRTP</c>
    /// (RFC 4568 §6.3.2): packets are only authenticated. Default <see langword="true"/>.</summary>
    public bool EncryptRtp { get; init; } = true;

    /// <summary>Whether SRTCP payloads are encrypted when protecting (the E bit); <see langword="false"/> is SDES
    /// <c>UNENCRYPTED_SRTCP</c>. Unprotect follows each packet's E bit. Default <see langword="true"/>.</summary>
    public bool EncryptRtcp { get; init; } = true;
}
