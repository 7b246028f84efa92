using System.Buffers.Binary;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;

// SRTP's AES_CM_*_HMAC_SHA1_* suites are defined over SHA-1 (RFC 3711 §4.2.1): the algorithm is not ours to choose.
#pragma warning disable CA5350
// Disposed by the [GlobalCleanup] that BenchmarkDotNet calls.
#pragma warning disable CA1001

namespace Gateway.Benchmarks;

/// <summary>
/// The pieces of one AES_CM_128_HMAC_SHA1_80 protect of a 172-byte RTP packet, each measured alone with the BCL
/// constructions an SRTP implementation can choose from: HMAC-SHA1 over the 176 authenticated bytes (packet ‖ ROC)
/// and AES keystream for the 160-byte payload (10 counter blocks), plus XOR and header work. Every construction
/// here is built from <c>System.Security.Cryptography</c> primitives only.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class SrtpPrimitivesBenchmark
{
    private const int Authenticated = 176;
    private const int Payload = 160;
    private const int Blocks = 10;

    private readonly byte[] _key = new byte[20];
    private readonly byte[] _aesKey = new byte[16];
    private readonly byte[] _message = new byte[Authenticated];
    private readonly byte[] _mac = new byte[20];
    private readonly byte[] _ipad = new byte[64];
    private readonly byte[] _opad = new byte[64];
    private readonly byte[] _counters = new byte[Blocks * 16];
    private readonly byte[] _keystream = new byte[Blocks * 16];
    private readonly byte[] _payload = new byte[Payload];
    private readonly byte[] _gcmTag = new byte[16];
    private readonly byte[] _nonce = new byte[12];
    private readonly byte[] _iv = new byte[16];
    private IncrementalHash _incrementalHmac = null!;
    private HMACSHA1 _hmacInstance = null!;
    private IncrementalHash _inner = null!;
    private IncrementalHash _outer = null!;
    private Aes _aes = null!;
    private ICryptoTransform _ecb = null!;
    private AesGcm _gcm = null!;

    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < _key.Length; i++) _key[i] = (byte)(i * 7 + 1);
        for (var i = 0; i < _aesKey.Length; i++) _aesKey[i] = (byte)(i * 13);
        for (var i = 0; i < _message.Length; i++) _message[i] = (byte)(i ^ 0x5A);
        for (var i = 0; i < 64; i++)
        {
            var k = i < _key.Length ? _key[i] : (byte)0;
            _ipad[i] = (byte)(k ^ 0x36);
            _opad[i] = (byte)(k ^ 0x5C);
        }

        _incrementalHmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, _key);
        _hmacInstance = new HMACSHA1(_key);
        _inner = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        _outer = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        _aes = Aes.Create();
        _aes.Key = _aesKey;
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _ecb = _aes.CreateEncryptor();
        _gcm = new AesGcm(_aesKey, 16);

        // Every HMAC construction must give the same tag.
        Span<byte> expected = stackalloc byte[20];
        HMACSHA1.HashData(_key, _message, expected);
        HmacRfc2104OneShot();
        if (!expected.SequenceEqual(_mac)) throw new InvalidOperationException("RFC 2104 one-shot HMAC disagrees");
        HmacRfc2104Incremental();
        if (!expected.SequenceEqual(_mac)) throw new InvalidOperationException("RFC 2104 incremental HMAC disagrees");
        HmacKeyedInstance();
        if (!expected.SequenceEqual(_mac)) throw new InvalidOperationException("HMACSHA1 instance disagrees");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _incrementalHmac.Dispose();
        _hmacInstance.Dispose();
        _inner.Dispose();
        _outer.Dispose();
        _ecb.Dispose();
        _aes.Dispose();
        _gcm.Dispose();
    }

    [Benchmark(Baseline = true, Description = "HMAC: IncrementalHash.CreateHMAC, AppendData + GetHashAndReset (before)")]
    public int HmacIncremental()
    {
        _incrementalHmac.AppendData(_message);
        return _incrementalHmac.GetHashAndReset(_mac);
    }

    [Benchmark(Description = "HMAC: HMACSHA1.HashData(key, source, destination) one-shot")]
    public int HmacOneShot() => HMACSHA1.HashData(_key, _message, _mac);

    [Benchmark(Description = "HMAC: keyed HMACSHA1 instance, TryComputeHash")]
    public int HmacKeyedInstance()
    {
        _hmacInstance.TryComputeHash(_message, _mac, out var written);
        return written;
    }

    [Benchmark(Description = "HMAC: RFC 2104 from two SHA1.HashData one-shots (ipad/opad precomputed)")]
    public int HmacRfc2104OneShot()
    {
        Span<byte> inner = stackalloc byte[64 + Authenticated];
        _ipad.CopyTo(inner);
        _message.CopyTo(inner[64..]);
        Span<byte> outer = stackalloc byte[64 + 20];
        _opad.CopyTo(outer);
        SHA1.HashData(inner, outer[64..]);
        return SHA1.HashData(outer, _mac);
    }

    [Benchmark(Description = "HMAC: RFC 2104 from two IncrementalHash(SHA1) (ipad/opad precomputed)")]
    public int HmacRfc2104Incremental()
    {
        Span<byte> innerHash = stackalloc byte[20];
        _inner.AppendData(_ipad);
        _inner.AppendData(_message);
        _inner.GetHashAndReset(innerHash);
        _outer.AppendData(_opad);
        _outer.AppendData(innerHash);
        return _outer.GetHashAndReset(_mac);
    }

    [Benchmark(Description = "Floor: one SHA1.HashData over 64 B")]
    public int Sha1OneShot64() => SHA1.HashData(_message.AsSpan(0, 64), _mac);

    [Benchmark(Description = "Floor: one SHA1.HashData over 176 B")]
    public int Sha1OneShot176() => SHA1.HashData(_message, _mac);

    [Benchmark(Description = "AES: ICryptoTransform.TransformBlock, 10 blocks (before)")]
    public int AesTransformBlock() => _ecb.TransformBlock(_counters, 0, _counters.Length, _keystream, 0);

    [Benchmark(Description = "AES: Aes.EncryptEcb(span, span) one-shot, 10 blocks")]
    public int AesEncryptEcb() => _aes.EncryptEcb(_counters, _keystream, PaddingMode.None);

    [Benchmark(Description = "AES: Aes.EncryptEcb(span, span) one-shot, 1 block")]
    public int AesEncryptEcbOneBlock() => _aes.EncryptEcb(_counters.AsSpan(0, 16), _keystream.AsSpan(0, 16), PaddingMode.None);

    [Benchmark(Description = "Counter blocks: build 10 from an IV")]
    public int BuildCounters()
    {
        var iv = Vector128.Create<byte>(_iv);
        var counters = _counters.AsSpan();
        for (var i = 0; i < Blocks; i++)
        {
            var slot = counters.Slice(i * 16, 16);
            iv.CopyTo(slot);
            BinaryPrimitives.WriteUInt16BigEndian(slot[14..], (ushort)i);
        }

        return counters[15];
    }

    [Benchmark(Description = "XOR: 160 B, Vector256 then Vector128")]
    public int Xor160()
    {
        var data = _payload.AsSpan();
        ReadOnlySpan<byte> keystream = _keystream;
        var i = 0;
        for (; i + 32 <= data.Length; i += 32)
        {
            (Vector256.Create<byte>(data.Slice(i, 32)) ^ Vector256.Create<byte>(keystream.Slice(i, 32))).CopyTo(data[i..]);
        }

        for (; i + 16 <= data.Length; i += 16)
        {
            (Vector128.Create<byte>(data.Slice(i, 16)) ^ Vector128.Create<byte>(keystream.Slice(i, 16))).CopyTo(data[i..]);
        }

        return data[0];
    }

    [Benchmark(Description = "Reference: AesGcm.Encrypt 160 B payload, 12 B AAD")]
    public int AesGcmEncrypt()
    {
        _gcm.Encrypt(_nonce, _payload, _payload, _gcmTag, _message.AsSpan(0, 12));
        return _gcmTag[0];
    }
}
