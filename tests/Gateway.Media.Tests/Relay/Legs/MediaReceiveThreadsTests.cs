using System.Net;
using System.Net.Sockets;
using Gateway.Media.Relay;
using Gateway.Media.Relay.Legs;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Media.Tests.Relay.Legs;

/// <summary>The relay's dedicated receive threads (epoll) and the async loops legs fall back to.</summary>
public sealed class MediaReceiveThreadsTests
{
    /// <summary>Bridges two legs and gives each a plain client socket as its party.</summary>
    private static (Socket ClientA, Socket ClientB) Bridge(UdpMediaLeg a, UdpMediaLeg b)
    {
        var clientA = LegNet.Bind();
        var clientB = LegNet.Bind();
        a.Peer = b;
        b.Peer = a;
        a.Configure(LegPair.Plain(clientA, null));
        b.Configure(LegPair.Plain(clientB, null));
        return (clientA, clientB);
    }

    [Fact]
    public void Start_OnLinux_RunsTheRequestedThreadsOrOnePerProcessor()
    {
        Assert.True(OperatingSystem.IsLinux(), "CI runs these tests on Linux, where the receive threads use epoll.");
        using (var three = MediaReceiveThreads.Start(3, NullLogger.Instance)) Assert.Equal(3, three.Count);
        using var perProcessor = MediaReceiveThreads.Start(0, NullLogger.Instance);
        Assert.Equal(Environment.ProcessorCount, perProcessor.Count);
        Assert.Equal(0, perProcessor.SocketCount);
    }

    [Fact]
    public async Task Create_WithThreads_EverySocketOnAThreadAndPacketsRelayedBothWays()
    {
        using var threads = MediaReceiveThreads.Start(2, NullLogger.Instance);
        var factory = new UdpMediaLegFactory(TimeProvider.System, NullLoggerFactory.Instance, threads);
        await using var a = (UdpMediaLeg)factory.Create(LegNet.Bind(), LegNet.Bind(), "A");
        await using var b = (UdpMediaLeg)factory.Create(LegNet.Bind(), null, "B");
        Assert.Equal(3, threads.SocketCount);
        Assert.Equal([2, 1], threads.SocketCountsPerThread()); // a leg's RTP and RTCP share a thread; legs alternate
        Assert.True(a.RtpSocket.OnReceiveThread);
        Assert.True(b.RtpSocket.OnReceiveThread);

        var (clientA, clientB) = Bridge(a, b);
        using var disposeA = clientA;
        using var disposeB = clientB;
        for (ushort seq = 1; seq <= 20; seq++)
        {
            var rtp = LegNet.Rtp(seq, 0xA);
            clientA.SendTo(rtp, a.LocalRtpEndPoint);
            Assert.Equal(rtp, (await clientB.ReceiveAsync()).Data);
            var back = LegNet.Rtp(seq, 0xB);
            clientB.SendTo(back, b.LocalRtpEndPoint);
            Assert.Equal(back, (await clientA.ReceiveAsync()).Data);
        }

        Assert.Equal(20, a.GetStatistics().PacketsReceived);
        Assert.Equal(20, b.GetStatistics().PacketsReceived);
    }

    [Fact]
    public async Task DisposeAsync_LegOnThread_SocketLeavesItsThreadAndPortIsFree()
    {
        using var threads = MediaReceiveThreads.Start(1, NullLogger.Instance);
        var factory = new UdpMediaLegFactory(TimeProvider.System, NullLoggerFactory.Instance, threads);
        var leg = (UdpMediaLeg)factory.Create(LegNet.Bind(), null, "A");
        var port = leg.LocalRtpEndPoint.Port;
        Assert.Equal(1, threads.SocketCount);

        await leg.DisposeAsync();

        Assert.Equal(0, threads.SocketCount);
        using var again = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        again.Bind(new IPEndPoint(IPAddress.Loopback, port));
    }

    [Fact]
    public async Task Create_ManyLegsOpenedAndClosed_SlotsReusedAndTheLastPairStillRelays()
    {
        using var threads = MediaReceiveThreads.Start(2, NullLogger.Instance);
        var factory = new UdpMediaLegFactory(TimeProvider.System, NullLoggerFactory.Instance, threads);
        using var sender = LegNet.Bind();
        for (var round = 0; round < 5; round++)
        {
            var legs = new List<UdpMediaLeg>();
            for (var i = 0; i < 40; i++) legs.Add((UdpMediaLeg)factory.Create(LegNet.Bind(), null, "L" + i));

            // A datagram in flight toward a leg that is being closed must not reach the leg that takes its slot.
            foreach (var leg in legs) sender.SendTo(LegNet.Rtp(1, 1), leg.LocalRtpEndPoint);
            foreach (var leg in legs) await leg.DisposeAsync();
            Assert.Equal(0, threads.SocketCount);
        }

        await using var a = (UdpMediaLeg)factory.Create(LegNet.Bind(), null, "A");
        await using var b = (UdpMediaLeg)factory.Create(LegNet.Bind(), null, "B");
        var (clientA, clientB) = Bridge(a, b);
        using var disposeA = clientA;
        using var disposeB = clientB;
        var rtp = LegNet.Rtp(7, 0xA);
        clientA.SendTo(rtp, a.LocalRtpEndPoint);
        Assert.Equal(rtp, (await clientB.ReceiveAsync()).Data);
        Assert.Equal(0, a.GetStatistics().Errors);
        Assert.Equal(0, b.GetStatistics().Errors);
    }

    [Fact]
    public async Task ReceiveReady_NothingToRead_ReturnsWithoutCountingAnything()
    {
        await using var pair = LegPair.Create();
        pair.ConfigurePlain();
        var buffer = new byte[MediaLegLimits.BufferSize];

        pair.LegA.RtpSocket.ReceiveReady(buffer);

        var statistics = pair.LegA.GetStatistics();
        Assert.Equal(0, statistics.PacketsReceived);
        Assert.Equal(0, statistics.Errors);
        Assert.True(pair.LegA.RtpSocket.OnReceiveThread);
    }

    [Fact]
    public async Task DisposeAsync_WhileItsThreadHandlesADatagram_WaitsUntilTheHandlingEnds()
    {
        var peer = new RecordingLeg();
        using var gate = new ManualResetEventSlim();
        peer.Gate = gate;
        var factory = new UdpMediaLegFactory(TimeProvider.System, NullLoggerFactory.Instance, LegNet.ReceiveThreads);
        var leg = (UdpMediaLeg)factory.Create(LegNet.Bind(), null, "A");
        using var client = LegNet.Bind();
        leg.Peer = peer;
        leg.Configure(LegPair.Plain(client, null));
        client.SendTo(LegNet.Rtp(1, 1), leg.LocalRtpEndPoint);
        Assert.True(peer.Entered.Wait(LegNet.Timeout), "the receive thread handed the packet to the peer");

        var disposing = leg.DisposeAsync().AsTask();
        await Task.Delay(200);
        Assert.False(disposing.IsCompleted, "dispose must wait for the datagram being handled");

        gate.Set();
        await disposing.WaitAsync(LegNet.Timeout);
        Assert.Equal(1, peer.Sent);
    }

    [Fact]
    public async Task MoveToAsyncLoop_SocketLeavesItsThread_PacketsStillRelayed()
    {
        await using var pair = LegPair.Create();
        pair.ConfigurePlain();
        pair.ClientA.SendTo(LegNet.Rtp(1, 0xA), pair.LegA.LocalRtpEndPoint);
        await pair.ClientB.ReceiveAsync();

        pair.LegA.RtpSocket.MoveToAsyncLoop();

        Assert.False(pair.LegA.RtpSocket.OnReceiveThread);
        for (ushort seq = 2; seq <= 6; seq++)
        {
            var rtp = LegNet.Rtp(seq, 0xA);
            pair.ClientA.SendTo(rtp, pair.LegA.LocalRtpEndPoint);
            Assert.Equal(rtp, (await pair.ClientB.ReceiveAsync()).Data);
        }
    }

    [Fact]
    public async Task Create_WithoutThreads_AsyncLoopsRelayBothWays()
    {
        await using var pair = LegPair.Create(separateRtcp: true, asyncLoops: true);
        pair.ConfigurePlain();
        Assert.False(pair.LegA.RtpSocket.OnReceiveThread);
        var rtp = LegNet.Rtp(1, 0xA);
        pair.ClientA.SendTo(rtp, pair.LegA.LocalRtpEndPoint);
        Assert.Equal(rtp, (await pair.ClientB.ReceiveAsync()).Data);
        var rtcp = LegNet.Rtcp(0xB);
        pair.ClientBRtcp!.SendTo(rtcp, pair.LegB.LocalRtcpEndPoint!);
        Assert.Equal(rtcp, (await pair.ClientARtcp!.ReceiveAsync()).Data);
    }

    [Fact]
    public async Task Dispose_ThreadsStoppedFirst_NewLegsFallBackAndOldLegsCloseCleanly()
    {
        var threads = MediaReceiveThreads.Start(1, NullLogger.Instance);
        var factory = new UdpMediaLegFactory(TimeProvider.System, NullLoggerFactory.Instance, threads);
        var before = (UdpMediaLeg)factory.Create(LegNet.Bind(), null, "before");

        threads.Dispose();
        await using var after = (UdpMediaLeg)factory.Create(LegNet.Bind(), null, "after");

        Assert.False(after.RtpSocket.OnReceiveThread);
        await before.DisposeAsync().AsTask().WaitAsync(LegNet.Timeout);
        using var client = LegNet.Bind();
        after.Peer = new RecordingLeg();
        after.Configure(LegPair.Plain(client, null));
        client.SendTo(LegNet.Rtp(1, 1), after.LocalRtpEndPoint);
        await LegNet.WaitUntilAsync(() => after.GetStatistics().PacketsReceived == 1, "the fallback loop received the packet");
    }
}
