using System.Buffers.Binary;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace Gateway.Media.Srtp;

/// <summary>
/// AES in counter mode as SRTP defines it (RFC 3711 §4.1.1): keystream block i = AES(key, IV + i), with a 16-bit block
/// counter in the low bytes of the IV. The counter blocks are built into a preallocated buffer and encrypted by one
/// AES-ECB call per chunk, through a reused <see cref="ICryptoTransform"/>: no allocation per packet.
/// </summary>
/// <remarks>
/// <para>Each call into the BCL's OpenSSL shim has a fixed cost (≈150 ns on OpenSSL 3.0, most of it the
/// <c>ERR_clear_error</c> the shim runs first) that is larger than AES-NI's work on a whole audio packet. So for small
/// packets <see cref="ApplyPacket"/> produces, in one ECB call, the keystream of the next packets of the same SSRC too
/// (indices <c>i</c> … <c>i + n − 1</c>) and serves them from that batch while they come in order. The keystream of
/// an index is a function of key, salt, SSRC and index only, so a batched block is the very block an unbatched call
/// would produce; nothing is reused across different indices.</para>
/// <para>Not thread-safe: one instance per context and key.</para>
/// </remarks>
internal sealed class AesCounterKeystream : IDisposable
{
    /// <summary>Blocks encrypted per ECB call: 128 × 16 = 2048 bytes, so a 1500-byte packet takes one call.</summary>
    private const int BlocksPerChunk = 128;

    private const int BlockSize = 16;

    /// <summary>Packets larger than this many blocks (256 payload bytes) are not batched: AES work dominates them.</summary>
    private const int MaxBatchedBlocksPerPacket = 16;

    /// <summary>At most this many packets per batch, so that a lost batch (SSRC change, jump) wastes little.</summary>
    private const int MaxBatchedPackets = 16;

    private const ulong MaxIndex = (1UL << 48) - 1;

    private readonly Aes _aes;
    private readonly ICryptoTransform _ecb;
    private readonly byte[] _counters = new byte[BlocksPerChunk * BlockSize];
    private readonly byte[] _keystream = new byte[BlocksPerChunk * BlockSize];

    // The batch held in _keystream: packets _batchFirst … _batchFirst + _batchCount − 1 of _batchSsrc, each
    // _batchBlocks blocks long. _batchCount is 0 when _keystream holds no batch.
    private uint _batchSsrc;
    private ulong _batchFirst;
    private int _batchCount;
    private int _batchBlocks;

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

    /// <summary>
    /// XORs the keystream of the SRTP (or SRTCP) packet with <paramref name="index"/> into <paramref name="data"/>,
    /// from a batch when one covers it; otherwise computes it, with the next packets' keystream too when the packet
    /// is small.
    /// </summary>
    /// <param name="salt">The 14-byte session salt.</param>
    /// <param name="ssrc">The packet's SSRC.</param>
    /// <param name="index">The 48-bit packet index (ROC · 2^16 + SEQ), or the SRTCP index.</param>
    /// <param name="data">The payload to encrypt or decrypt in place, at most <see cref="MaxLength"/>.</param>
    public void ApplyPacket(ReadOnlySpan<byte> salt, uint ssrc, ulong index, Span<byte> data)
    {
        var blocks = (data.Length + BlockSize - 1) / BlockSize;
        if (_batchCount > 0 && ssrc == _batchSsrc && index >= _batchFirst && index - _batchFirst < (ulong)_batchCount
            && blocks <= _batchBlocks)
        {
            var offset = (int)(index - _batchFirst) * _batchBlocks * BlockSize;
            Xor(data, _keystream.AsSpan(offset, data.Length));
            return;
        }

        Span<byte> iv = stackalloc byte[BlockSize];
        if (blocks > MaxBatchedBlocksPerPacket || index > MaxIndex)
        {
            BuildIv(salt, ssrc, index, iv);
            Apply(iv, data);
            return;
        }

        // Keep the largest packet size seen, so that variable-size audio (Opus VBR) does not refill on every
        // slightly larger packet.
        if (_batchBlocks > blocks && _batchBlocks <= MaxBatchedBlocksPerPacket) blocks = _batchBlocks;
        blocks = Math.Max(blocks, 1);
        var count = (int)Math.Min((ulong)Math.Min(MaxBatchedPackets, BlocksPerChunk / blocks), MaxIndex - index + 1);
        var counters = _counters.AsSpan();
        for (var packet = 0; packet < count; packet++)
        {
            BuildIv(salt, ssrc, index + (ulong)packet, iv);
            var ivVector = Vector128.Create<byte>(iv);
            var first = packet * blocks;
            for (var i = 0; i < blocks; i++)
            {
                var slot = counters.Slice((first + i) * BlockSize, BlockSize);
                ivVector.CopyTo(slot);
                BinaryPrimitives.WriteUInt16BigEndian(slot[14..], (ushort)i);
            }
        }

        _ecb.TransformBlock(_counters, 0, count * blocks * BlockSize, _keystream, 0);
        _batchSsrc = ssrc;
        _batchFirst = index;
        _batchCount = count;
        _batchBlocks = blocks;
        Xor(data, _keystream.AsSpan(0, data.Length));
    }

    /// <summary>IV = (k_s · 2^16) XOR (SSRC · 2^64) XOR (i · 2^16) (RFC 3711 §4.1.1); the 16-bit block counter is zero.</summary>
    /// <param name="salt">The 14-byte session salt.</param>
    /// <param name="ssrc">The SSRC.</param>
    /// <param name="index">The packet index (48 bits for SRTP, 31 for SRTCP).</param>
    /// <param name="iv">Receives the 16-byte IV.</param>
    public static void BuildIv(ReadOnlySpan<byte> salt, uint ssrc, ulong index, Span<byte> iv)
    {
        salt[..14].CopyTo(iv);
        iv[14] = 0;
        iv[15] = 0;
        iv[4] ^= (byte)(ssrc >> 24);
        iv[5] ^= (byte)(ssrc >> 16);
        iv[6] ^= (byte)(ssrc >> 8);
        iv[7] ^= (byte)ssrc;
        iv[8] ^= (byte)(index >> 40);
        iv[9] ^= (byte)(index >> 32);
        iv[10] ^= (byte)(index >> 24);
        iv[11] ^= (byte)(index >> 16);
        iv[12] ^= (byte)(index >> 8);
        iv[13] ^= (byte)index;
    }

    /// <summary>XORs the keystream for <paramref name="iv"/> into <paramref name="data"/>.</summary>
    /// <param name="iv">16 bytes; the low 16 bits are the block counter and must be zero.</param>
    /// <param name="data">The bytes to encrypt or decrypt in place, at most <see cref="MaxLength"/>.</param>
    public void Apply(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        _batchCount = 0;
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
        _batchCount = 0;
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
