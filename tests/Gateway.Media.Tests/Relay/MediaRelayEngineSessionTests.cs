using System.Net;
using Gateway.Core.Media;
using Gateway.Media.Dtls;
using Gateway.Media.Relay;
using Gateway.Media.Sdp;

namespace Gateway.Media.Tests.Relay;

/// <summary>Sessions: keys, re-offers, hold, ICE restart, DTLS role change, forks, delete, ports, query/list, failures.</summary>
public sealed class MediaRelayEngineSessionTests
{
    private static byte[] PhoneOffer(string direction = "sendrecv", int port = 16384, string address = "192.0.2.50") => RelayHarness.Lines(
        "v=0", $"o=- 1 1 IN IP4 {address}", "s=-", $"c=IN IP4 {address}", "t=0 0",
        $"m=audio {port} RTP/AVP 0 8 101", "a=rtpmap:0 PCMU/8000", "a=rtpmap:8 PCMA/8000", "a=rtpmap:101 telephone-event/8000", $"a={direction}");

    private static byte[] PhoneAnswer(string direction = "sendrecv") => RelayHarness.Lines(
        "v=0", "o=- 2 2 IN IP4 203.0.113.22", "s=-", "c=IN IP4 203.0.113.22", "t=0 0",
        "m=audio 40000 RTP/AVP 8 101", "a=rtpmap:8 PCMA/8000", "a=rtpmap:101 telephone-event/8000", $"a={direction}");

    private static byte[] BrowserOffer(string ufrag, string pwd, string setup = "actpass") => RelayHarness.Lines(
        "v=0", "o=- 7169721126327183323 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0",
        "m=audio 50412 UDP/TLS/RTP/SAVPF 111 0", "c=IN IP4 198.51.100.23",
        "a=candidate:1 1 udp 2122260223 198.51.100.23 50412 typ host", "a=end-of-candidates",
        $"a=ice-ufrag:{ufrag}", $"a=ice-pwd:{pwd}",
        "a=fingerprint:sha-256 A4:67:3A:52:5C:D4:9C:65:45:9D:61:43:B2:EC:31:E8:42:4E:EC:54:C9:70:E3:89:28:94:3E:5C:3C:ED:FC:64",
        $"a=setup:{setup}", "a=mid:0", "a=sendrecv", "a=rtcp-mux", "a=rtpmap:111 opus/48000/2", "a=rtpmap:0 PCMU/8000");

    [Fact]
    public async Task Offer_ReOfferOnSameTags_ReconfiguresSameLegsOnSamePorts()
    {
        await using var relay = new RelayHarness();
        var offer = await relay.OfferAsync("call", "a", PhoneOffer(), RelayHarness.ToPhone);
        var answer = await relay.AnswerAsync("call", "a", "b", PhoneAnswer(), RelayHarness.ToPhone);
        var callerLeg = relay.LegOf(answer);
        var calleeLeg = relay.LegOf(offer);
        var configured = callerLeg.Configured.Count;

        var reOffer = await relay.OfferAsync("call", "a", PhoneOffer(port: 16500), RelayHarness.ToPhone, viaBranch: "z9hG4bK-reinvite");
        var reAnswer = await relay.AnswerAsync("call", "a", "b", PhoneAnswer(), RelayHarness.ToPhone, viaBranch: "z9hG4bK-reinvite");

        Assert.Equal(2, relay.Factory.Legs.Count);
        Assert.Equal(offer.Media[0].Port, reOffer.Media[0].Port);
        Assert.Equal(answer.Media[0].Port, reAnswer.Media[0].Port);
        Assert.True(callerLeg.Configured.Count >= configured + 2, "The caller's leg was not re-configured");
        Assert.Equal("192.0.2.50:16500", callerLeg.Current!.RemoteRtp!.ToString());
        Assert.Equal("192.0.2.50:16501", callerLeg.Current.RemoteRtcp!.ToString());
        Assert.Same(calleeLeg, callerLeg.Peer);
        Assert.Equal(2, relay.Engine.Ports.InUse);
    }

    [Fact]
    public async Task Offer_ReInviteFromCallee_UsesTheSameLegsInTheOtherDirection()
    {
        await using var relay = new RelayHarness();
        var offer = await relay.OfferAsync("call", "a", PhoneOffer(), RelayHarness.ToPhone);
        var answer = await relay.AnswerAsync("call", "a", "b", PhoneAnswer(), RelayHarness.ToPhone);

        var reOffer = await relay.OfferAsync("call", "b", PhoneAnswer("sendonly"), RelayHarness.ToPhone);
        var reAnswer = await relay.AnswerAsync("call", "b", "a", PhoneOffer("recvonly"), RelayHarness.ToPhone);

        Assert.Equal(2, relay.Factory.Legs.Count);
        Assert.Equal(answer.Media[0].Port, reOffer.Media[0].Port);
        Assert.Equal(offer.Media[0].Port, reAnswer.Media[0].Port);
    }

    [Fact]
    public async Task Offer_HoldThenUnhold_DisablesAndRestoresForwarding()
    {
        await using var relay = new RelayHarness();
        var offer = await relay.OfferAsync("call", "a", PhoneOffer(), RelayHarness.ToPhone);
        var answer = await relay.AnswerAsync("call", "a", "b", PhoneAnswer(), RelayHarness.ToPhone);
        var callerLeg = relay.LegOf(answer);
        var calleeLeg = relay.LegOf(offer);
        Assert.False(callerLeg.Current!.ForwardingDisabled);
        Assert.False(calleeLeg.Current!.ForwardingDisabled);

        var hold = await relay.OfferAsync("call", "a", PhoneOffer("sendonly"), RelayHarness.ToPhone);
        Assert.Equal(SdpDirection.SendOnly, hold.Media[0].Direction);
        await relay.AnswerAsync("call", "a", "b", PhoneAnswer("recvonly"), RelayHarness.ToPhone);
        Assert.False(callerLeg.Current!.ForwardingDisabled); // music on hold still flows to the callee
        Assert.True(calleeLeg.Current!.ForwardingDisabled);   // the held party is not heard

        await relay.OfferAsync("call", "a", PhoneOffer("inactive"), RelayHarness.ToPhone);
        await relay.AnswerAsync("call", "a", "b", PhoneAnswer("inactive"), RelayHarness.ToPhone);
        Assert.True(callerLeg.Current!.ForwardingDisabled);
        Assert.True(calleeLeg.Current!.ForwardingDisabled);

        await relay.OfferAsync("call", "a", PhoneOffer(), RelayHarness.ToPhone);
        await relay.AnswerAsync("call", "a", "b", PhoneAnswer(), RelayHarness.ToPhone);
        Assert.False(callerLeg.Current!.ForwardingDisabled);
        Assert.False(calleeLeg.Current!.ForwardingDisabled);
        Assert.Equal(2, relay.Factory.Legs.Count);
    }

    [Fact]
    public async Task Offer_IceRestartFromBrowser_NewRemoteAndLocalCredentialsOnTheSameLeg()
    {
        await using var relay = new RelayHarness();
        await relay.OfferAsync("call", "ws", BrowserOffer("ufA1", "pwdA1pwdA1pwdA1pwdA1pw"), RelayHarness.ToPhone);
        var answer = await relay.AnswerAsync("call", "ws", "sip", PhoneAnswer(), RelayHarness.ToBrowser);
        var browserLeg = relay.LegOf(answer);
        var firstLocal = answer.Media[0].IceUfrag;
        Assert.Equal("ufA1", browserLeg.Current!.RemoteIce!.UsernameFragment);

        await relay.OfferAsync("call", "ws", BrowserOffer("ufA2", "pwdA2pwdA2pwdA2pwdA2pw"), RelayHarness.ToPhone);
        var restarted = await relay.AnswerAsync("call", "ws", "sip", PhoneAnswer(), RelayHarness.ToBrowser);

        Assert.Same(browserLeg, relay.LegOf(restarted));
        Assert.Equal("ufA2", browserLeg.Current!.RemoteIce!.UsernameFragment);
        Assert.NotEqual(firstLocal, restarted.Media[0].IceUfrag);
        Assert.Equal(restarted.Media[0].IceUfrag, browserLeg.Current.LocalIce!.UsernameFragment);
        Assert.Equal(restarted.Media[0].IcePwd, browserLeg.Current.LocalIce.Password);
    }

    [Fact]
    public async Task Offer_DtlsRoleChangeInReOffer_RelayTakesTheComplementaryRole()
    {
        await using var relay = new RelayHarness();
        await relay.OfferAsync("call", "ws", BrowserOffer("ufA1", "pwdA1pwdA1pwdA1pwdA1pw"), RelayHarness.ToPhone);
        var answer = await relay.AnswerAsync("call", "ws", "sip", PhoneAnswer(), RelayHarness.ToBrowser);
        Assert.Equal(SdpSetup.Active, answer.Media[0].Setup);
        var browserLeg = relay.LegOf(answer);
        Assert.Equal(DtlsRole.Client, browserLeg.Current!.DtlsRole);

        await relay.OfferAsync("call", "ws", BrowserOffer("ufA1", "pwdA1pwdA1pwdA1pwdA1pw", setup: "active"), RelayHarness.ToPhone);
        Assert.Equal(DtlsRole.Server, browserLeg.Current!.DtlsRole);
        var reAnswer = await relay.AnswerAsync("call", "ws", "sip", PhoneAnswer(), RelayHarness.ToBrowser);
        Assert.Equal(SdpSetup.Passive, reAnswer.Media[0].Setup);
        Assert.Equal(DtlsRole.Server, browserLeg.Current!.DtlsRole);
    }

    [Fact]
    public async Task Offer_ForkedByViaBranch_EachBranchGetsItsOwnLegsAndTheAnswerLinksItsBranch()
    {
        await using var relay = new RelayHarness();
        var toFirst = await relay.OfferAsync("call", "a", PhoneOffer(), RelayHarness.ToPhone, viaBranch: "br1");
        var toSecond = await relay.OfferAsync("call", "a", PhoneOffer(), RelayHarness.ToPhone, viaBranch: "br2");
        Assert.NotEqual(toFirst.Media[0].Port, toSecond.Media[0].Port);
        Assert.Equal(3, relay.Factory.Legs.Count);

        var answer = await relay.AnswerAsync("call", "a", "b2", PhoneAnswer(), RelayHarness.ToPhone, viaBranch: "br2");
        var callerLeg = relay.LegOf(answer);
        Assert.Same(relay.LegOf(toSecond), callerLeg.Peer);

        // CANCEL of the losing branch releases its legs only.
        Assert.True(await relay.Engine.DeleteAsync(new MediaSessionKey("call", "a", null, "br1")));
        Assert.False(relay.LegOf(toSecond).Disposed);
        Assert.True(relay.Factory.Legs.Single(l => l.LocalRtpEndPoint.Port == toFirst.Media[0].Port).Disposed);
        Assert.Equal(2, relay.Engine.Ports.InUse);
        Assert.True(RelayTestPorts.CanBind(toFirst.Media[0].Port));
    }

    [Fact]
    public async Task Answer_SecondToTagWithoutViaBranch_TakesOverTheRecipientLegs()
    {
        await using var relay = new RelayHarness();
        var offer = await relay.OfferAsync("call", "a", PhoneOffer(), RelayHarness.ToPhone);
        await relay.AnswerAsync("call", "a", "b1", PhoneAnswer(), RelayHarness.ToPhone);
        var second = await relay.AnswerAsync("call", "a", "b2", PhoneAnswer("sendonly"), RelayHarness.ToPhone);

        Assert.Equal(2, relay.Factory.Legs.Count);
        var info = await relay.Engine.QueryAsync(new MediaSessionKey("call", "a"));
        Assert.Equal("b2", info!.Key.ToTag);
        Assert.Contains(info.Streams, s => s.Tag == "b2" && s.LocalEndPoint!.Port == offer.Media[0].Port);
        Assert.DoesNotContain(info.Streams, s => s.Tag == "b1");
        Assert.NotNull(second);
    }

    [Fact]
    public async Task Delete_ReleasesPortsAtOnce_SamePortsBindAgain()
    {
        await using var relay = new RelayHarness();
        var offer = await relay.OfferAsync("call", "a", PhoneOffer(), RelayHarness.ToPhone);
        var answer = await relay.AnswerAsync("call", "a", "b", PhoneAnswer(), RelayHarness.ToPhone);
        var ports = new[] { offer.Media[0].Port, offer.Media[0].Port + 1, answer.Media[0].Port, answer.Media[0].Port + 1 };
        Assert.All(ports, p => Assert.False(RelayTestPorts.CanBind(p)));

        Assert.True(await relay.Engine.DeleteAsync(new MediaSessionKey("call", "b")));

        Assert.All(ports, p => Assert.True(RelayTestPorts.CanBind(p)));
        Assert.All(relay.Factory.Legs, l => Assert.True(l.Disposed));
        Assert.Equal(0, relay.Engine.Ports.InUse);
        Assert.Equal(0, relay.Engine.SessionCount);
        Assert.False(await relay.Engine.DeleteAsync(new MediaSessionKey("call", "a")));
    }

    [Fact]
    public async Task Delete_UnknownTag_DeletesNothing()
    {
        await using var relay = new RelayHarness();
        await relay.OfferAsync("call", "a", PhoneOffer(), RelayHarness.ToPhone);
        Assert.False(await relay.Engine.DeleteAsync(new MediaSessionKey("call", "nobody")));
        Assert.False(await relay.Engine.DeleteAsync(new MediaSessionKey("other-call", "a")));
        Assert.Equal(1, relay.Engine.SessionCount);
        Assert.True(await relay.Engine.DeleteAsync(new MediaSessionKey("call", string.Empty)));
    }

    [Fact]
    public async Task Offer_PortRangeExhausted_FailsWithRanOutOfPortsAndLeaksNothing()
    {
        await using var relay = new RelayHarness(pairs: 3);
        Assert.Equal(3, relay.Engine.Ports.Capacity);
        await relay.OfferAsync("first", "a", PhoneOffer(), RelayHarness.ToPhone);
        Assert.Equal(2, relay.Engine.Ports.InUse);

        var result = await relay.Engine.OfferAsync(RelayHarness.Request(new MediaSessionKey("second", "a"), PhoneOffer(), RelayHarness.ToPhone));

        Assert.False(result.Succeeded);
        Assert.Equal("Ran out of ports", result.ErrorReason);
        Assert.Equal(2, relay.Engine.Ports.InUse);
        Assert.Equal(1, relay.Engine.SessionCount);

        await relay.Engine.DeleteAsync(new MediaSessionKey("first", "a"));
        await relay.OfferAsync("second", "a", PhoneOffer(), RelayHarness.ToPhone);
    }

    [Fact]
    public async Task Offer_PortHeldByAnotherSocket_IsSkipped()
    {
        await using var relay = new RelayHarness(pairs: 3);
        using var squatter = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        var first = relay.Options.MinPort + (relay.Options.MinPort & 1);
        squatter.Bind(new IPEndPoint(IPAddress.Loopback, first + 1));

        var offer = await relay.OfferAsync("call", "a", PhoneOffer(), RelayHarness.ToPhone);
        var answer = await relay.AnswerAsync("call", "a", "b", PhoneAnswer(), RelayHarness.ToPhone);

        Assert.DoesNotContain(first, new[] { offer.Media[0].Port, answer.Media[0].Port });
    }

    [Fact]
    public async Task Query_And_List_ReportCountersPerStreamAndLeg()
    {
        await using var relay = new RelayHarness();
        var offer = await relay.OfferAsync("call", "a", PhoneOffer(), RelayHarness.ToPhone);
        var answer = await relay.AnswerAsync("call", "a", "b", PhoneAnswer(), RelayHarness.ToPhone);
        var now = relay.Time.GetUtcNow();
        relay.LegOf(answer).Statistics = new MediaLegStatistics(new IPEndPoint(IPAddress.Parse("192.0.2.50"), 16384), true, 50, 8000, 40, 6400, 1, now, false, false);
        relay.LegOf(offer).Statistics = new MediaLegStatistics(null, false, 40, 6400, 50, 8000, 0, now.AddSeconds(-1), false, false);

        var info = await relay.Engine.QueryAsync(new MediaSessionKey("call", "a"));

        Assert.NotNull(info);
        Assert.Equal(new MediaSessionKey("call", "a", "b"), info.Key);
        Assert.Equal("local", info.Instance);
        Assert.Equal(now, info.LastActivity);
        Assert.Equal(2, info.Streams.Count);
        var caller = Assert.Single(info.Streams, s => s.Tag == "a");
        Assert.Equal(50, caller.PacketsReceived);
        Assert.Equal(8000, caller.BytesReceived);
        Assert.Equal(40, caller.PacketsSent);
        Assert.Equal(1, caller.Errors);
        Assert.True(caller.Latched);
        Assert.Equal(answer.Media[0].Port, caller.LocalEndPoint!.Port);
        Assert.Equal("RTP/AVP", caller.Protocol);
        Assert.Equal("audio", caller.MediaType);
        var callee = Assert.Single(info.Streams, s => s.Tag == "b");
        Assert.Equal(40, callee.PacketsReceived);
        Assert.Equal("203.0.113.22:40000", callee.RemoteEndPoint!.ToString());

        await relay.OfferAsync("call-2", "x", PhoneOffer(), RelayHarness.ToPhone);
        var list = await relay.Engine.ListAsync();
        Assert.Equal(["call", "call-2"], list.Select(i => i.Key.CallId).Order(StringComparer.Ordinal));
        Assert.Null(await relay.Engine.QueryAsync(new MediaSessionKey("nope", "a")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("v=0\r\no=broken\r\n")]
    [InlineData("m=audio 1 RTP/AVP 0\r\nv=0\r\n")]
    public async Task Offer_MalformedSdp_FailsWithClearReason(string text)
    {
        await using var relay = new RelayHarness();
        var result = await relay.Engine.OfferAsync(RelayHarness.Request(new MediaSessionKey("call", "a"), System.Text.Encoding.UTF8.GetBytes(text), RelayHarness.ToPhone));
        Assert.False(result.Succeeded);
        Assert.True(result.ErrorReason!.StartsWith("Failed to parse SDP", StringComparison.Ordinal) || result.ErrorReason == "No SDP body", result.ErrorReason);
        Assert.Equal(0, relay.Engine.SessionCount);
        Assert.Empty(relay.Factory.Legs);
    }

    [Fact]
    public async Task Answer_UnknownSession_Fails()
    {
        await using var relay = new RelayHarness();
        var unknownCall = await relay.Engine.AnswerAsync(RelayHarness.Request(new MediaSessionKey("none", "a", "b"), PhoneAnswer(), RelayHarness.ToPhone));
        Assert.False(unknownCall.Succeeded);
        Assert.Equal("Unknown call-id", unknownCall.ErrorReason);

        await relay.OfferAsync("call", "a", PhoneOffer(), RelayHarness.ToPhone);
        var unknownTag = await relay.Engine.AnswerAsync(RelayHarness.Request(new MediaSessionKey("call", "x", "b"), PhoneAnswer(), RelayHarness.ToPhone));
        Assert.False(unknownTag.Succeeded);
        Assert.Equal("Unknown from-tag", unknownTag.ErrorReason);
    }

    [Fact]
    public async Task Offer_MaxSessionsReached_Fails()
    {
        await using var relay = new RelayHarness(configure: o => o.MaxSessions = 1);
        await relay.OfferAsync("one", "a", PhoneOffer(), RelayHarness.ToPhone);
        var result = await relay.Engine.OfferAsync(RelayHarness.Request(new MediaSessionKey("two", "a"), PhoneOffer(), RelayHarness.ToPhone));
        Assert.False(result.Succeeded);
        Assert.Equal("Too many sessions", result.ErrorReason);
        await relay.OfferAsync("one", "a", PhoneOffer(), RelayHarness.ToPhone); // a re-offer of a held call still works
    }

    [Fact]
    public async Task DisposeAsync_EndsEverySessionAndReleasesPorts()
    {
        var relay = new RelayHarness();
        var offer = await relay.OfferAsync("call", "a", PhoneOffer(), RelayHarness.ToPhone);
        var ended = new List<MediaSessionEndedEventArgs>();
        relay.Engine.SessionEnded += (_, e) => ended.Add(e);

        await relay.DisposeAsync();

        Assert.Equal(MediaSessionEndReason.Shutdown, Assert.Single(ended).Reason);
        Assert.True(RelayTestPorts.CanBind(offer.Media[0].Port));
        var late = await relay.Engine.OfferAsync(RelayHarness.Request(new MediaSessionKey("late", "a"), PhoneOffer(), RelayHarness.ToPhone));
        Assert.False(late.Succeeded);
    }
}
