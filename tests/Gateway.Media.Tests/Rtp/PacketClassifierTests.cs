using Gateway.Media.Rtp;

namespace Gateway.Media.Tests.Rtp;

public sealed class PacketClassifierTests
{
    [Theory]
    [InlineData(0, PacketKind.Stun)]
    [InlineData(3, PacketKind.Stun)]
    [InlineData(4, PacketKind.Unknown)]
    [InlineData(15, PacketKind.Unknown)]
    [InlineData(16, PacketKind.Zrtp)]
    [InlineData(19, PacketKind.Zrtp)]
    [InlineData(20, PacketKind.Dtls)]
    [InlineData(22, PacketKind.Dtls)]
    [InlineData(63, PacketKind.Dtls)]
    [InlineData(64, PacketKind.TurnChannel)]
    [InlineData(79, PacketKind.TurnChannel)]
    [InlineData(80, PacketKind.Unknown)]
    [InlineData(127, PacketKind.Unknown)]
    [InlineData(128, PacketKind.Rtp)]
    [InlineData(191, PacketKind.Rtp)]
    [InlineData(192, PacketKind.Unknown)]
    [InlineData(255, PacketKind.Unknown)]
    public void Classify_Rfc7983Section7_FirstByteRanges(byte first, PacketKind expected)
    {
        var datagram = new byte[40];
        datagram[0] = first;
        datagram[1] = 0x00;
        Assert.Equal(expected, PacketClassifier.Classify(datagram));
    }

    [Theory]
    [InlineData(0x00, PacketKind.Rtp)]
    [InlineData(0x7F, PacketKind.Rtp)]
    [InlineData(0xBF, PacketKind.Rtp)] // marker + PT 63
    [InlineData(0xC0, PacketKind.Rtcp)] // 192 (FIR, historic)
    [InlineData(0xC8, PacketKind.Rtcp)] // SR
    [InlineData(0xCF, PacketKind.Rtcp)] // XR
    [InlineData(0xDF, PacketKind.Rtcp)] // 223
    [InlineData(0xE0, PacketKind.Rtp)] // marker + PT 96
    [InlineData(0x60, PacketKind.Rtp)] // PT 96
    public void Classify_Rfc5761Section4_RtcpBySecondByte(byte second, PacketKind expected)
    {
        var datagram = new byte[20];
        datagram[0] = 0x80;
        datagram[1] = second;
        Assert.Equal(expected, PacketClassifier.Classify(datagram));
    }

    [Fact]
    public void Classify_TooShortForKind_Unknown()
    {
        Assert.Equal(PacketKind.Unknown, PacketClassifier.Classify(default));
        Assert.Equal(PacketKind.Unknown, PacketClassifier.Classify(new byte[19]));  // STUN header is 20
        Assert.Equal(PacketKind.Unknown, PacketClassifier.Classify(new byte[] { 0x80, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0 }));
        Assert.Equal(PacketKind.Unknown, PacketClassifier.Classify(new byte[] { 0x80, 0xC8, 0, 0, 0, 0, 0 }));
        Assert.Equal(PacketKind.Rtcp, PacketClassifier.Classify(new byte[] { 0x80, 0xC8, 0, 1, 0, 0, 0, 0 }));
    }

    [Fact]
    public void Classify_AfterWarmUp_AllocatesNothing()
    {
        var datagram = new byte[172];
        datagram[0] = 0x80;
        var sum = 0;
        for (var i = 0; i < 100; i++) sum += (int)PacketClassifier.Classify(datagram);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            datagram[1] = (byte)i;
            sum += (int)PacketClassifier.Classify(datagram);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.True(sum > 0);
    }
}
