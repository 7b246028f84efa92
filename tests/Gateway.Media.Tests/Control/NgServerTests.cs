using System.Net;
using System.Text;
using Gateway.Core.Media;
using Gateway.Media.Control.Ng;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Media.Tests.Control;

/// <summary>
/// <see cref="NgServer"/> over loopback UDP, fed the datagrams Kamailio 5.6.3's rtpengine module sent for the
/// tutorial's flags (fixtures) and hand-made bad input, driving a recording fake relay.
/// </summary>
public sealed class NgServerTests : IAsyncLifetime
{
    private readonly NgFakeRelay _relay = new();
    private readonly NgUdpPeer _client = new();
    private NgServer _server = null!;

    public Task InitializeAsync() => StartAsync(new NgServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, 0) });

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _client.Dispose();
    }

    [Fact]
    public async Task Ping_KamailioFixture_Pong()
    {
        var reply = await _client.RequestAsync(NgTestData.Fixture("kamailio-ping.request.bin"), _server.LocalEndPoint!);
        Assert.Equal("0_23429_1 d6:result4:ponge", Encoding.ASCII.GetString(reply));
    }

    public static TheoryData<string, string, string, string, string?> KamailioOffersAndAnswers() => new()
    {
        // fixture, command, tutorial flags, Call-ID, To tag
        { "kamailio-plain-offer.request.bin", "offer", "RTP/AVP replace-session-connection replace-origin ICE=remove", "1-23467@127.0.0.1", null },
        { "kamailio-plain-answer.request.bin", "answer", "RTP/AVP replace-session-connection replace-origin ICE=remove", "1-23467@127.0.0.1", "23463SIPpTag011" },
        { "kamailio-webrtc-offer.request.bin", "offer", "UDP/TLS/RTP/SAVPF ICE=force", "1-23469@127.0.0.1", null },
        { "kamailio-webrtc-answer.request.bin", "answer", "RTP/AVP replace-session-connection replace-origin ICE=remove", "1-23469@127.0.0.1", "23463SIPpTag012" },
        { "kamailio-ws2ws-offer.request.bin", "offer", "ICE=force-relay DTLS=passive", "1-23473@127.0.0.1", null },
        { "kamailio-ws2ws-answer.request.bin", "answer", "ICE=force-relay DTLS=passive", "1-23473@127.0.0.1", "23463SIPpTag013" },
    };

    [Theory]
    [MemberData(nameof(KamailioOffersAndAnswers))]
    public async Task OfferAnswer_KamailioFixture_RelayGetsTutorialFlagsAndKey(string fixture, string command, string tutorialFlags, string callId, string? toTag)
    {
        var datagram = NgTestData.Fixture(fixture);
        var (cookie, request) = NgTestData.Split(datagram);

        var reply = await _client.RequestAsync(datagram, _server.LocalEndPoint!);

        var (replyCookie, dictionary) = NgTestData.Split(reply);
        Assert.Equal(cookie, replyCookie);
        Assert.Equal("ok", dictionary.GetText("result"));
        Assert.True(dictionary.TryGet("sdp", out var sdp) && sdp.Bytes.Length > 0);

        var (recordedCommand, relayed) = Assert.Single(_relay.Requests);
        Assert.Equal(command, recordedCommand);
        Assert.Equal(callId, relayed.Key.CallId);
        Assert.Equal(request.GetText("from-tag"), relayed.Key.FromTag);
        Assert.Equal(toTag, relayed.Key.ToTag);
        Assert.Null(relayed.Key.ViaBranch);
        Assert.Equal(request.GetText("sdp"), Encoding.UTF8.GetString(relayed.Sdp.Span));
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 0), relayed.ReceivedFrom);
        NgAssert.SameFlags(MediaFlags.Parse(tutorialFlags), relayed.Flags);
    }

    [Fact]
    public async Task Delete_KamailioFixture_DeletesAndReportsStatistics()
    {
        _relay.Query = key => NgFakeRelay.SampleSession(key.CallId);
        var datagram = NgTestData.Fixture("kamailio-plain-delete.request.bin");

        var (cookie, dictionary) = NgTestData.Split(await _client.RequestAsync(datagram, _server.LocalEndPoint!));

        Assert.Equal("0_23429_4", cookie);
        Assert.Equal("ok", dictionary.GetText("result"));
        Assert.Null(dictionary.GetText("warning"));
        Assert.True(dictionary.TryGet("tags", out _));
        Assert.Contains(_relay.Calls, c => c.Command == "delete" && c.Key == new MediaSessionKey("1-23467@127.0.0.1", "23467SIPpTag001"));
    }

    [Fact]
    public async Task Delete_UnknownCall_OkWithWarning()
    {
        _relay.Delete = _ => false;
        var datagram = NgTestData.Datagram("c1", ("command", "delete"), ("call-id", "nope"), ("from-tag", "x"));

        var (_, dictionary) = NgTestData.Split(await _client.RequestAsync(datagram, _server.LocalEndPoint!));

        Assert.Equal("ok", dictionary.GetText("result"));
        Assert.Equal("Call-ID not found or tags didn't match", dictionary.GetText("warning"));
    }

    [Fact]
    public async Task Delete_UnknownCallWithFatalFlag_Error()
    {
        _relay.Delete = _ => false;
        var datagram = NgTestData.Datagram("c1", ("command", "delete"), ("call-id", "nope"), ("from-tag", "x"), ("flags", new[] { "fatal" }));

        var (_, dictionary) = NgTestData.Split(await _client.RequestAsync(datagram, _server.LocalEndPoint!));

        Assert.Equal("error", dictionary.GetText("result"));
    }

    [Theory]
    [InlineData("c7 d7:command4:ping", "Could not decode dictionary")]
    [InlineData("c7 garbage", "Could not decode dictionary")]
    [InlineData("c7 li1ee", "Could not decode dictionary")]
    [InlineData("c7 de", "Dictionary contains no key \"command\"")]
    [InlineData("c7 d7:command5:dancee", "Unrecognized command 'dance'")]
    [InlineData("c7 d7:command5:offer3:sdp3:v=08:from-tag1:ae", "No call-id in message")]
    [InlineData("c7 d7:command5:offer7:call-id1:c8:from-tag1:ae", "No SDP body in message")]
    [InlineData("c7 d7:command5:offer3:sdp3:v=07:call-id1:ce", "No from-tag in message")]
    [InlineData("c7 d7:command5:offer3:sdp3:v=07:call-id1:c8:from-tag1:a3:ICE5:maybee", "Invalid flag 'ICE=maybe'")]
    [InlineData("c7 d7:command5:offer3:sdp3:v=07:call-id1:c8:from-tag1:a13:received-froml3:IP44:nopeee", "'received-from' has an invalid address")]
    [InlineData("c7 d7:command5:queryi1ee", "Could not decode dictionary")]
    [InlineData("c7 d7:command5:querye", "No call-id in message")]
    [InlineData("c7 d7:command4:list5:limiti-1ee", "Invalid 'limit'")]
    public async Task Request_Invalid_ErrorWithReason(string datagram, string reason)
    {
        var (cookie, dictionary) = NgTestData.Split(await _client.RequestAsync(Encoding.UTF8.GetBytes(datagram), _server.LocalEndPoint!));

        Assert.Equal("c7", cookie);
        Assert.Equal("error", dictionary.GetText("result"));
        Assert.StartsWith(reason, dictionary.GetText("error-reason"), StringComparison.Ordinal);
        Assert.Empty(_relay.Requests);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" d7:command4:pinge")]
    [InlineData("no-space-at-all")]
    public async Task Request_WithoutCookie_DroppedAndServerKeepsServing(string datagram)
    {
        await _client.SendAsync(Encoding.ASCII.GetBytes(datagram), _server.LocalEndPoint!);

        var reply = await _client.RequestAsync(Encoding.ASCII.GetBytes("p1 d7:command4:pinge"), _server.LocalEndPoint!);

        Assert.Equal("p1 d6:result4:ponge", Encoding.ASCII.GetString(reply));
    }

    [Fact]
    public async Task Request_OverMaxDatagramSize_DroppedAndServerKeepsServing()
    {
        await _server.DisposeAsync();
        await StartAsync(new NgServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, 0), MaxDatagramSize = 512 });
        var big = NgTestData.Datagram("big", ("command", "offer"), ("call-id", "c"), ("from-tag", "a"), ("sdp", new string('x', 1000)));

        await _client.SendAsync(big, _server.LocalEndPoint!);
        var reply = await _client.RequestAsync(Encoding.ASCII.GetBytes("p2 d7:command4:pinge"), _server.LocalEndPoint!);

        Assert.Equal("p2 d6:result4:ponge", Encoding.ASCII.GetString(reply));
        Assert.Empty(_relay.Requests);
    }

    [Fact]
    public async Task Offer_DuplicateCookie_CachedReplyWithoutReexecution()
    {
        var datagram = NgTestData.Fixture("kamailio-plain-offer.request.bin");

        var first = await _client.RequestAsync(datagram, _server.LocalEndPoint!);
        var second = await _client.RequestAsync(datagram, _server.LocalEndPoint!);

        Assert.Equal(first, second);
        Assert.Equal(1, _relay.Offers);
        Assert.Equal(1, _server.RepliesFromCache);
    }

    [Fact]
    public async Task Offer_SameCookieFromAnotherSource_ExecutedAgain()
    {
        using var other = new NgUdpPeer();
        var datagram = NgTestData.Fixture("kamailio-plain-offer.request.bin");

        await _client.RequestAsync(datagram, _server.LocalEndPoint!);
        await other.RequestAsync(datagram, _server.LocalEndPoint!);

        Assert.Equal(2, _relay.Offers);
    }

    [Fact]
    public async Task Offer_RetransmittedWhileInFlight_ExecutedOnceAndAnsweredFromCache()
    {
        _relay.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var datagram = NgTestData.Fixture("kamailio-webrtc-offer.request.bin");

        await _client.SendAsync(datagram, _server.LocalEndPoint!);
        await WaitUntilAsync(() => _relay.Offers == 1);
        await _client.SendAsync(datagram, _server.LocalEndPoint!); // dropped: the first is still running
        await WaitUntilAsync(() => _server.RequestsReceived == 2);
        _relay.Gate.SetResult();
        var first = await _client.ReceiveAsync();
        Assert.True(await _client.IsSilentAsync(TimeSpan.FromMilliseconds(200)));
        var again = await _client.RequestAsync(datagram, _server.LocalEndPoint!);

        Assert.Equal(first, again);
        Assert.Equal(1, _relay.Offers);
    }

    [Fact]
    public async Task Offer_RelayHangs_ErrorAfterCommandTimeout()
    {
        var time = new FakeTimeProvider();
        await _server.DisposeAsync();
        await StartAsync(new NgServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, 0), CommandTimeout = TimeSpan.FromSeconds(2) }, time);
        _relay.Gate = new TaskCompletionSource(); // never released
        await _client.SendAsync(NgTestData.Fixture("kamailio-plain-offer.request.bin"), _server.LocalEndPoint!);
        await WaitUntilAsync(() => _relay.Offers == 1);

        time.Advance(TimeSpan.FromSeconds(2));
        var (_, dictionary) = NgTestData.Split(await _client.ReceiveAsync());

        Assert.Equal("error", dictionary.GetText("result"));
        Assert.Equal("Timed out waiting for the media relay", dictionary.GetText("error-reason"));
    }

    [Fact]
    public async Task Offer_RelayThrows_ErrorReply()
    {
        _relay.Throw = new InvalidOperationException("boom");

        var (_, dictionary) = NgTestData.Split(await _client.RequestAsync(NgTestData.Fixture("kamailio-plain-offer.request.bin"), _server.LocalEndPoint!));

        Assert.Equal("error", dictionary.GetText("result"));
        Assert.Contains("InvalidOperationException", dictionary.GetText("error-reason"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Offer_RelayFails_ErrorReasonPassedOn()
    {
        _relay.Reply = _ => MediaRelayResult.Fail("Ran out of ports");

        var (_, dictionary) = NgTestData.Split(await _client.RequestAsync(NgTestData.Fixture("kamailio-plain-offer.request.bin"), _server.LocalEndPoint!));

        Assert.Equal("error", dictionary.GetText("result"));
        Assert.Equal("Ran out of ports", dictionary.GetText("error-reason"));
    }

    [Fact]
    public async Task Offer_OpenSipsStyleKeys_MappedToFlags()
    {
        // OpenSIPS and older clients spell keys with spaces; flags may be words with spaces too.
        var datagram = NgTestData.Datagram("o1", ("command", "offer"), ("call-id", "c1"), ("from-tag", "f1"), ("via-branch", "z9hG4bK1"),
            ("sdp", "v=0\r\n"), ("transport protocol", "RTP/SAVP"), ("address family", "IP6"), ("media address", "2001:db8::1"),
            ("rtcp-mux", new[] { "demux", "offer" }), ("SDES", new[] { "no-AES_CM_128_HMAC_SHA1_32", "only-AES_CM_128_HMAC_SHA1_80" }),
            ("direction", new[] { "internal", "external" }), ("flags", new[] { "trust address", "strict-source", "asymmetric", "loop-protect" }),
            ("received from", new[] { "IP6", "2001:db8::7" }), ("record call", "yes"), ("DTLS", "active"), ("replace", new[] { "origin", "username" }),
            ("unknown-key", "ignored"), ("codec", "ignored"));

        var (_, dictionary) = NgTestData.Split(await _client.RequestAsync(datagram, _server.LocalEndPoint!));

        Assert.Equal("ok", dictionary.GetText("result"));
        var (_, relayed) = Assert.Single(_relay.Requests);
        Assert.Equal(new MediaSessionKey("c1", "f1", null, "z9hG4bK1"), relayed.Key);
        Assert.Equal(IPAddress.Parse("2001:db8::7"), relayed.ReceivedFrom!.Address);
        NgAssert.SameFlags(
            MediaFlags.Parse("RTP/SAVP address-family=IP6 media-address=2001:db8::1 rtcp-mux-demux rtcp-mux-offer SDES-no-AES_CM_128_HMAC_SHA1_32 "
                + "SDES-only-AES_CM_128_HMAC_SHA1_80 direction=internal direction=external trust-address strict-source asymmetric loop-protect "
                + "record-call DTLS=active replace-origin replace-username"),
            relayed.Flags);
    }

    [Fact]
    public async Task Offer_RtppFlagsString_ParsedByServer()
    {
        var datagram = NgTestData.Datagram("r1", ("command", "offer"), ("call-id", "c1"), ("from-tag", "f1"), ("sdp", "v=0\r\n"),
            ("rtpp-flags", "UDP/TLS/RTP/SAVPF ICE=force replace-origin"));

        await _client.RequestAsync(datagram, _server.LocalEndPoint!);

        NgAssert.SameFlags(MediaFlags.Parse("UDP/TLS/RTP/SAVPF ICE=force replace-origin"), Assert.Single(_relay.Requests).Request.Flags);
    }

    [Fact]
    public async Task Query_KnownCall_ReplyShapedLikeRtpEngine()
    {
        _relay.Query = key => key.CallId == "call-1" ? NgFakeRelay.SampleSession() : null;
        var datagram = NgTestData.Datagram("q1", ("command", "query"), ("call-id", "call-1"), ("from-tag", "from-1"));

        var (_, reply) = NgTestData.Split(await _client.RequestAsync(datagram, _server.LocalEndPoint!));

        Assert.Equal("ok", reply.GetText("result"));
        Assert.Equal(1_700_000_000, reply.GetInteger("created"));
        Assert.Equal(1_700_000_060, reply.GetInteger("last signal"));
        Assert.True(reply.TryGet("tags", out var tags));
        Assert.True(tags.TryGet("from-1", out var from));
        Assert.Equal("from-1", from.GetText("tag"));
        Assert.Equal("to-1", from.GetText("in dialogue with"));
        Assert.True(from.TryGet("medias", out var medias));
        var media = Assert.Single(medias.Items);
        Assert.Equal(1, media.GetInteger("index"));
        Assert.Equal("audio", media.GetText("type"));
        Assert.Equal("RTP/AVP", media.GetText("protocol"));
        Assert.True(media.TryGet("streams", out var streams));
        var stream = Assert.Single(streams.Items);
        Assert.Equal(30000, stream.GetInteger("local port"));
        Assert.True(stream.TryGet("endpoint", out var endpoint));
        Assert.Equal("192.0.2.10", endpoint.GetText("address"));
        Assert.Equal(4000, endpoint.GetInteger("port"));
        Assert.Equal("IPv4", endpoint.GetText("family"));
        Assert.True(stream.TryGet("stats", out var stats));
        Assert.Equal(50, stats.GetInteger("packets"));
        Assert.Equal(8600, stats.GetInteger("bytes"));
        Assert.Equal(1, stats.GetInteger("errors"));
        Assert.True(reply.TryGet("totals", out var totals));
        Assert.True(totals.TryGet("RTP", out var rtp));
        Assert.Equal(99, rtp.GetInteger("packets"));
    }

    [Fact]
    public async Task Query_UnknownCall_Error()
    {
        var datagram = NgTestData.Datagram("q2", ("command", "query"), ("call-id", "gone"));

        var (_, reply) = NgTestData.Split(await _client.RequestAsync(datagram, _server.LocalEndPoint!));

        Assert.Equal("error", reply.GetText("result"));
        Assert.Equal("Unknown call-id", reply.GetText("error-reason"));
    }

    [Fact]
    public async Task List_Sessions_CallIdsUpToLimit()
    {
        _relay.Sessions.AddRange([NgFakeRelay.SampleSession("a"), NgFakeRelay.SampleSession("b"), NgFakeRelay.SampleSession("c")]);

        var (_, all) = NgTestData.Split(await _client.RequestAsync(NgTestData.Datagram("l1", ("command", "list")), _server.LocalEndPoint!));
        var (_, two) = NgTestData.Split(await _client.RequestAsync(NgTestData.Datagram("l2", ("command", "list"), ("limit", 2)), _server.LocalEndPoint!));

        Assert.Equal(["a", "b", "c"], all.GetStrings("calls"));
        Assert.Equal(["a", "b"], two.GetStrings("calls"));
    }

    [Fact]
    public async Task Statistics_Sessions_TotalsAndCounters()
    {
        _relay.Sessions.AddRange([NgFakeRelay.SampleSession("a"), NgFakeRelay.SampleSession("b")]);
        await _client.RequestAsync(NgTestData.Fixture("kamailio-plain-offer.request.bin"), _server.LocalEndPoint!);

        var (_, reply) = NgTestData.Split(await _client.RequestAsync(NgTestData.Datagram("s1", ("command", "statistics")), _server.LocalEndPoint!));

        Assert.Equal("ok", reply.GetText("result"));
        Assert.True(reply.TryGet("statistics", out var statistics));
        Assert.True(statistics.TryGet("currentstatistics", out var current));
        Assert.Equal(2, current.GetInteger("sessionstotal"));
        Assert.True(statistics.TryGet("totalstatistics", out var total));
        Assert.Equal(198, total.GetInteger("relayedpackets"));
        Assert.True(statistics.TryGet("controlstatistics", out var control));
        Assert.Equal(1, control.GetInteger("offercount"));
    }

    [Fact]
    public async Task StopAsync_ThenStart_Rebinds()
    {
        await _server.StopAsync(CancellationToken.None);
        await _server.StartAsync(CancellationToken.None);

        var reply = await _client.RequestAsync(Encoding.ASCII.GetBytes("p3 d7:command4:pinge"), _server.LocalEndPoint!);

        Assert.Equal("p3 d6:result4:ponge", Encoding.ASCII.GetString(reply));
    }

    private async Task StartAsync(NgServerOptions options, TimeProvider? time = null)
    {
        _server = new NgServer(_relay, options, time);
        await _server.StartAsync(CancellationToken.None);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + NgUdpPeer.DefaultTimeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met");
            await Task.Delay(10);
        }
    }
}
