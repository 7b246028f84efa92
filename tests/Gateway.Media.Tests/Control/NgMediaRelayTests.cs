using System.Net;
using System.Text;
using Gateway.Core.Media;
using Gateway.Media.Control.Ng;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Media.Tests.Control;

/// <summary>
/// <see cref="NgMediaRelay"/> against loopback sockets that play rtpengine (capturing what it sends, answering or
/// staying silent on a fake clock) and against our own <see cref="NgServer"/>.
/// </summary>
public sealed class NgMediaRelayTests
{
    private static readonly IPEndPoint Kamailio = new(IPAddress.Loopback, 0);

    public static TheoryData<string, string, string> KamailioRequests() => new()
    {
        { "kamailio-plain-offer.request.bin", "offer", "RTP/AVP replace-session-connection replace-origin ICE=remove" },
        { "kamailio-plain-answer.request.bin", "answer", "RTP/AVP replace-session-connection replace-origin ICE=remove" },
        { "kamailio-webrtc-offer.request.bin", "offer", "UDP/TLS/RTP/SAVPF ICE=force" },
        { "kamailio-webrtc-answer.request.bin", "answer", "RTP/AVP replace-session-connection replace-origin ICE=remove" },
        { "kamailio-ws2ws-offer.request.bin", "offer", "ICE=force-relay DTLS=passive" },
        { "kamailio-ws2ws-answer.request.bin", "answer", "ICE=force-relay DTLS=passive" },
        { "kamailio-plain-delete.request.bin", "delete", "" },
        { "kamailio-ws2ws-delete.request.bin", "delete", "" },
    };

    [Theory]
    [MemberData(nameof(KamailioRequests))]
    public async Task Request_TutorialFlags_DictionaryAsKamailioSendsIt(string fixture, string command, string flags)
    {
        var (_, kamailio) = NgTestData.Split(NgTestData.Fixture(fixture));
        using var engine = new NgUdpPeer();
        using var relay = new NgMediaRelay(Options(engine.EndPoint));
        var key = new MediaSessionKey(kamailio.GetText("call-id")!, kamailio.GetText("from-tag")!, kamailio.GetText("to-tag"));

        Task pending = command switch
        {
            "offer" => relay.OfferAsync(Request(key, kamailio.GetText("sdp")!, flags)).AsTask(),
            "answer" => relay.AnswerAsync(Request(key, kamailio.GetText("sdp")!, flags)).AsTask(),
            _ => relay.DeleteAsync(key).AsTask(),
        };
        var (cookie, ours) = NgTestData.Split(await engine.ReceiveAsync());
        await engine.SendAsync(Encoding.ASCII.GetBytes(cookie + " d6:result2:ok3:sdp3:v=0e"), engine.LastSource!);
        await pending;

        // Kamailio adds "supports" (its load-limit capability) and, on delete, the BYE's source; neither is a flag.
        var expected = kamailio.Entries.Where(e => e.Key != "supports" && !(command == "delete" && e.Key == "received-from"));
        Assert.Equal(
            string.Join("\n", expected.Select(e => e.Key + "=" + NgAssert.Canonical(e.Value)).Order(StringComparer.Ordinal)),
            string.Join("\n", ours.Entries.Select(e => e.Key + "=" + NgAssert.Canonical(e.Value)).Order(StringComparer.Ordinal)));
    }

    [Fact]
    public async Task Offer_NoReply_ResentWithSameCookieThenSucceeds()
    {
        var time = new FakeTimeProvider();
        using var engine = new NgUdpPeer();
        using var relay = new NgMediaRelay(Options(engine.EndPoint), time);

        var pending = relay.OfferAsync(Request(new MediaSessionKey("c1", "f1"), "v=0\r\n", "RTP/AVP")).AsTask();
        var first = await engine.ReceiveAsync();
        var second = await PumpUntilReceivedAsync(time, engine);
        await engine.SendAsync([.. first.TakeWhile(b => b != ' '), .. " d6:result2:ok3:sdp4:v=1 e"u8.ToArray()], engine.LastSource!);
        var result = await pending;

        Assert.Equal(first, second);
        Assert.True(result.Succeeded);
        Assert.Equal("v=1 ", Encoding.ASCII.GetString(result.Sdp.Span));
    }

    [Fact]
    public async Task Offer_NoInstanceAnswers_FailsAfterAllAttempts()
    {
        var time = new FakeTimeProvider();
        using var engine = new NgUdpPeer();
        using var relay = new NgMediaRelay(Options(engine.EndPoint, attempts: 2), time);

        var pending = relay.OfferAsync(Request(new MediaSessionKey("c1", "f1"), "v=0\r\n", "")).AsTask();
        await engine.ReceiveAsync();
        await PumpUntilReceivedAsync(time, engine);
        while (!pending.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(pending, Task.Delay(50));
        }

        var result = await pending;
        Assert.False(result.Succeeded);
        Assert.Contains("timeout", result.ErrorReason, StringComparison.OrdinalIgnoreCase);
        Assert.Null(relay.GetInstance("c1"));
    }

    [Fact]
    public async Task Offer_FirstInstanceSilent_FailsOverAndCallStaysOnSecond()
    {
        var time = new FakeTimeProvider();
        using var dead = new NgUdpPeer();
        using var alive = new NgUdpPeer();
        var options = Options(dead.EndPoint, attempts: 2);
        options.Endpoints.Add(new NgClientEndpoint(alive.EndPoint));
        using var relay = new NgMediaRelay(options, time);

        var offer = relay.OfferAsync(Request(new MediaSessionKey("c1", "f1"), "v=0\r\n", "")).AsTask();
        var lost = await dead.ReceiveAsync();
        var taken = await PumpUntilReceivedAsync(time, alive);
        Answer(alive, taken, "d6:result2:ok3:sdp3:v=0e");
        Assert.True((await offer).Succeeded);
        Assert.Equal(alive.EndPoint, relay.GetInstance("c1")!.EndPoint);
        Assert.NotEqual(Cookie(lost), Cookie(taken));

        var answer = relay.AnswerAsync(Request(new MediaSessionKey("c1", "f1", "t1"), "v=0\r\n", "")).AsTask();
        Answer(alive, await alive.ReceiveAsync(), "d6:result2:ok3:sdp3:v=0e");
        Assert.True((await answer).Succeeded);

        // A new call now skips the instance that timed out (disabled for a while).
        var next = relay.OfferAsync(Request(new MediaSessionKey("c2", "f2"), "v=0\r\n", "")).AsTask();
        Answer(alive, await alive.ReceiveAsync(), "d6:result2:ok3:sdp3:v=0e");
        Assert.True((await next).Succeeded);
    }

    [Fact]
    public async Task Answer_BoundInstanceSilent_FailsAndForgetsCall()
    {
        var time = new FakeTimeProvider();
        using var engine = new NgUdpPeer();
        using var relay = new NgMediaRelay(Options(engine.EndPoint, attempts: 1), time);
        var offer = relay.OfferAsync(Request(new MediaSessionKey("c1", "f1"), "v=0\r\n", "")).AsTask();
        Answer(engine, await engine.ReceiveAsync(), "d6:result2:ok3:sdp3:v=0e");
        await offer;
        Assert.NotNull(relay.GetInstance("c1"));

        var answer = relay.AnswerAsync(Request(new MediaSessionKey("c1", "f1", "t1"), "v=0\r\n", "")).AsTask();
        await engine.ReceiveAsync();
        while (!answer.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(answer, Task.Delay(50));
        }

        Assert.False((await answer).Succeeded);
        Assert.Null(relay.GetInstance("c1"));
    }

    [Fact]
    public async Task Offer_LoadLimit_NextInstanceTakesTheCall()
    {
        using var busy = new NgUdpPeer();
        using var free = new NgUdpPeer();
        var options = Options(busy.EndPoint);
        options.Endpoints.Add(new NgClientEndpoint(free.EndPoint));
        using var relay = new NgMediaRelay(options);

        var offer = relay.OfferAsync(Request(new MediaSessionKey("c1", "f1"), "v=0\r\n", "")).AsTask();
        Answer(busy, await busy.ReceiveAsync(), "d6:result10:load limite");
        Answer(free, await free.ReceiveAsync(), "d6:result2:ok3:sdp3:v=0e");

        Assert.True((await offer).Succeeded);
        Assert.Equal(free.EndPoint, relay.GetInstance("c1")!.EndPoint);
    }

    [Fact]
    public async Task Offer_ErrorReply_FailWithReason()
    {
        using var engine = new NgUdpPeer();
        using var relay = new NgMediaRelay(Options(engine.EndPoint));

        var offer = relay.OfferAsync(Request(new MediaSessionKey("c1", "f1"), "v=0\r\n", "")).AsTask();
        Answer(engine, await engine.ReceiveAsync(), "d6:result5:error12:error-reason16:Ran out of portse");
        var result = await offer;

        Assert.False(result.Succeeded);
        Assert.Equal("Ran out of ports", result.ErrorReason);
        Assert.Null(relay.GetInstance("c1"));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("d6:result2:oke")]
    [InlineData("d6:result2:ok3:sdpi1ee")]
    public async Task Offer_MalformedReply_Fails(string reply)
    {
        using var engine = new NgUdpPeer();
        using var relay = new NgMediaRelay(Options(engine.EndPoint));

        var offer = relay.OfferAsync(Request(new MediaSessionKey("c1", "f1"), "v=0\r\n", "")).AsTask();
        Answer(engine, await engine.ReceiveAsync(), reply);

        Assert.False((await offer).Succeeded);
    }

    [Fact]
    public async Task RoundTrip_ThroughNgServer_FlagsKeyAndStatisticsSurvive()
    {
        var fake = new NgFakeRelay { Query = key => key.CallId == "call-1" ? NgFakeRelay.SampleSession() : null };
        fake.Sessions.Add(NgFakeRelay.SampleSession());
        await using var server = new NgServer(fake, new NgServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, 0) });
        await server.StartAsync(CancellationToken.None);
        using var relay = new NgMediaRelay(Options(server.LocalEndPoint!));
        var flags = MediaFlags.Parse("RTP/SAVPF ICE=force-relay DTLS=active replace-origin replace-session-connection replace-username rtcp-mux-demux "
            + "rtcp-mux-require SDES-off SDES-no-AES_CM_128_HMAC_SHA1_32 SDES-only-AEAD_AES_128_GCM media-address=198.51.100.1 address-family=IP4 "
            + "direction=internal direction=external strict-source asymmetric trust-address loop-protect label=callee");
        var request = new MediaRelayRequest(new MediaSessionKey("call-1", "from-1", null, "z9hG4bK-7"), Encoding.ASCII.GetBytes("v=0\r\n"), flags)
        {
            ReceivedFrom = new IPEndPoint(IPAddress.Parse("192.0.2.99"), 5060),
        };

        var offered = await relay.OfferAsync(request);
        var info = await relay.QueryAsync(new MediaSessionKey("call-1", "from-1"));
        var list = await relay.ListAsync();
        var deleted = await relay.DeleteAsync(new MediaSessionKey("call-1", "from-1"));
        fake.Delete = _ => false;
        var deletedAgain = await relay.DeleteAsync(new MediaSessionKey("call-1", "from-1"));

        Assert.True(offered.Succeeded);
        var (_, relayed) = Assert.Single(fake.Requests);
        Assert.Equal(request.Key, relayed.Key);
        Assert.Equal(IPAddress.Parse("192.0.2.99"), relayed.ReceivedFrom!.Address);
        var expectedFlags = MediaFlags.Parse("RTP/SAVPF ICE=force-relay DTLS=active replace-origin replace-session-connection replace-username rtcp-mux-demux "
            + "rtcp-mux-require SDES-off SDES-no-AES_CM_128_HMAC_SHA1_32 SDES-only-AEAD_AES_128_GCM media-address=198.51.100.1 address-family=IP4 "
            + "direction=internal direction=external strict-source asymmetric trust-address loop-protect");
        NgAssert.SameFlags(expectedFlags, relayed.Flags); // label=callee travels as a key of its own, which the server ignores

        Assert.NotNull(info);
        var sample = NgFakeRelay.SampleSession();
        Assert.Equal(sample.Created, info.Created);
        Assert.Equal(server.LocalEndPoint!.ToString(), info.Instance![4..]);
        Assert.Equal(2, info.Streams.Count);
        foreach (var expected in sample.Streams)
        {
            var actual = Assert.Single(info.Streams, s => s.Tag == expected.Tag);
            Assert.Equal(expected.MediaIndex, actual.MediaIndex);
            Assert.Equal(expected.Protocol, actual.Protocol);
            Assert.Equal(expected.LocalEndPoint, actual.LocalEndPoint);
            Assert.Equal(expected.RemoteEndPoint, actual.RemoteEndPoint);
            Assert.Equal(expected.Latched, actual.Latched);
            Assert.Equal(expected.PacketsReceived, actual.PacketsReceived);
            Assert.Equal(expected.BytesReceived, actual.BytesReceived);
            Assert.Equal(expected.PacketsSent, actual.PacketsSent);
            Assert.Equal(expected.Errors, actual.Errors);
            Assert.Equal(expected.LastPacket, actual.LastPacket);
        }

        Assert.Equal("call-1", Assert.Single(list).Key.CallId);
        Assert.True(deleted);
        Assert.False(deletedAgain);
        Assert.Null(relay.GetInstance("call-1"));
        Assert.Single(await relay.PingAsync());
    }

    [Fact]
    public async Task NewCalls_WeightedInstances_SpreadByWeight()
    {
        var light = new NgFakeRelay();
        var heavy = new NgFakeRelay();
        await using var lightServer = new NgServer(light, new NgServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, 0) });
        await using var heavyServer = new NgServer(heavy, new NgServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, 0) });
        await lightServer.StartAsync(CancellationToken.None);
        await heavyServer.StartAsync(CancellationToken.None);
        var options = new NgClientOptions();
        options.Endpoints.Add(new NgClientEndpoint(lightServer.LocalEndPoint!, 1));
        options.Endpoints.Add(new NgClientEndpoint(heavyServer.LocalEndPoint!, 3));
        using var relay = new NgMediaRelay(options);

        for (var i = 0; i < 8; i++) Assert.True((await relay.OfferAsync(Request(new MediaSessionKey("call-" + i, "f"), "v=0\r\n", ""))).Succeeded);
        for (var i = 0; i < 8; i++) Assert.True((await relay.AnswerAsync(Request(new MediaSessionKey("call-" + i, "f", "t"), "v=0\r\n", ""))).Succeeded);

        Assert.Equal(2, light.Requests.Count(r => r.Command == "offer"));
        Assert.Equal(6, heavy.Requests.Count(r => r.Command == "offer"));
        foreach (var (_, request) in light.Requests.Where(r => r.Command == "answer"))
        {
            Assert.Contains(light.Requests, r => r.Command == "offer" && r.Request.Key.CallId == request.Key.CallId);
        }

        Assert.Equal(2, light.Requests.Count(r => r.Command == "answer"));
    }

    [Fact]
    public async Task Offer_AffinityMapFull_LeastRecentlyUsedForgotten()
    {
        var time = new FakeTimeProvider();
        await using var server = new NgServer(new NgFakeRelay(), new NgServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, 0) });
        await server.StartAsync(CancellationToken.None);
        var options = Options(server.LocalEndPoint!);
        options.MaxTrackedCalls = 2;
        options.CallAffinityLifetime = TimeSpan.FromHours(1);
        using var relay = new NgMediaRelay(options, time);

        await relay.OfferAsync(Request(new MediaSessionKey("c1", "f"), "v=0\r\n", ""));
        time.Advance(TimeSpan.FromSeconds(1));
        await relay.OfferAsync(Request(new MediaSessionKey("c2", "f"), "v=0\r\n", ""));
        time.Advance(TimeSpan.FromSeconds(1));
        await relay.OfferAsync(Request(new MediaSessionKey("c3", "f"), "v=0\r\n", ""));
        Assert.Null(relay.GetInstance("c1"));
        Assert.NotNull(relay.GetInstance("c2"));
        Assert.NotNull(relay.GetInstance("c3"));

        time.Advance(TimeSpan.FromHours(2));
        await relay.OfferAsync(Request(new MediaSessionKey("c4", "f"), "v=0\r\n", ""));
        Assert.Null(relay.GetInstance("c2"));
        Assert.Null(relay.GetInstance("c3"));
        Assert.NotNull(relay.GetInstance("c4"));
    }

    [Fact]
    public void SessionEnded_Subscribed_NeverRaisedAndHarmless()
    {
        using var relay = new NgMediaRelay(Options(new IPEndPoint(IPAddress.Loopback, 9)));
        EventHandler<MediaSessionEndedEventArgs> handler = (_, _) => Assert.Fail("raised");
        relay.SessionEnded += handler;
        relay.SessionEnded -= handler;
    }

    [Theory]
    [InlineData("udp:127.0.0.1:22222", "127.0.0.1:22222", 1)]
    [InlineData("127.0.0.1:6000=3", "127.0.0.1:6000", 3)]
    [InlineData("udp:[::1]:2223=2", "[::1]:2223", 2)]
    public void Parse_EndpointText_AddressAndWeight(string text, string endPoint, int weight)
    {
        var parsed = NgClientEndpoint.Parse(text);

        Assert.Equal(IPEndPoint.Parse(endPoint), parsed.EndPoint);
        Assert.Equal(weight, parsed.Weight);
    }

    [Theory]
    [InlineData("")]
    [InlineData("udp:localhost:22222")]
    [InlineData("udp:127.0.0.1")]
    [InlineData("udp:127.0.0.1:22222=0")]
    [InlineData("udp:127.0.0.1:22222=x")]
    public void Parse_BadEndpointText_FormatException(string text) => Assert.Throws<FormatException>(() => NgClientEndpoint.Parse(text));

    [Fact]
    public void Constructor_NoEndpoints_Throws() => Assert.Throws<ArgumentException>(() => new NgMediaRelay(new NgClientOptions()));

    internal static NgClientOptions Options(IPEndPoint endPoint, int attempts = 3)
    {
        var options = new NgClientOptions { AttemptsPerInstance = attempts, AttemptTimeout = TimeSpan.FromSeconds(1) };
        options.Endpoints.Add(new NgClientEndpoint(endPoint));
        return options;
    }

    internal static MediaRelayRequest Request(MediaSessionKey key, string sdp, string flags) =>
        new(key, Encoding.UTF8.GetBytes(sdp), MediaFlags.Parse(flags)) { ReceivedFrom = Kamailio.Port == 0 ? new IPEndPoint(IPAddress.Loopback, 5060) : Kamailio };

    private static string Cookie(byte[] datagram) => Encoding.ASCII.GetString(datagram, 0, Array.IndexOf(datagram, (byte)' '));

    private static void Answer(NgUdpPeer engine, byte[] request, string dictionary) =>
        engine.SendAsync(Encoding.ASCII.GetBytes(Cookie(request) + " " + dictionary), engine.LastSource!).GetAwaiter().GetResult();

    /// <summary>Advances the fake clock a second at a time until <paramref name="peer"/> receives a datagram.</summary>
    private static async Task<byte[]> PumpUntilReceivedAsync(FakeTimeProvider time, NgUdpPeer peer)
    {
        for (var i = 0; i < 50; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            try
            {
                return await peer.ReceiveAsync(TimeSpan.FromMilliseconds(100));
            }
            catch (TimeoutException)
            {
            }
        }

        throw new TimeoutException("nothing was sent");
    }
}
