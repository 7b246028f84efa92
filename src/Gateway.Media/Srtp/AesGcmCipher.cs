using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Gateway.Media.Srtp;

/// <summary>
/// AEAD_AES_128_GCM / AEAD_AES_256_GCM for SRTP and SRTCP (RFC 7714): 12-byte IV from SSRC, ROC/SEQ or SRTCP index
/// XOR the session salt (§8.1, §9.1); AAD is the RTP header (§8.2) or the first 8 RTCP bytes and the E/index word
/// (§9.2); without encryption the whole packet is AAD (§8.3/§9.3). One reused <see cref="AesGcm"/> per key.
/// </summary>
internal sealed class AesGcmCipher : SrtpCipher
{
    private const int TagLength = 16;
    private const int NonceLength = 12;

    private readonly AesGcm _rtpGcm;
    private readonly AesGcm _rtcpGcm;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;

    public AesGcmCipher(SrtpSessionKeys keys)
    {
        _rtpGcm = new AesGcm(keys.RtpKey, TagLength);
        _rtcpGcm = new AesGcm(keys.RtcpKey, TagLength);
        _rtpSalt = (byte[])keys.RtpSalt.Clone();
        _rtcpSalt = (byte[])keys.RtcpSalt.Clone();
    }

    public override int RtpOverhead => TagLength;

    public override int RtcpOverhead => TagLength + 4;

    public override int RtcpIndexOffsetFromEnd => 4;

    public override int ProtectRtp(Span<byte> buffer, int headerLength, int length, uint ssrc, ulong index, bool encrypt)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtpNonce(ssrc, index, nonce);
        var tag = buffer.Slice(length, TagLength);
        if (encrypt)
        {
            var payload = buffer[headerLength..length];
            _rtpGcm.Encrypt(nonce, payload, payload, tag, buffer[..headerLength]);
        }
        else
        {
            _rtpGcm.Encrypt(nonce, ReadOnlySpan<byte>.Empty, Span<byte>.Empty, tag, buffer[..length]);
        }

        return length + TagLength;
    }

    public override bool TryUnprotectRtp(Span<byte> buffer, int headerLength, int length, uint ssrc, ulong index, bool encrypted, out int plainLength)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtpNonce(ssrc, index, nonce);
        var end = length - TagLength;
        var tag = buffer[end..length];
        plainLength = 0;
        try
        {
            if (encrypted)
            {
                var payload = buffer[headerLength..end];
                _rtpGcm.Decrypt(nonce, payload, tag, payload, buffer[..headerLength]);
            }
            else
            {
                _rtpGcm.Decrypt(nonce, ReadOnlySpan<byte>.Empty, tag, Span<byte>.Empty, buffer[..end]);
            }
        }
        catch (CryptographicException)
        {
            return false;
        }

        plainLength = end;
        return true;
    }

    public override int ProtectRtcp(Span<byte> buffer, int length, uint ssrc, uint index, bool encrypt)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtcpNonce(ssrc, index, nonce);
        var word = (encrypt ? 0x8000_0000u : 0u) | index;
        if (encrypt)
        {
            Span<byte> aad = stackalloc byte[12];
            buffer[..8].CopyTo(aad);
            BinaryPrimitives.WriteUInt32BigEndian(aad[8..], word);
            var payload = buffer[8..length];
            _rtcpGcm.Encrypt(nonce, payload, payload, buffer.Slice(length, TagLength), aad);
        }
        else
        {
            // RFC 7714 §9.3: AAD = the whole packet || E/index word, which we place right after the packet.
            BinaryPrimitives.WriteUInt32BigEndian(buffer[length..], word);
            Span<byte> tag = stackalloc byte[TagLength];
            _rtcpGcm.Encrypt(nonce, ReadOnlySpan<byte>.Empty, Span<byte>.Empty, tag, buffer[..(length + 4)]);
            tag.CopyTo(buffer[length..]);
        }

        BinaryPrimitives.WriteUInt32BigEndian(buffer[(length + TagLength)..], word);
        return length + TagLength + 4;
    }

    public override bool TryUnprotectRtcp(Span<byte> buffer, int length, uint ssrc, uint index, bool encrypted, out int plainLength)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtcpNonce(ssrc, index, nonce);
        var end = length - 4 - TagLength;
        plainLength = 0;
        try
        {
            if (encrypted)
            {
                Span<byte> aad = stackalloc byte[12];
                buffer[..8].CopyTo(aad);
                buffer[(length - 4)..length].CopyTo(aad[8..]);
                var payload = buffer[8..end];
                _rtcpGcm.Decrypt(nonce, payload, buffer.Slice(end, TagLength), payload, aad);
            }
            else
            {
                Span<byte> tag = stackalloc byte[TagLength];
                buffer.Slice(end, TagLength).CopyTo(tag);
                buffer[(length - 4)..length].CopyTo(buffer[end..]);
                _rtcpGcm.Decrypt(nonce, ReadOnlySpan<byte>.Empty, tag, Span<byte>.Empty, buffer[..(end + 4)]);
            }
        }
        catch (CryptographicException)
        {
            return false;
        }

        plainLength = end;
        return true;
    }

    public override void Dispose()
    {
        _rtpGcm.Dispose();
        _rtcpGcm.Dispose();
        CryptographicOperations.ZeroMemory(_rtpSalt);
        CryptographicOperations.ZeroMemory(_rtcpSalt);
    }

    /// <summary>RFC 7714 §8.1: IV = (00 00 || SSRC || ROC || SEQ) XOR salt.</summary>
    private void BuildRtpNonce(uint ssrc, ulong index, Span<byte> nonce)
    {
        nonce[0] = 0;
        nonce[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[6..], (uint)(index >> 16));
        BinaryPrimitives.WriteUInt16BigEndian(nonce[10..], (ushort)index);
        XorSalt(nonce, _rtpSalt);
    }

    /// <summary>RFC 7714 §9.1: IV = (00 00 || SSRC || 00 00 || 0 || SRTCP index) XOR salt.</summary>
    private void BuildRtcpNonce(uint ssrc, uint index, Span<byte> nonce)
    {
        nonce[0] = 0;
        nonce[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        nonce[6] = 0;
        nonce[7] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], index & 0x7FFF_FFFF);
        XorSalt(nonce, _rtcpSalt);
    }

    private static void XorSalt(Span<byte> nonce, ReadOnlySpan<byte> salt)
    {
        for (var i = 0; i < NonceLength; i++) nonce[i] ^= salt[i];
    }
}
