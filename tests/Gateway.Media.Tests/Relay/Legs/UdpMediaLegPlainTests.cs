using System.Net;
using Gateway.Media.Relay;
using Gateway.Media.Relay.Legs;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Media.Tests.Relay.Legs;

/// <summary>Plain RTP/AVP ⇄ RTP/AVP through two bridged legs over loopback UDP.</summary>
public sealed class UdpMediaLegPlainTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Forward_PlainBothWays_PayloadIntactAndCountersRight(bool separateRtcp)
    {
        await using var pair = LegPair.Create(separateRtcp);
        pair.ConfigurePlain();
        var rtcpA = pair.ClientARtcp ?? pair.ClientA;
        var rtcpB = pair.ClientBRtcp ?? pair.ClientB;
        var legARtcp = pair.LegA.LocalRtcpEndPoint ?? pair.LegA.LocalRtpEndPoint;
        var legBRtcp = pair.LegB.LocalRtcpEndPoint ?? pair.LegB.LocalRtpEndPoint;
        Assert.Equal(separateRtcp, pair.LegA.LocalRtcpEndPoint is not null);

        for (ushort seq = 1; seq <= 10; seq++)
        {
            var rtp = LegNet.Rtp(seq, 0x1111);
            pair.ClientA.SendTo(rtp, pair.LegA.LocalRtpEndPoint);
            var (atB, fromLegB) = await pair.ClientB.ReceiveAsync();
            Assert.Equal(rtp, atB);
            Assert.Equal(pair.LegB.LocalRtpEndPoint, fromLegB);

            var back = LegNet.Rtp(seq, 0x2222);
            pair.ClientB.SendTo(back, pair.LegB.LocalRtpEndPoint);
            var (atA, fromLegA) = await pair.ClientA.ReceiveAsync();
            Assert.Equal(back, atA);
            Assert.Equal(pair.LegA.LocalRtpEndPoint, fromLegA);
        }

        var rtcp = LegNet.Rtcp(0x1111);
        rtcpA.SendTo(rtcp, legARtcp);
        var (rtcpAtB, rtcpFrom) = await rtcpB.ReceiveAsync();
        Assert.Equal(rtcp, rtcpAtB);
        Assert.Equal(legBRtcp, rtcpFrom);
        var rtcpBack = LegNet.Rtcp(0x2222, marker: 9);
        rtcpB.SendTo(rtcpBack, legBRtcp);
        Assert.Equal(rtcpBack, (await rtcpA.ReceiveAsync()).Data);

        await LegNet.WaitUntilAsync(() => pair.LegA.GetStatistics().PacketsSent == 11 && pair.LegB.GetStatistics().PacketsSent == 11, "both legs counted their sends");
        var a = pair.LegA.GetStatistics();
        var b = pair.LegB.GetStatistics();
        Assert.Equal(11, a.PacketsReceived);
        Assert.Equal((10 * 172) + 32, a.BytesReceived);
        Assert.Equal(11, a.PacketsSent);
        Assert.Equal((10 * 172) + 32, a.BytesSent);
        Assert.Equal(11, b.PacketsReceived);
        Assert.Equal(11, b.PacketsSent);
        Assert.Equal(0, a.Errors);
        Assert.Equal(0, b.Errors);
        Assert.True(a.Latched);
        Assert.Equal(pair.ClientA.EndPoint(), a.RemoteEndPoint);
        Assert.NotNull(a.LastPacket);
        Assert.False(a.IceConnected);
        Assert.False(a.DtlsConnected);
    }

    [Fact]
    public async Task Send_RemoteUnknownUntilLatched_DroppedThenLatchedAddressUsed()
    {
        await using var pair = LegPair.Create();
        pair.LegA.Configure(LegPair.Plain(pair.ClientA, null));
        pair.LegB.Configure(new MediaLegSettings { Protocol = "RTP/AVP", RtcpMux = true }); // B's address not known yet

        pair.ClientA.SendTo(LegNet.Rtp(1, 1), pair.LegA.LocalRtpEndPoint);
        await LegNet.WaitUntilAsync(() => pair.LegB.NotReady == 1, "leg B drops for lack of an address");
        Assert.Null(pair.LegB.GetStatistics().RemoteEndPoint);

        // B's party speaks first from its real address: B latches it, and A's next packet reaches it.
        var hello = LegNet.Rtp(1, 2);
        pair.ClientB.SendTo(hello, pair.LegB.LocalRtpEndPoint);
        Assert.Equal(hello, (await pair.ClientA.ReceiveAsync()).Data);
        var next = LegNet.Rtp(2, 1);
        pair.ClientA.SendTo(next, pair.LegA.LocalRtpEndPoint);
        Assert.Equal(next, (await pair.ClientB.ReceiveAsync()).Data);
        var stats = pair.LegB.GetStatistics();
        Assert.True(stats.Latched);
        Assert.Equal(pair.ClientB.EndPoint(), stats.RemoteEndPoint);
    }

    [Fact]
    public async Task Latch_SdpAddressDiffersFromSource_LatchesRealSource()
    {
        await using var pair = LegPair.Create();
        using var natted = LegNet.Bind(); // where the party really sends from (its SDP says ClientB)
        pair.ConfigurePlain();

        natted.SendTo(LegNet.Rtp(1, 2), pair.LegB.LocalRtpEndPoint);
        await pair.ClientA.ReceiveAsync();
        var toB = LegNet.Rtp(1, 1);
        pair.ClientA.SendTo(toB, pair.LegA.LocalRtpEndPoint);
        Assert.Equal(toB, (await natted.ReceiveAsync()).Data);
        Assert.Equal(natted.EndPoint(), pair.LegB.GetStatistics().RemoteEndPoint);
    }

    [Fact]
    public async Task Latch_NewSourceWithinLearningPeriod_RelatchesAfterwardsKeeps()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2025-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var pair = LegPair.Create(timeProvider: time);
        using var second = LegNet.Bind();
        using var third = LegNet.Bind();
        pair.ConfigurePlain();

        pair.ClientB.SendTo(LegNet.Rtp(1, 2), pair.LegB.LocalRtpEndPoint);
        await pair.ClientA.ReceiveAsync();
        Assert.Equal(pair.ClientB.EndPoint(), pair.LegB.GetStatistics().RemoteEndPoint);

        // NAT rebinding during set-up: within the learning period the new source takes over.
        time.Advance(TimeSpan.FromSeconds(1));
        second.SendTo(LegNet.Rtp(2, 2), pair.LegB.LocalRtpEndPoint);
        await pair.ClientA.ReceiveAsync();
        Assert.Equal(second.EndPoint(), pair.LegB.GetStatistics().RemoteEndPoint);

        // After it, another source is still forwarded (not strict) but does not move the address.
        time.Advance(UdpMediaLeg.LearningPeriod);
        var late = LegNet.Rtp(3, 2);
        third.SendTo(late, pair.LegB.LocalRtpEndPoint);
        Assert.Equal(late, (await pair.ClientA.ReceiveAsync()).Data);
        Assert.Equal(second.EndPoint(), pair.LegB.GetStatistics().RemoteEndPoint);
        Assert.Equal(DateTimeOffset.Parse("2025-01-01T00:00:04Z", System.Globalization.CultureInfo.InvariantCulture), pair.LegB.GetStatistics().LastPacket);
    }

    [Fact]
    public async Task StrictSource_PacketFromOtherSource_DroppedAndCounted()
    {
        await using var pair = LegPair.Create();
        using var spoofer = LegNet.Bind();
        pair.LegA.Configure(LegPair.Plain(pair.ClientA, null) with { StrictSource = true });
        pair.LegB.Configure(LegPair.Plain(pair.ClientB, null));

        var first = LegNet.Rtp(1, 1);
        pair.ClientA.SendTo(first, pair.LegA.LocalRtpEndPoint);
        Assert.Equal(first, (await pair.ClientB.ReceiveAsync()).Data);

        spoofer.SendTo(LegNet.Rtp(2, 1, fill: 0x55), pair.LegA.LocalRtpEndPoint);
        var second = LegNet.Rtp(3, 1);
        pair.ClientA.SendTo(second, pair.LegA.LocalRtpEndPoint);
        Assert.Equal(second, (await pair.ClientB.ReceiveAsync()).Data); // the spoofed packet never came through
        Assert.Equal(1, pair.LegA.WrongSource);
        var stats = pair.LegA.GetStatistics();
        Assert.Equal(1, stats.Errors);
        Assert.Equal(2, stats.PacketsReceived);
        Assert.Equal(pair.ClientA.EndPoint(), stats.RemoteEndPoint);
    }

    [Fact]
    public async Task NotStrict_PacketFromOtherSourceAfterLearning_ForwardedWithoutRelatching()
    {
        await using var pair = LegPair.Create();
        using var other = LegNet.Bind();
        pair.LegA.Configure(LegPair.Plain(pair.ClientA, null) with { Latch = false }); // asymmetric: SDP address only
        pair.LegB.Configure(LegPair.Plain(pair.ClientB, null));

        var fromOther = LegNet.Rtp(1, 1);
        other.SendTo(fromOther, pair.LegA.LocalRtpEndPoint);
        Assert.Equal(fromOther, (await pair.ClientB.ReceiveAsync()).Data);
        var back = LegNet.Rtp(1, 2);
        pair.ClientB.SendTo(back, pair.LegB.LocalRtpEndPoint);
        Assert.Equal(back, (await pair.ClientA.ReceiveAsync()).Data); // still the SDP address
        Assert.False(pair.LegA.GetStatistics().Latched);
    }

    [Fact]
    public async Task StrictSourceAsymmetric_PacketNotFromSdpAddress_Dropped()
    {
        await using var pair = LegPair.Create();
        using var other = LegNet.Bind();
        pair.LegA.Configure(LegPair.Plain(pair.ClientA, null) with { Latch = false, StrictSource = true });
        pair.LegB.Configure(LegPair.Plain(pair.ClientB, null));

        other.SendTo(LegNet.Rtp(1, 1, fill: 3), pair.LegA.LocalRtpEndPoint);
        var good = LegNet.Rtp(2, 1);
        pair.ClientA.SendTo(good, pair.LegA.LocalRtpEndPoint);
        Assert.Equal(good, (await pair.ClientB.ReceiveAsync()).Data);
        Assert.Equal(1, pair.LegA.WrongSource);
    }

    [Fact]
    public async Task ForwardingDisabled_PacketsCountedNotForwarded()
    {
        await using var pair = LegPair.Create();
        pair.LegA.Configure(LegPair.Plain(pair.ClientA, null) with { ForwardingDisabled = true });
        pair.LegB.Configure(LegPair.Plain(pair.ClientB, null));

        pair.ClientA.SendTo(LegNet.Rtp(1, 1), pair.LegA.LocalRtpEndPoint);
        await LegNet.WaitUntilAsync(() => pair.LegA.GetStatistics().PacketsReceived == 1, "the packet is counted");
        Assert.Equal(0, pair.LegB.GetStatistics().PacketsSent);

        pair.LegA.Configure(LegPair.Plain(pair.ClientA, null)); // off hold
        var resumed = LegNet.Rtp(2, 1);
        pair.ClientA.SendTo(resumed, pair.LegA.LocalRtpEndPoint);
        Assert.Equal(resumed, (await pair.ClientB.ReceiveAsync()).Data);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x80 })]
    [InlineData(new byte[] { 0x80, 0x00, 0x01 })]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })]
    [InlineData(new byte[] { 0x00, 0x01, 0x00, 0x00 })]
    [InlineData(new byte[] { 0x16, 0xFE, 0xFD, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10 })]
    public async Task Receive_Garbage_CountedAndLoopGoesOn(byte[] garbage)
    {
        await using var pair = LegPair.Create();
        pair.ConfigurePlain();

        pair.ClientA.SendTo(garbage, pair.LegA.LocalRtpEndPoint);
        var good = LegNet.Rtp(1, 1);
        pair.ClientA.SendTo(good, pair.LegA.LocalRtpEndPoint);
        Assert.Equal(good, (await pair.ClientB.ReceiveAsync()).Data);
        Assert.Equal(1, pair.LegA.GetStatistics().Errors);
    }

    [Fact]
    public async Task Receive_OversizedDatagram_Dropped()
    {
        await using var pair = LegPair.Create();
        pair.ConfigurePlain();

        pair.ClientA.SendTo(LegNet.Rtp(1, 1, payload: MediaLegLimits.MaxDatagram), pair.LegA.LocalRtpEndPoint);
        var good = LegNet.Rtp(2, 1, payload: MediaLegLimits.MaxDatagram - 12);
        pair.ClientA.SendTo(good, pair.LegA.LocalRtpEndPoint);
        Assert.Equal(good, (await pair.ClientB.ReceiveAsync()).Data);
        Assert.Equal(1, pair.LegA.Undecodable);
    }

    [Fact]
    public async Task Receive_BeforeConfigure_DroppedAsNotReady()
    {
        await using var pair = LegPair.Create();
        pair.ClientA.SendTo(LegNet.Rtp(1, 1), pair.LegA.LocalRtpEndPoint);
        await LegNet.WaitUntilAsync(() => pair.LegA.NotReady == 1, "the unconfigured leg drops");
        Assert.Equal(0, pair.LegA.GetStatistics().PacketsReceived);
    }

    [Fact]
    public async Task DisposeAsync_Twice_ClosesSocketsOnce()
    {
        var pair = LegPair.Create();
        pair.ConfigurePlain();
        var endPoint = pair.LegA.LocalRtpEndPoint;
        await pair.DisposeAsync();
        await pair.LegA.DisposeAsync();
        Assert.True(pair.LegA.IsDisposed);
        pair.LegA.Send(LegNet.WithRoom(LegNet.Rtp(1, 1)), 172, isRtcp: false); // ignored, no throw
        Assert.Throws<ObjectDisposedException>(() => pair.LegA.Configure(LegPair.Plain(pair.ClientA, null)));

        // The port is free again.
        using var rebound = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        rebound.Bind(new IPEndPoint(IPAddress.Loopback, endPoint.Port));
    }
}
