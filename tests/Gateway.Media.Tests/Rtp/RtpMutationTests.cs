using FsCheck.Xunit;
using Gateway.Media.Rtp;

namespace Gateway.Media.Tests.Rtp;

/// <summary>Random and mutated inputs never make the RTP/RTCP readers or the classifier throw or loop.</summary>
public sealed class RtpMutationTests
{
    [Property(MaxTest = 2000)]
    public void Readers_RandomBytes_NeverThrow(byte[] data)
    {
        ReadEverything(data);
        if (data.Length > 0)
        {
            data[0] = (byte)(0x80 | (data[0] & 0x3F)); // make version 2 more likely to get past the first check
            ReadEverything(data);
        }
    }

    [Fact]
    public void Readers_SeededMutationsOfValidPackets_NeverThrow()
    {
        var random = new Random(7983);
        var seeds = new[] { RtcpCompoundReaderTests.Compound, Convert.FromHexString("B2E01234DECAFBADCAFEBABE0000000100000002BEDE000110FF00006162630002") };
        for (var i = 0; i < 20000; i++)
        {
            var seed = seeds[i % seeds.Length];
            var mutated = seed.AsSpan(0, random.Next(seed.Length + 1)).ToArray();
            for (var flips = random.Next(1, 4); flips > 0 && mutated.Length > 0; flips--)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }

            ReadEverything(mutated);
        }
    }

    private static void ReadEverything(byte[] data)
    {
        _ = PacketClassifier.Classify(data);
        if (RtpHeader.TryRead(data, out var header, out var length))
        {
            Assert.InRange(length, 12, data.Length);
            _ = header.Payload.Length + header.ExtensionData.Length + header.CsrcBytes.Length + header.ExtensionProfile;
            for (var i = 0; i < header.CsrcCount; i++) _ = header.GetCsrc(i);
            _ = header.TryGetPayloadWithoutPadding(out _);
        }

        var reader = new RtcpCompoundReader(data);
        var guard = 0;
        while (reader.TryReadNext(out var rtcp, out var packet))
        {
            Assert.Equal(rtcp.PacketLength, packet.Length);
            Assert.True(++guard <= data.Length / 4);
        }

        _ = RtcpCompoundReader.TryValidate(data, out _);
    }
}
