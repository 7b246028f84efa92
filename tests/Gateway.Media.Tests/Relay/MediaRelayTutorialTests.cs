using Gateway.Media.Dtls;
using Gateway.Media.Relay;
using Gateway.Media.Sdp;

namespace Gateway.Media.Tests.Relay;

/// <summary>
/// The four WS/non-WS combinations of the OpenSIPS WebSocket tutorial (its rtpengine_offer/answer flag table), each
/// checked in both directions on real browser and phone SDP: what reaches a browser must satisfy Chromium, what
/// reaches a phone must be plain RTP/AVP through the relay.
/// </summary>
public sealed class MediaRelayTutorialTests
{
    private const string Relay = "127.0.0.1";

    /// <summary>A Chromium-style answer to an audio-only offer (non-trickle: host candidate, end-of-candidates).</summary>
    internal static readonly byte[] BrowserAudioAnswer = RelayHarness.Lines(
        "v=0",
        "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
        "s=-",
        "t=0 0",
        "a=extmap-allow-mixed",
        "a=msid-semantic: WMS",
        "m=audio 53478 UDP/TLS/RTP/SAVPF 0 101",
        "c=IN IP4 198.51.100.23",
        "a=rtcp:9 IN IP4 0.0.0.0",
        "a=candidate:1467250027 1 udp 2122260223 198.51.100.23 53478 typ host generation 0",
        "a=end-of-candidates",
        "a=ice-ufrag:Bx7q",
        "a=ice-pwd:m8S5XzMkBQ2TXw1m0RZkJ2Ki",
        "a=ice-options:trickle",
        "a=fingerprint:sha-256 6B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08",
        "a=setup:active",
        "a=mid:0",
        "a=sendrecv",
        "a=msid:- 5b5b7a2e-6f33-4a47-9a6f-2f2e7d0b1c11",
        "a=rtcp-mux",
        "a=rtpmap:0 PCMU/8000",
        "a=rtpmap:101 telephone-event/8000",
        "a=ssrc:1299131003 cname:q0yXxk6m0jVZ1lX2");

    [Fact]
    public async Task Offer_WsToWs_ForceRelayPassive_BothBrowsersGetRelayCandidatesAndPassiveSetup()
    {
        await using var relay = new RelayHarness();
        var offer = await relay.OfferAsync("c1", "ws-a", RelayHarness.Sample(RelayHarness.JsepOffer), RelayHarness.BrowserToBrowser);
        RelaySdpAssert.ForBrowser(offer, Relay, relay.Fingerprint, SdpSetup.Passive);
        Assert.All(offer.Media, m => Assert.All(m.Candidates, c => Assert.Equal("relay", c.Type)));
        Assert.Contains(offer.Groups, g => g.IsBundle);

        var answer = await relay.AnswerAsync("c1", "ws-a", "ws-b", RelayHarness.Sample(RelayHarness.JsepAnswer), RelayHarness.BrowserToBrowser);
        RelaySdpAssert.ForBrowser(answer, Relay, relay.Fingerprint, SdpSetup.Passive);
        Assert.All(answer.Media, m => Assert.All(m.Candidates, c => Assert.Equal("relay", c.Type)));
        Assert.Equal(["a1", "v1"], answer.Media.Select(m => m.Mid));

        // Both browsers are told the relay is passive: the relay is the DTLS server on both legs.
        Assert.Equal(DtlsRole.Server, relay.LegOf(offer).Current!.DtlsRole);
        Assert.Equal(DtlsRole.Server, relay.LegOf(answer).Current!.DtlsRole);
        Assert.Equal(MediaLegSecurity.Dtls, relay.LegOf(answer).Current!.Security);
    }

    [Fact]
    public async Task Offer_WsToSip_PhoneGetsPlainRtpAndBrowserGetsDtlsAnswer()
    {
        await using var relay = new RelayHarness();
        var browserOffer = RelayHarness.Sample(RelayHarness.ChromiumOffer);
        var offer = await relay.OfferAsync("c2", "ws-a", browserOffer, RelayHarness.ToPhone);
        RelaySdpAssert.ForPhone(offer, Relay);
        var original = SessionDescription.Parse(browserOffer);
        Assert.Equal(original.Media[0].Formats, offer.Media[0].Formats);
        Assert.Equal(original.Media[0].RtpMaps, offer.Media[0].RtpMaps);

        var answer = await relay.AnswerAsync("c2", "ws-a", "sip-b", RelayHarness.Sample(RelayHarness.PhoneAnswer), RelayHarness.ToBrowser);
        RelaySdpAssert.ForBrowser(answer, Relay, relay.Fingerprint, SdpSetup.Active);
        Assert.Equal(2, answer.Media.Count);
        Assert.Equal(["0", "1"], answer.Media.Select(m => m.Mid));
        Assert.Equal(0, answer.Media[1].Port);
        Assert.Equal(["8", "101"], answer.Media[0].Formats);

        // Browser offered actpass, the relay answered active: it is the DTLS client toward the browser.
        var browserLeg = relay.LegOf(answer);
        Assert.Equal(DtlsRole.Client, browserLeg.Current!.DtlsRole);
        Assert.Equal(MediaLegSecurity.Dtls, browserLeg.Current.Security);
        Assert.Equal("nWnq", browserLeg.Current.RemoteIce!.UsernameFragment);
        Assert.Single(browserLeg.Current.RemoteFingerprints);
        var phoneLeg = relay.LegOf(offer);
        Assert.Equal(MediaLegSecurity.None, phoneLeg.Current!.Security);
        Assert.Equal("203.0.113.22:40000", phoneLeg.Current.RemoteRtp!.ToString());
        Assert.Same(phoneLeg, browserLeg.Peer);
        Assert.Same(browserLeg, phoneLeg.Peer);
    }

    [Fact]
    public async Task Offer_SipToWs_BrowserGetsIceDtlsOfferAndPhoneGetsPlainAnswer()
    {
        await using var relay = new RelayHarness();
        var offer = await relay.OfferAsync("c3", "sip-a", RelayHarness.Sample(RelayHarness.PhoneOffer), RelayHarness.ToBrowser);
        RelaySdpAssert.ForBrowser(offer, Relay, relay.Fingerprint, SdpSetup.ActPass);
        Assert.Equal("0", offer.Media[0].Mid);
        Assert.Equal(["0", "8", "101"], offer.Media[0].Formats);
        Assert.Equal("0-16", offer.Media[0].GetFmtp(101));
        Assert.All(offer.Media[0].Candidates, c => Assert.Equal("host", c.Type));

        var answer = await relay.AnswerAsync("c3", "sip-a", "ws-b", BrowserAudioAnswer, RelayHarness.ToPhone);
        RelaySdpAssert.ForPhone(answer, Relay);
        Assert.Equal(["0", "101"], answer.Media[0].Formats);
        Assert.False(answer.Media[0].RtcpMux);
        Assert.Equal(answer.Media[0].Port + 1, answer.Media[0].Rtcp!.Port);

        // The browser answered active: the relay is the DTLS server toward it, and latches its ICE.
        var browserLeg = relay.LegOf(offer);
        Assert.Equal(DtlsRole.Server, browserLeg.Current!.DtlsRole);
        Assert.Equal("Bx7q", browserLeg.Current.RemoteIce!.UsernameFragment);
        Assert.Equal(offer.Media[0].IceUfrag, browserLeg.Current.LocalIce!.UsernameFragment);
        Assert.True(browserLeg.Current.RtcpMux);
        Assert.Equal("192.0.2.50:16384", relay.LegOf(answer).Current!.RemoteRtp!.ToString());
    }

    [Fact]
    public async Task Offer_SipToSip_BothPhonesGetPlainRtpThroughTheRelay()
    {
        await using var relay = new RelayHarness();
        var offer = await relay.OfferAsync("c4", "sip-a", RelayHarness.Sample(RelayHarness.PhoneOffer), RelayHarness.ToPhone);
        RelaySdpAssert.ForPhone(offer, Relay);
        Assert.Equal(Relay, offer.Connection!.Address);
        Assert.Null(offer.Media[0].Connection);
        Assert.Equal("20", offer.Media[0].Attributes.GetValue("ptime"));

        var answer = await relay.AnswerAsync("c4", "sip-a", "sip-b", RelayHarness.Sample(RelayHarness.PhoneAnswer), RelayHarness.ToPhone);
        RelaySdpAssert.ForPhone(answer, Relay);
        Assert.NotEqual(offer.Media[0].Port, answer.Media[0].Port);
        Assert.Equal(0, offer.Media[0].Port % 2);
        Assert.Equal(0, answer.Media[0].Port % 2);
        Assert.Equal(2, relay.Factory.Legs.Count);
    }
}
