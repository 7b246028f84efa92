using Gateway.Media.Relay;
using Gateway.Media.Sdp;

namespace Gateway.Media.Tests.Relay.Bundle;

/// <summary>
/// BUNDLE (RFC 8843) in the session layer: a bundling WebRTC party gets one relay transport for all its bundled
/// m-lines (one port pair, the same ICE, fingerprint, setup, rtcp-mux in each), the plain side a pair per m-line.
/// </summary>
public sealed class MediaRelayBundleSessionTests
{
    private const string Relay = "127.0.0.1";

    [Fact]
    public async Task Answer_BundledChromiumOfferToPlainPhone_OneTransportInBothMLines()
    {
        await using var relay = new RelayHarness();
        var toPhone = await relay.OfferAsync("b1", "ws", BundleSdp.Chromium().ToArray(), RelayHarness.ToPhone);
        RelaySdpAssert.ForPhone(toPhone, Relay);
        Assert.Equal(2, toPhone.Media.Count);
        Assert.NotEqual(toPhone.Media[0].Port, toPhone.Media[1].Port);
        Assert.DoesNotContain(toPhone.Groups, g => g.IsBundle); // the phone is not asked to bundle
        Assert.Equal(3, relay.Engine.Ports.InUse); // the browser's bundle transport + the phone's two m-lines

        var toBrowser = await relay.AnswerAsync("b1", "ws", "phone", RelayHarness.Lines(BundleSdp.PlainAudioVideo(40000, 40001, 40002, 40003).TrimEnd().Split("\r\n")), RelayHarness.ToBrowser);
        RelaySdpAssert.ForBrowser(toBrowser, Relay, relay.Fingerprint, SdpSetup.Active);
        Assert.Equal(new SdpGroup("BUNDLE", ["0", "1"]), Assert.Single(toBrowser.Groups, g => g.IsBundle));
        var (audio, video) = (toBrowser.Media[0], toBrowser.Media[1]);
        Assert.Equal(audio.Port, video.Port);
        Assert.Equal(audio.IceUfrag, video.IceUfrag);
        Assert.Equal(audio.IcePwd, video.IcePwd);
        Assert.Equal(audio.Candidates, video.Candidates);
        Assert.Equal(audio.Setup, video.Setup);
        Assert.Equal(audio.Attributes.GetValue("fingerprint"), video.Attributes.GetValue("fingerprint"));
        Assert.All(toBrowser.Media, m => Assert.Null(m.Rtcp));
        Assert.All(toBrowser.Media, m => Assert.DoesNotContain(m.Candidates, c => c.Component == 2));

        // The transport leg demultiplexes for both m-lines; the video m-line's leg is bundled on it.
        var transport = relay.LegOf(toBrowser);
        var bundle = transport.Current!.Bundle;
        Assert.NotNull(bundle);
        Assert.True(transport.Current.RtcpMux);
        Assert.Equal(4, bundle.MidExtensionId);
        Assert.Equal(["0", "1"], bundle.Members.Select(m => m.Mid));
        Assert.Same(transport, bundle.Members[0].Leg);
        var videoLeg = Assert.IsType<FakeMediaLeg>(bundle.Members[1].Leg);
        Assert.Same(transport, videoLeg.Transport);
        Assert.Equal([BundleSdp.ChromiumAudioSsrc], bundle.Members[0].Ssrcs);
        Assert.Equal([BundleSdp.ChromiumVideoSsrc, BundleSdp.ChromiumVideoRtxSsrc], bundle.Members[1].Ssrcs);
        Assert.Contains(111, bundle.Members[0].PayloadTypes);
        Assert.Contains(96, bundle.Members[1].PayloadTypes);

        // Each phone-side leg forwards to its own m-line's leg toward the browser.
        Assert.Same(transport, relay.LegOf(toPhone, 0).Peer);
        Assert.Same(videoLeg, relay.LegOf(toPhone, 1).Peer);
        Assert.Same(relay.LegOf(toPhone, 1), videoLeg.Peer);

        Assert.True(await relay.Engine.DeleteAsync(new Gateway.Core.Media.MediaSessionKey("b1", "ws")));
        Assert.Equal(0, relay.Engine.Ports.InUse);
        Assert.All(relay.Factory.Legs, l => Assert.True(l.Disposed));
        Assert.All(relay.Factory.Bundled, l => Assert.True(l.Disposed));
    }

    [Fact]
    public async Task Offer_PlainPhoneAudioVideoToWebRtc_RelayOffersOneBundledPort()
    {
        await using var relay = new RelayHarness();
        var phone = RelayHarness.Lines(BundleSdp.PlainAudioVideo(40000, 40001, 40002, 40003).TrimEnd().Split("\r\n"));
        var toBrowser = await relay.OfferAsync("b2", "phone", phone, RelayHarness.ToBrowser);
        RelaySdpAssert.ForBrowser(toBrowser, Relay, relay.Fingerprint, SdpSetup.ActPass);
        Assert.Equal(toBrowser.Media[0].Port, toBrowser.Media[1].Port);
        Assert.Equal(toBrowser.Media[0].IceUfrag, toBrowser.Media[1].IceUfrag);
        var group = Assert.Single(toBrowser.Groups, g => g.IsBundle);
        Assert.Equal([toBrowser.Media[0].Mid!, toBrowser.Media[1].Mid!], group.Mids);
        Assert.Equal(3, relay.Engine.Ports.InUse); // the phone's two m-lines + the browser's bundle transport

        var browserAnswer = BundleSdp.BrowserAnswer("abcd", "0123456789abcdefghijklmn", "sha-256 " + string.Join(':', Enumerable.Repeat("AB", 32)));
        var toPhone = await relay.AnswerAsync("b2", "phone", "ws", RelayHarness.Lines(browserAnswer.TrimEnd().Split("\r\n")), RelayHarness.ToPhone);
        RelaySdpAssert.ForPhone(toPhone, Relay);
        Assert.NotEqual(toPhone.Media[0].Port, toPhone.Media[1].Port);
        Assert.DoesNotContain(toPhone.Groups, g => g.IsBundle); // the phone did not offer BUNDLE
        Assert.Equal(3, relay.Engine.Ports.InUse);

        var transport = relay.Factory.ByPort(toBrowser.Media[0].Port);
        var bundle = transport.Current!.Bundle;
        Assert.NotNull(bundle);
        Assert.Equal([1111u], bundle.Members[0].Ssrcs);
        Assert.Equal([2222u], bundle.Members[1].Ssrcs);
        Assert.Equal(MediaLegSecurity.Dtls, transport.Current.Security);
        Assert.Equal(Gateway.Media.Dtls.DtlsRole.Server, transport.Current.DtlsRole); // the browser answered active
    }

    [Fact]
    public async Task Answer_WebRtcOfferWithoutBundle_KeepsPortPerMLineAndNoGroup()
    {
        await using var relay = new RelayHarness();
        await relay.OfferAsync("b3", "ws", BundleSdp.Chromium(bundle: false).ToArray(), RelayHarness.ToPhone);
        Assert.Equal(4, relay.Engine.Ports.InUse);
        var toBrowser = await relay.AnswerAsync("b3", "ws", "phone", RelayHarness.Lines(BundleSdp.PlainAudioVideo(40000, 40001, 40002, 40003).TrimEnd().Split("\r\n")), RelayHarness.ToBrowser);
        Assert.NotEqual(toBrowser.Media[0].Port, toBrowser.Media[1].Port);
        Assert.DoesNotContain(toBrowser.Groups, g => g.IsBundle);
        Assert.Null(relay.LegOf(toBrowser, 0).Current!.Bundle);
        Assert.Null(relay.LegOf(toBrowser, 1).Current!.Bundle);
        Assert.Empty(relay.Factory.Bundled);
    }

    [Fact]
    public async Task ReOffer_BundledBrowser_KeepsPortJoinsNewMLineAndRejectedOneLeaves()
    {
        await using var relay = new RelayHarness();
        var plain = RelayHarness.Lines(BundleSdp.PlainAudioVideo(40000, 40001, 40002, 40003).TrimEnd().Split("\r\n"));
        await relay.OfferAsync("b4", "ws", BundleSdp.Chromium().ToArray(), RelayHarness.ToPhone);
        var first = await relay.AnswerAsync("b4", "ws", "phone", plain, RelayHarness.ToBrowser);
        var port = first.Media[0].Port;

        // The same offer again (a re-INVITE): same ports, no new pair.
        var again = await relay.OfferAsync("b4", "ws", BundleSdp.Chromium().ToArray(), RelayHarness.ToPhone);
        var second = await relay.AnswerAsync("b4", "ws", "phone", plain, RelayHarness.ToBrowser);
        Assert.Equal(port, second.Media[0].Port);
        Assert.Equal(port, second.Media[1].Port);
        Assert.Equal(first.Media[0].IceUfrag, second.Media[1].IceUfrag);
        Assert.Equal(3, relay.Engine.Ports.InUse);

        // A third m-line (a second video, mid 2) joins the bundle: one new pair, for the phone's side only.
        var three = BundleSdp.Chromium();
        var extra = three.Media[1].Clone();
        extra.Mid = "2";
        extra.RemoveSsrcs();
        three.Media.Add(extra);
        three.RemoveGroups("BUNDLE");
        three.AddGroup(new SdpGroup("BUNDLE", ["0", "1", "2"]));
        var toPhone = await relay.OfferAsync("b4", "ws", three.ToArray(), RelayHarness.ToPhone);
        Assert.Equal(3, toPhone.Media.Count);
        Assert.Equal(4, relay.Engine.Ports.InUse);
        var plainThree = plain.Concat(RelayHarness.Lines("m=video 40004 RTP/AVP 96", "a=rtcp:40005", "a=rtpmap:96 VP8/90000", "a=sendrecv")).ToArray();
        var third = await relay.AnswerAsync("b4", "ws", "phone", plainThree, RelayHarness.ToBrowser);
        Assert.All(third.Media, m => Assert.Equal(port, m.Port));
        Assert.Equal(["0", "1", "2"], Assert.Single(third.Groups, g => g.IsBundle).Mids);
        Assert.Equal(3, relay.LegOf(third).Current!.Bundle!.Members.Count);

        // The first video rejected by the browser (port 0): it leaves the bundle; the transport and its port stay.
        three.Media[1].Port = 0;
        three.RemoveGroups("BUNDLE");
        three.AddGroup(new SdpGroup("BUNDLE", ["0", "2"]));
        var toPhoneRejected = await relay.OfferAsync("b4", "ws", three.ToArray(), RelayHarness.ToPhone);
        Assert.Equal(0, toPhoneRejected.Media[1].Port);
        var plainRejected = RelayHarness.Lines(BundleSdp.PlainAudioVideo(40000, 40001, 0, 40003).TrimEnd().Split("\r\n"))
            .Concat(RelayHarness.Lines("m=video 40004 RTP/AVP 96", "a=rtcp:40005", "a=rtpmap:96 VP8/90000", "a=sendrecv")).ToArray();
        var fourth = await relay.AnswerAsync("b4", "ws", "phone", plainRejected, RelayHarness.ToBrowser);
        Assert.Equal(port, fourth.Media[0].Port);
        Assert.Equal(0, fourth.Media[1].Port);
        Assert.Equal(port, fourth.Media[2].Port);
        Assert.Equal(["0", "2"], Assert.Single(fourth.Groups, g => g.IsBundle).Mids);
        Assert.Equal(["0", "2"], relay.LegOf(fourth).Current!.Bundle!.Members.Select(m => m.Mid));
        Assert.Equal(4, relay.Engine.Ports.InUse);

        Assert.True(await relay.Engine.DeleteAsync(new Gateway.Core.Media.MediaSessionKey("b4", "ws")));
        Assert.Equal(0, relay.Engine.Ports.InUse);
        _ = again;
    }
}
