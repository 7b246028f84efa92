using System.Buffers.Binary;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Gateway.Media.Srtp;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace Gateway.Benchmarks;

/// <summary>
/// SRTP protect and protect+unprotect of a 172-byte RTP packet (12-byte header + 160 bytes of PCMU, 20 ms) for every
/// profile. The baseline is AES_CM_128_HMAC_SHA1_80 protect written the way other .NET SIP stacks ship it: BouncyCastle
/// <c>AesEngine</c> in <c>SicBlockCipher</c> (counter mode) and <c>HMac(Sha1Digest)</c>, with the same session keys;
/// its protect+unprotect is the baseline for the round trips (unprotect alone = round trip − protect, because a real
/// receiver refuses a replayed packet).
/// Each call uses the next sequence number, so the replay check never refuses it.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class SrtpProtectBenchmark
{
    private const int PacketLength = 172;
    private const uint Ssrc = 0x5EC7E7A1;

    private readonly byte[] _buffer = new byte[PacketLength + 64];
    private readonly Dictionary<string, (SrtpContext Sender, SrtpContext Receiver)> _contexts = [];
    private readonly byte[] _bcKeystream = new byte[16];
    private readonly byte[] _bcIv = new byte[16];
    private readonly byte[] _bcMac = new byte[20];
    private readonly byte[] _bcRoc = new byte[4];
    private SrtpContext _cm80 = null!;
    private SrtpContext _cm32 = null!;
    private SrtpContext _cm256 = null!;
    private SrtpContext _gcm128 = null!;
    private SrtpContext _gcm256 = null!;
    private SicBlockCipher _bcCipher = null!;
    private KeyParameter _bcKey = null!;
    private HMac _bcHmac = null!;
    private byte[] _bcSalt = null!;
    private ushort _sequence;
    private IncrementalHash _bclHmac = null!;
    private Aes _bclAes = null!;
    private ICryptoTransform _bclEcb = null!;
    private readonly byte[] _bclBlocks = new byte[176];
    private readonly byte[] _bclOut = new byte[176];

    [GlobalSetup]
    public void Setup()
    {
        foreach (var profile in SrtpProfile.All)
        {
            var key = new byte[profile.CipherKeyLength];
            var salt = new byte[profile.SaltLength];
            for (var i = 0; i < key.Length; i++) key[i] = (byte)(i * 13);
            for (var i = 0; i < salt.Length; i++) salt[i] = (byte)(0xA0 + i);
            _contexts[profile.Name] = (new SrtpContext(profile, key, salt, SrtpDirection.Protect), new SrtpContext(profile, key, salt, SrtpDirection.Unprotect));
        }

        _cm80 = _contexts["AES_CM_128_HMAC_SHA1_80"].Sender;
        _cm32 = _contexts["AES_CM_128_HMAC_SHA1_32"].Sender;
        _cm256 = _contexts["AES_256_CM_HMAC_SHA1_80"].Sender;
        _gcm128 = _contexts["AEAD_AES_128_GCM"].Sender;
        _gcm256 = _contexts["AEAD_AES_256_GCM"].Sender;

        // BouncyCastle baseline over the session keys our KDF derives from the same master key.
        var masterKey = new byte[16];
        var masterSalt = new byte[14];
        for (var i = 0; i < masterKey.Length; i++) masterKey[i] = (byte)(i * 13);
        for (var i = 0; i < masterSalt.Length; i++) masterSalt[i] = (byte)(0xA0 + i);
        var sessionKey = new byte[16];
        var authKey = new byte[20];
        _bcSalt = new byte[14];
        SrtpKeyDerivation.TryDeriveSessionKey(masterKey, masterSalt, SrtpKeyLabel.RtpEncryption, sessionKey);
        SrtpKeyDerivation.TryDeriveSessionKey(masterKey, masterSalt, SrtpKeyLabel.RtpAuthentication, authKey);
        SrtpKeyDerivation.TryDeriveSessionKey(masterKey, masterSalt, SrtpKeyLabel.RtpSalt, _bcSalt);
        _bcCipher = new SicBlockCipher(new AesEngine());
        _bcKey = new KeyParameter(sessionKey);
        _bcHmac = new HMac(new Sha1Digest());
        _bcHmac.Init(new KeyParameter(authKey));

        // Both implementations must produce the same bytes, or the comparison means nothing.
        using var check = new SrtpContext(SrtpProfile.AesCm128HmacSha1Tag80, masterKey, masterSalt, SrtpDirection.Protect);
        var ours = new byte[PacketLength + 64];
        var theirs = new byte[PacketLength + 64];
        WritePacket(ours, 7);
        WritePacket(theirs, 7);
        check.TryProtectRtp(ours, PacketLength, out var length);
        var bcLength = BouncyCastleProtect(theirs, PacketLength, 7);
        if (length != bcLength || !ours.AsSpan(0, length).SequenceEqual(theirs.AsSpan(0, bcLength)))
        {
            throw new InvalidOperationException("BouncyCastle baseline and SrtpContext disagree");
        }

        WritePacket(_buffer, 0);
        _bclHmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, authKey);
        _bclAes = Aes.Create();
        _bclAes.Mode = CipherMode.ECB;
        _bclAes.Padding = PaddingMode.None;
        _bclAes.Key = sessionKey;
        _bclEcb = _bclAes.CreateEncryptor();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _bclHmac.Dispose();
        _bclEcb.Dispose();
        _bclAes.Dispose();
        foreach (var (sender, receiver) in _contexts.Values)
        {
            sender.Dispose();
            receiver.Dispose();
        }
    }

    [Benchmark(Baseline = true, Description = "BouncyCastle AES-CM-128 + HMAC-SHA1-80 protect")]
    public int BouncyCastleProtect80() => BouncyCastleProtect(_buffer, PacketLength, NextSequence());

    [Benchmark(Description = "BouncyCastle AES-CM-128 + HMAC-SHA1-80 protect+unprotect")]
    public int BouncyCastleRoundTrip80()
    {
        var sequence = NextSequence();
        var length = BouncyCastleProtect(_buffer, PacketLength, sequence);
        return BouncyCastleUnprotect(_buffer, length, sequence);
    }

    [Benchmark(Description = "Protect AES_CM_128_HMAC_SHA1_80")]
    public int ProtectAesCm128Tag80() => Protect(_cm80);

    [Benchmark(Description = "Protect AES_CM_128_HMAC_SHA1_32")]
    public int ProtectAesCm128Tag32() => Protect(_cm32);

    [Benchmark(Description = "Protect AES_256_CM_HMAC_SHA1_80")]
    public int ProtectAesCm256Tag80() => Protect(_cm256);

    [Benchmark(Description = "Protect AEAD_AES_128_GCM")]
    public int ProtectAeadAes128Gcm() => Protect(_gcm128);

    [Benchmark(Description = "Protect AEAD_AES_256_GCM")]
    public int ProtectAeadAes256Gcm() => Protect(_gcm256);

    [Benchmark(Description = "Protect+unprotect AES_CM_128_HMAC_SHA1_80")]
    public int RoundTripAesCm128Tag80() => RoundTrip("AES_CM_128_HMAC_SHA1_80");

    [Benchmark(Description = "Protect+unprotect AES_CM_128_HMAC_SHA1_32")]
    public int RoundTripAesCm128Tag32() => RoundTrip("AES_CM_128_HMAC_SHA1_32");

    [Benchmark(Description = "Protect+unprotect AES_256_CM_HMAC_SHA1_80")]
    public int RoundTripAesCm256Tag80() => RoundTrip("AES_256_CM_HMAC_SHA1_80");

    [Benchmark(Description = "Protect+unprotect AEAD_AES_128_GCM")]
    public int RoundTripAeadAes128Gcm() => RoundTrip("AEAD_AES_128_GCM");

    [Benchmark(Description = "Protect+unprotect AEAD_AES_256_GCM")]
    public int RoundTripAeadAes256Gcm() => RoundTrip("AEAD_AES_256_GCM");

    /// <summary>Where protect's time goes (1/2): one HMAC-SHA1 over 176 bytes through the reused IncrementalHash.</summary>
    [Benchmark(Description = "Part: BCL HMAC-SHA1 over 176 B")]
    public int BclHmacOnly()
    {
        _bclHmac.AppendData(_buffer.AsSpan(0, PacketLength + 4));
        return _bclHmac.GetHashAndReset(_bcMac.AsSpan());
    }

    /// <summary>Where protect's time goes (2/2): one AES-ECB call over 11 counter blocks.</summary>
    [Benchmark(Description = "Part: BCL AES-ECB 11 blocks")]
    public int BclEcbOnly() => _bclEcb.TransformBlock(_bclBlocks, 0, 176, _bclOut, 0);

    private ushort NextSequence() => ++_sequence;

    private int Protect(SrtpContext context)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(2), NextSequence());
        if (!context.TryProtectRtp(_buffer, PacketLength, out var length, out var status)) throw new InvalidOperationException("protect: " + status);
        return length;
    }

    private int RoundTrip(string profile)
    {
        var (sender, receiver) = _contexts[profile];
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(2), NextSequence());
        if (!sender.TryProtectRtp(_buffer, PacketLength, out var length, out var status)) throw new InvalidOperationException("protect: " + status);
        if (!receiver.TryUnprotectRtp(_buffer, length, out var plainLength, out status)) throw new InvalidOperationException("unprotect: " + status);
        return plainLength;
    }

    /// <summary>RFC 3711 protect with BouncyCastle, as SIP stacks built on it do: counter mode re-initialised with
    /// the packet IV, block by block, then HMAC-SHA1 over packet ‖ ROC (ROC 0 here).</summary>
    private int BouncyCastleProtect(byte[] packet, int length, ushort sequence)
    {
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BouncyCastleCrypt(packet, length, sequence);
        _bcHmac.BlockUpdate(packet, 0, length);
        _bcHmac.BlockUpdate(_bcRoc, 0, 4);
        _bcHmac.DoFinal(_bcMac, 0);
        Array.Copy(_bcMac, 0, packet, length, 10);
        return length + 10;
    }

    /// <summary>RFC 3711 unprotect with BouncyCastle: HMAC-SHA1 over packet ‖ ROC compared in constant time, then
    /// the same counter-mode keystream.</summary>
    private int BouncyCastleUnprotect(byte[] packet, int length, ushort sequence)
    {
        var authenticated = length - 10;
        _bcHmac.BlockUpdate(packet, 0, authenticated);
        _bcHmac.BlockUpdate(_bcRoc, 0, 4);
        _bcHmac.DoFinal(_bcMac, 0);
        if (!CryptographicOperations.FixedTimeEquals(_bcMac.AsSpan(0, 10), packet.AsSpan(authenticated, 10)))
        {
            throw new InvalidOperationException("BouncyCastle unprotect: tag mismatch");
        }

        BouncyCastleCrypt(packet, authenticated, sequence);
        return authenticated;
    }

    /// <summary>AES-CM with BouncyCastle's <c>SicBlockCipher</c>, re-initialised with the packet IV, block by block.</summary>
    private void BouncyCastleCrypt(byte[] packet, int length, ushort sequence)
    {
        var iv = _bcIv;
        _bcSalt.CopyTo(iv, 0);
        iv[14] = 0;
        iv[15] = 0;
        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(8));
        iv[4] ^= (byte)(ssrc >> 24);
        iv[5] ^= (byte)(ssrc >> 16);
        iv[6] ^= (byte)(ssrc >> 8);
        iv[7] ^= (byte)ssrc;
        iv[12] ^= (byte)(sequence >> 8);
        iv[13] ^= (byte)sequence;
        _bcCipher.Init(true, new ParametersWithIV(_bcKey, iv));
        for (var offset = 12; offset < length; offset += 16)
        {
            var take = Math.Min(16, length - offset);
            if (take == 16)
            {
                _bcCipher.ProcessBlock(packet, offset, packet, offset);
            }
            else
            {
                Array.Clear(_bcKeystream);
                _bcCipher.ProcessBlock(_bcKeystream, 0, _bcKeystream, 0);
                for (var i = 0; i < take; i++) packet[offset + i] ^= _bcKeystream[i];
            }
        }
    }

    private static void WritePacket(byte[] buffer, ushort sequence)
    {
        buffer[0] = 0x80;
        buffer[1] = 0x00;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), 160u * sequence);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), Ssrc);
        for (var i = 12; i < PacketLength; i++) buffer[i] = (byte)(0xFF - (i % 32));
    }
}
