namespace Gateway.Media.Srtp;

/// <summary>
/// The per-packet transforms of one profile family, working in place on a buffer that has room for the trailer.
/// The context decides the packet index (ROC, SRTCP index) and replay; the cipher only encrypts, tags and verifies.
/// </summary>
internal abstract class SrtpCipher : IDisposable
{
    /// <summary>Bytes SRTP adds after an RTP packet (the tag).</summary>
    public abstract int RtpOverhead { get; }

    /// <summary>Bytes SRTCP adds after an RTCP packet (E bit + index, and the tag).</summary>
    public abstract int RtcpOverhead { get; }

    /// <summary>Distance from the end of an SRTCP packet to its E-bit/index word.</summary>
    public abstract int RtcpIndexOffsetFromEnd { get; }

    public static SrtpCipher Create(SrtpSessionKeys keys) =>
        keys.Profile.IsAead ? new AesGcmCipher(keys) : new AesCmHmacSha1Cipher(keys);

    /// <summary>Protects <c>buffer[..length]</c>; the buffer has room for <see cref="RtpOverhead"/> more bytes.</summary>
    /// <returns>The protected length.</returns>
    public abstract int ProtectRtp(Span<byte> buffer, int headerLength, int length, uint ssrc, ulong index, bool encrypt);

    /// <summary>Verifies and decrypts <c>buffer[..length]</c>, which is at least header + <see cref="RtpOverhead"/> long.</summary>
    public abstract bool TryUnprotectRtp(Span<byte> buffer, int headerLength, int length, uint ssrc, ulong index, bool encrypted, out int plainLength);

    /// <summary>Protects the compound RTCP packet <c>buffer[..length]</c>; room for <see cref="RtcpOverhead"/> more bytes.</summary>
    /// <returns>The protected length.</returns>
    public abstract int ProtectRtcp(Span<byte> buffer, int length, uint ssrc, uint index, bool encrypt);

    /// <summary>Verifies and decrypts an SRTCP packet of at least 8 + <see cref="RtcpOverhead"/> bytes.</summary>
    public abstract bool TryUnprotectRtcp(Span<byte> buffer, int length, uint ssrc, uint index, bool encrypted, out int plainLength);

    public abstract void Dispose();
}
