using Gateway.Media.Rtp;

namespace Gateway.Media.Tests.Rtp;

public sealed class RtcpCompoundReaderTests
{
    // SR (RC=0, 6 words) + SDES (SC=1, CNAME "ab") + BYE (SC=1) + PSFB PLI (FMT=1) + RTPFB NACK (FMT=1) + XR + APP.
    internal static readonly byte[] Compound = Convert.FromHexString(
        "80C80006" + "11111111" + "0000000100000002" + "00000003" + "00000004" + "00000005" +
        "81CA0003" + "11111111" + "0102616200000000" +
        "81CB0001" + "11111111" +
        "81CE0002" + "11111111" + "22222222" +
        "81CD0003" + "11111111" + "22222222" + "00050000" +
        "80CF0001" + "11111111" +
        "84CC0003" + "11111111" + "6E616D65" + "DEADBEEF");

    [Fact]
    public void TryReadNext_Rfc3550Section6_1_WalksEveryPacket()
    {
        var reader = new RtcpCompoundReader(Compound);
        var seen = new List<(RtcpPacketType Type, int Count, int Length, uint Ssrc)>();
        while (reader.TryReadNext(out var header, out var packet))
        {
            Assert.Equal(header.PacketLength, packet.Length);
            seen.Add((header.KnownType, header.Count, header.PacketLength, header.Ssrc));
        }

        Assert.False(reader.IsMalformed);
        Assert.True(reader.IsComplete);
        Assert.Equal(
            new[]
            {
                (RtcpPacketType.SenderReport, 0, 28, 0x11111111u),
                (RtcpPacketType.SourceDescription, 1, 16, 0x11111111u),
                (RtcpPacketType.Goodbye, 1, 8, 0x11111111u),
                (RtcpPacketType.PayloadFeedback, 1, 12, 0x11111111u),
                (RtcpPacketType.TransportFeedback, 1, 16, 0x11111111u),
                (RtcpPacketType.ExtendedReport, 0, 8, 0x11111111u),
                (RtcpPacketType.ApplicationDefined, 4, 16, 0x11111111u),
            },
            seen);
        Assert.True(RtcpCompoundReader.TryValidate(Compound, out var count));
        Assert.Equal(7, count);
    }

    [Fact]
    public void TryReadNext_LengthOverruns_Malformed()
    {
        var bad = Compound.ToArray();
        bad[28 + 3] = 0x40; // SDES claims 65 words
        var reader = new RtcpCompoundReader(bad);
        Assert.True(reader.TryReadNext(out _, out _));
        Assert.False(reader.TryReadNext(out _, out _));
        Assert.True(reader.IsMalformed);
        Assert.False(reader.IsComplete);
        Assert.False(RtcpCompoundReader.TryValidate(bad, out var count));
        Assert.Equal(0, count);
    }

    [Fact]
    public void TryValidate_EveryTruncation_FailsExceptAtPacketBoundaries()
    {
        var boundaries = new HashSet<int> { 28, 44, 52, 64, 80, 88, 104 };
        for (var length = 0; length < Compound.Length; length++)
        {
            Assert.Equal(boundaries.Contains(length), RtcpCompoundReader.TryValidate(Compound.AsSpan(0, length), out _));
        }
    }

    [Theory]
    [InlineData("40C9000111111111")] // version 1
    [InlineData("A0C9000111111111" + "80C9000111111111")] // padding on a packet that is not the last
    [InlineData("80C90001111111")] // truncated SSRC
    public void TryValidate_InvalidCompound_Fails(string hex) => Assert.False(RtcpCompoundReader.TryValidate(Convert.FromHexString(hex), out _));

    [Fact]
    public void Header_TryWriteThenTryRead_RoundTrips()
    {
        var header = new RtcpHeader((byte)RtcpPacketType.ReceiverReport, 1, 7, 0xABCDEF01, hasPadding: true);
        var buffer = new byte[header.GetSize()];
        Assert.True(header.TryWrite(buffer, out var written));
        Assert.Equal(8, written);
        var packet = new byte[32];
        buffer.CopyTo(packet, 0);
        Assert.True(RtcpHeader.TryRead(packet, out var read, out var consumed));
        Assert.Equal(32, consumed);
        Assert.Equal(header, read);
        Assert.False(header.TryWrite(new byte[7], out written));
        Assert.Equal(0, written);
        var empty = new RtcpHeader(201, 0, 0, 5);
        Assert.False(empty.HasSsrc);
        Assert.Equal(4, empty.GetSize());
    }
}
