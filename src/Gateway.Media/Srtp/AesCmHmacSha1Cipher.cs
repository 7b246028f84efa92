using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Gateway.Media.Srtp;

/// <summary>
/// AES-CM encryption (RFC 3711 §4.1.1) and HMAC-SHA1 authentication (§4.2.1) for the AES_CM_*_HMAC_SHA1_* suites.
/// The HMAC instances are created once and reset by each tag computation; the ROC or SRTCP word is placed in the
/// buffer right after the authenticated bytes so that each tag costs one hash update.
/// </summary>
internal sealed class AesCmHmacSha1Cipher : SrtpCipher
{
    private const int Sha1Length = 20;

    private readonly AesCounterKeystream _rtpCipher;
    private readonly AesCounterKeystream _rtcpCipher;
    private readonly IncrementalHash _rtpMac;
    private readonly IncrementalHash _rtcpMac;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;
    private readonly int _rtpTagLength;
    private readonly int _rtcpTagLength;

    public AesCmHmacSha1Cipher(SrtpSessionKeys keys)
    {
        _rtpCipher = new AesCounterKeystream(keys.RtpKey);
        _rtcpCipher = new AesCounterKeystream(keys.RtcpKey);
        _rtpMac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, keys.RtpAuthKey);
        _rtcpMac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, keys.RtcpAuthKey);
        _rtpSalt = (byte[])keys.RtpSalt.Clone();
        _rtcpSalt = (byte[])keys.RtcpSalt.Clone();
        _rtpTagLength = keys.Profile.RtpAuthTagLength;
        _rtcpTagLength = keys.Profile.RtcpAuthTagLength;
    }

    public override int RtpOverhead => _rtpTagLength;

    public override int RtcpOverhead => 4 + _rtcpTagLength;

    public override int RtcpIndexOffsetFromEnd => 4 + _rtcpTagLength;

    public override int ProtectRtp(Span<byte> buffer, int headerLength, int length, uint ssrc, ulong index, bool encrypt)
    {
        if (encrypt)
        {
            _rtpCipher.ApplyPacket(_rtpSalt, ssrc, index, buffer[headerLength..length]);
        }

        // RFC 3711 §4.2: M = authenticated portion || ROC. The ROC goes where the tag will be written (tag ≥ 4 bytes).
        BinaryPrimitives.WriteUInt32BigEndian(buffer[length..], (uint)(index >> 16));
        Span<byte> mac = stackalloc byte[Sha1Length];
        _rtpMac.AppendData(buffer[..(length + 4)]);
        _rtpMac.GetHashAndReset(mac);
        mac[.._rtpTagLength].CopyTo(buffer[length..]);
        return length + _rtpTagLength;
    }

    public override bool TryUnprotectRtp(Span<byte> buffer, int headerLength, int length, uint ssrc, ulong index, bool encrypted, out int plainLength)
    {
        var authenticated = length - _rtpTagLength;
        Span<byte> received = stackalloc byte[Sha1Length];
        var receivedTag = received[.._rtpTagLength];
        buffer.Slice(authenticated, _rtpTagLength).CopyTo(receivedTag);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[authenticated..], (uint)(index >> 16));
        Span<byte> mac = stackalloc byte[Sha1Length];
        _rtpMac.AppendData(buffer[..(authenticated + 4)]);
        _rtpMac.GetHashAndReset(mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[.._rtpTagLength], receivedTag))
        {
            receivedTag.CopyTo(buffer[authenticated..]);
            plainLength = 0;
            return false;
        }

        if (encrypted)
        {
            _rtpCipher.ApplyPacket(_rtpSalt, ssrc, index, buffer[headerLength..authenticated]);
        }

        plainLength = authenticated;
        return true;
    }

    public override int ProtectRtcp(Span<byte> buffer, int length, uint ssrc, uint index, bool encrypt)
    {
        if (encrypt)
        {
            _rtcpCipher.ApplyPacket(_rtcpSalt, ssrc, index, buffer[8..length]);
        }

        // RFC 3711 §3.4: header || (encrypted) payload || E || SRTCP index || tag; the tag covers all before it.
        BinaryPrimitives.WriteUInt32BigEndian(buffer[length..], (encrypt ? 0x8000_0000u : 0u) | index);
        Span<byte> mac = stackalloc byte[Sha1Length];
        _rtcpMac.AppendData(buffer[..(length + 4)]);
        _rtcpMac.GetHashAndReset(mac);
        mac[.._rtcpTagLength].CopyTo(buffer[(length + 4)..]);
        return length + 4 + _rtcpTagLength;
    }

    public override bool TryUnprotectRtcp(Span<byte> buffer, int length, uint ssrc, uint index, bool encrypted, out int plainLength)
    {
        var authenticated = length - _rtcpTagLength;
        Span<byte> mac = stackalloc byte[Sha1Length];
        _rtcpMac.AppendData(buffer[..authenticated]);
        _rtcpMac.GetHashAndReset(mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[.._rtcpTagLength], buffer.Slice(authenticated, _rtcpTagLength)))
        {
            plainLength = 0;
            return false;
        }

        plainLength = authenticated - 4;
        if (encrypted)
        {
            _rtcpCipher.ApplyPacket(_rtcpSalt, ssrc, index, buffer[8..plainLength]);
        }

        return true;
    }

    public override void Dispose()
    {
        _rtpCipher.Dispose();
        _rtcpCipher.Dispose();
        _rtpMac.Dispose();
        _rtcpMac.Dispose();
        CryptographicOperations.ZeroMemory(_rtpSalt);
        CryptographicOperations.ZeroMemory(_rtcpSalt);
    }
}
