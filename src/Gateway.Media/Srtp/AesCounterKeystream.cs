using System.Buffers.Binary;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace Gateway.Media.Srtp;

/// <summary>
/// AES in counter mode as SRTP defines it (RFC 3711 §4.1.1): keystream block i = AES(key, IV + i), with a 16-bit block
/// counter in the low bytes of the IV. The counter blocks of a packet are built into a preallocated buffer and
/// encrypted by one AES-ECB call per chunk, through a reused <see cref="ICryptoTransform"/>: no allocation per packet.
/// </summary>
/// <remarks>Not thread-safe: one instance per context and key.</remarks>
internal sealed class AesCounterKeystream : IDisposable
{
    /// <summary>Blocks encrypted per ECB call: 64 × 16 = 1024 bytes, so a 1500-byte packet takes two calls.</summary>
    private const int BlocksPerChunk = 64;

    private const int BlockSize = 16;

    private readonly Aes _aes;
    private readonly ICryptoTransform _ecb;
    private readonly byte[] _counters = new byte[BlocksPerChunk * BlockSize];
    private readonly byte[] _keystream = new byte[BlocksPerChunk * BlockSize];

    public AesCounterKeystream(ReadOnlySpan<byte> key)
    {
        _aes = Aes.Create();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        var keyCopy = key.ToArray();
        try
        {
            _aes.Key = keyCopy;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyCopy);
        }

        _ecb = _aes.CreateEncryptor();
    }

    /// <summary>The largest data this keystream covers: the 16-bit block counter allows 2^16 blocks.</summary>
    public const int MaxLength = 65536 * BlockSize;

    /// <summary>XORs the keystream for <paramref name="iv"/> into <paramref name="data"/>.</summary>
    /// <param name="iv">16 bytes; the low 16 bits are the block counter and must be zero.</param>
    /// <param name="data">The bytes to encrypt or decrypt in place, at most <see cref="MaxLength"/>.</param>
    public void Apply(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        var ivVector = Vector128.Create(iv);
        var counters = _counters.AsSpan();
        var keystream = _keystream.AsSpan();
        var block = 0;
        while (!data.IsEmpty)
        {
            var blocks = Math.Min(BlocksPerChunk, (data.Length + BlockSize - 1) / BlockSize);
            for (var i = 0; i < blocks; i++)
            {
                var slot = counters.Slice(i * BlockSize, BlockSize);
                ivVector.CopyTo(slot);
                BinaryPrimitives.WriteUInt16BigEndian(slot[14..], (ushort)(block + i));
            }

            var bytes = blocks * BlockSize;
            _ecb.TransformBlock(_counters, 0, bytes, _keystream, 0);
            var take = Math.Min(bytes, data.Length);
            Xor(data[..take], keystream[..take]);
            data = data[take..];
            block += blocks;
        }
    }

    /// <summary>Writes the keystream for <paramref name="iv"/> into <paramref name="output"/>.</summary>
    /// <param name="iv">16 bytes, low 16 bits zero.</param>
    /// <param name="output">Receives the keystream.</param>
    public void Generate(ReadOnlySpan<byte> iv, Span<byte> output)
    {
        output.Clear();
        Apply(iv, output);
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_keystream);
        _ecb.Dispose();
        _aes.Dispose();
    }

    private static void Xor(Span<byte> data, ReadOnlySpan<byte> keystream)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 32 <= data.Length; i += 32)
            {
                var x = Vector256.Create<byte>(data.Slice(i, 32)) ^ Vector256.Create<byte>(keystream.Slice(i, 32));
                x.CopyTo(data[i..]);
            }
        }

        for (; i + 16 <= data.Length; i += 16)
        {
            var x = Vector128.Create<byte>(data.Slice(i, 16)) ^ Vector128.Create<byte>(keystream.Slice(i, 16));
            x.CopyTo(data[i..]);
        }

        for (; i < data.Length; i++) data[i] ^= keystream[i];
    }
}
