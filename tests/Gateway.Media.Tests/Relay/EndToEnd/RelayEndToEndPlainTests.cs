using System.Net;
using Gateway.Core.Media;
using Gateway.Media.Sdp;
using Gateway.Media.Tests.Relay.Legs;

namespace Gateway.Media.Tests.Relay.EndToEnd;

/// <summary>Two SIP phones call through the relay (real UDP legs) with the tutorial's non-WebRTC flags, in-process and over ng.</summary>
public sealed class RelayEndToEndPlainTests
{
    private const string ToPhone = "RTP/AVP replace-session-connection replace-origin ICE=remove";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task OfferAnswer_PlainToPlain_RtpAndRtcpFlowBothWaysAndCountersMatch(bool overNg)
    {
        await using var relay = await EndToEndRelay.StartAsync(overNg);
        using var caller = new PlainPhone();
        using var callee = new PlainPhone();
        var callId = "e2e-plain-" + Guid.NewGuid().ToString("N");

        var toCallee = await relay.OfferAsync(new MediaSessionKey(callId, "from-a"), caller.Sdp(1), ToPhone);
        var toCaller = await relay.AnswerAsync(new MediaSessionKey(callId, "from-a", "to-b"), callee.Sdp(2), ToPhone);

        // Each phone sees only the relay: c=, o= (replace-origin) and the ports.
        var (calleeSendsTo, calleeRtcpTo) = relay.RelayEndPoints(toCallee);
        var (callerSendsTo, callerRtcpTo) = relay.RelayEndPoints(toCaller);
        Assert.Equal("127.0.0.1", toCallee.Origin.Address);
        Assert.Equal("127.0.0.1", toCaller.Origin.Address);
        Assert.NotEqual(caller.RtpEndPoint.Port, toCallee.Media[0].Port);
        Assert.NotEqual(callee.RtpEndPoint.Port, toCaller.Media[0].Port);
        Assert.Equal("RTP/AVP", toCallee.Media[0].Protocol);
        Assert.Null(toCallee.Media[0].IceUfrag);

        const int Packets = 20;
        for (ushort seq = 1; seq <= Packets; seq++)
        {
            var forward = LegNet.Rtp(seq, 0xA1);
            caller.Rtp.SendTo(forward, callerSendsTo);
            var (data, from) = await callee.Rtp.ReceiveAsync();
            Assert.Equal(forward, data);
            Assert.Equal(calleeSendsTo, from);

            var back = LegNet.Rtp(seq, 0xB2, fill: 9);
            callee.Rtp.SendTo(back, calleeSendsTo);
            (data, from) = await caller.Rtp.ReceiveAsync();
            Assert.Equal(back, data);
            Assert.Equal(callerSendsTo, from);
        }

        var rtcp = LegNet.Rtcp(0xA1);
        caller.Rtcp.SendTo(rtcp, callerRtcpTo);
        Assert.Equal(rtcp, (await callee.Rtcp.ReceiveAsync()).Data);
        var rtcpBack = LegNet.Rtcp(0xB2, marker: 5);
        callee.Rtcp.SendTo(rtcpBack, calleeRtcpTo);
        Assert.Equal(rtcpBack, (await caller.Rtcp.ReceiveAsync()).Data);

        var key = new MediaSessionKey(callId, "from-a");
        MediaSessionInfo? info = null;
        await LegNet.WaitUntilAsync(() =>
        {
            info = relay.Relay.QueryAsync(key).AsTask().GetAwaiter().GetResult();
            return info is not null && Total(info, s => s.PacketsSent) == 2 * (Packets + 1);
        }, "the relay counted every packet it forwarded");
        Assert.NotNull(info);
        var callerStream = Assert.Single(info.Streams, s => s.Tag == "from-a");
        var calleeStream = Assert.Single(info.Streams, s => s.Tag == "to-b");
        Assert.Equal(Packets + 1, callerStream.PacketsReceived);
        Assert.Equal(Packets + 1, calleeStream.PacketsReceived);
        Assert.Equal(Packets + 1, callerStream.PacketsSent);
        Assert.Equal(Packets + 1, calleeStream.PacketsSent);
        Assert.Equal(0, callerStream.Errors + calleeStream.Errors);

        Assert.True(await relay.Relay.DeleteAsync(key));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Delete_AfterCall_ReleasesEveryPort(bool overNg)
    {
        await using var relay = await EndToEndRelay.StartAsync(overNg);
        using var caller = new PlainPhone();
        using var callee = new PlainPhone();
        var callId = "e2e-delete-" + Guid.NewGuid().ToString("N");
        var toCallee = await relay.OfferAsync(new MediaSessionKey(callId, "from-a"), caller.Sdp(1), ToPhone);
        var toCaller = await relay.AnswerAsync(new MediaSessionKey(callId, "from-a", "to-b"), callee.Sdp(2), ToPhone);
        int[] ports = [toCallee.Media[0].Port, toCallee.Media[0].Port + 1, toCaller.Media[0].Port, toCaller.Media[0].Port + 1];
        foreach (var port in ports) Assert.False(RelayTestPorts.CanBind(port), $"port {port} is held by the relay during the call");

        Assert.True(await relay.Relay.DeleteAsync(new MediaSessionKey(callId, "from-a")));

        foreach (var port in ports) Assert.True(RelayTestPorts.CanBind(port), $"port {port} is free after delete");
        Assert.Null(await relay.Relay.QueryAsync(new MediaSessionKey(callId, "from-a")));
        Assert.Equal(0, relay.Engine.SessionCount);
    }

    [Fact]
    public async Task MediaTimeout_NoPackets_SessionEndsAndPortsAreFreed()
    {
        await using var relay = await EndToEndRelay.StartAsync(false, o =>
        {
            o.MediaTimeout = TimeSpan.FromSeconds(1);
            o.TimeoutCheckInterval = TimeSpan.FromMilliseconds(100);
        });
        using var caller = new PlainPhone();
        using var callee = new PlainPhone();
        var ended = new TaskCompletionSource<MediaSessionEndedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        relay.Relay.SessionEnded += (_, e) => ended.TrySetResult(e);
        var callId = "e2e-timeout-" + Guid.NewGuid().ToString("N");
        var toCallee = await relay.OfferAsync(new MediaSessionKey(callId, "from-a"), caller.Sdp(1), ToPhone);
        await relay.AnswerAsync(new MediaSessionKey(callId, "from-a", "to-b"), callee.Sdp(2), ToPhone);

        var args = await ended.Task.WaitAsync(TimeSpan.FromSeconds(3));

        Assert.Equal(callId, args.Key.CallId);
        Assert.Null(await relay.Relay.QueryAsync(new MediaSessionKey(callId, "from-a")));
        Assert.True(RelayTestPorts.CanBind(toCallee.Media[0].Port));
    }

    private static long Total(MediaSessionInfo info, Func<MediaStreamStatistics, long> counter)
    {
        long total = 0;
        foreach (var stream in info.Streams) total += counter(stream);
        return total;
    }
}
