using Gateway.Media.Srtp;

namespace Gateway.Media.Tests.Srtp;

/// <summary>
/// <see cref="AesCounterKeystream.ApplyPacket"/> serves small packets from a keystream batch computed ahead; whatever
/// the order of calls, every packet must get exactly the RFC 3711 §4.1.1 keystream of its own (SSRC, index).
/// </summary>
public sealed class AesCounterKeystreamBatchTests
{
    private static readonly byte[] Key = Convert.FromHexString("2B7E151628AED2A6ABF7158809CF4F3C");
    private static readonly byte[] Salt = Convert.FromHexString("F0F1F2F3F4F5F6F7F8F9FAFBFCFD");

    [Fact]
    public void ApplyPacket_InOrderAudioPackets_MatchesUnbatchedKeystream()
    {
        using var batched = new AesCounterKeystream(Key);
        using var reference = new AesCounterKeystream(Key);
        for (ulong index = 65_500; index < 65_600; index++)
        {
            AssertSameKeystream(batched, reference, 0x1234_5678, index, 160);
        }
    }

    [Fact]
    public void ApplyPacket_SizesSsrcsAndIndicesMixed_MatchesUnbatchedKeystream()
    {
        using var batched = new AesCounterKeystream(Key);
        using var reference = new AesCounterKeystream(Key);
        var random = new Random(3711);
        var index = 1000UL;
        for (var i = 0; i < 3000; i++)
        {
            var ssrc = random.Next(4) == 0 ? 0xCAFEu : 0xBEEFu;
            index = random.Next(6) switch
            {
                0 => index - (ulong)random.Next(0, 20),   // reordered or repeated
                1 => index + (ulong)random.Next(2, 40),   // loss
                _ => index + 1,
            };
            var length = random.Next(5) switch
            {
                0 => random.Next(0, 1400),                // anything, video-sized included
                1 => random.Next(0, 17),                  // tiny
                _ => random.Next(120, 260),               // variable-bit-rate audio around the batch limit
            };
            AssertSameKeystream(batched, reference, ssrc, index, length);
        }
    }

    [Fact]
    public void ApplyPacket_LastIndicesOfTheKeyLifetime_BatchStopsAtTheLimit()
    {
        using var batched = new AesCounterKeystream(Key);
        using var reference = new AesCounterKeystream(Key);
        const ulong max = (1UL << 48) - 1;
        for (var index = max - 3; index <= max; index++)
        {
            AssertSameKeystream(batched, reference, 7, index, 160);
        }
    }

    [Fact]
    public void ApplyPacket_AfterUnbatchedApply_DoesNotServeAStaleBatch()
    {
        using var batched = new AesCounterKeystream(Key);
        using var reference = new AesCounterKeystream(Key);
        AssertSameKeystream(batched, reference, 9, 100, 160);
        var scratch = new byte[160];
        Span<byte> iv = stackalloc byte[16];
        AesCounterKeystream.BuildIv(Salt, 10, 5, iv);
        batched.Apply(iv, scratch);                        // overwrites the keystream buffer
        AssertSameKeystream(batched, reference, 9, 101, 160);
    }

    private static void AssertSameKeystream(AesCounterKeystream batched, AesCounterKeystream reference, uint ssrc, ulong index, int length)
    {
        var data = new byte[length];
        for (var i = 0; i < length; i++) data[i] = (byte)(i * 31 + (int)index);
        var expected = (byte[])data.Clone();
        Span<byte> iv = stackalloc byte[16];
        AesCounterKeystream.BuildIv(Salt, ssrc, index, iv);
        reference.Apply(iv, expected);
        batched.ApplyPacket(Salt, ssrc, index, data);
        Assert.True(expected.AsSpan().SequenceEqual(data), $"keystream differs at SSRC {ssrc:X}, index {index}, length {length}");
    }
}
