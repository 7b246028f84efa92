using System.Net;
using Gateway.Core.Media;
using Gateway.Media.Relay;
using Gateway.Media.Sdp;

namespace Gateway.Media.Tests.Relay;

/// <summary>SDP rewriting, one test (or theory) per rtpengine flag family.</summary>
public sealed class MediaRelaySdpFlagTests
{
    private static readonly byte[] Phone = RelayHarness.Sample(RelayHarness.PhoneOffer);
    private static readonly byte[] Chromium = RelayHarness.Sample(RelayHarness.ChromiumOffer);

    private static byte[] SdesOffer() => RelayHarness.Lines(
        "v=0", "o=- 5 5 IN IP4 192.0.2.60", "s=-", "c=IN IP4 192.0.2.60", "t=0 0",
        "m=audio 20000 RTP/SAVP 0 101",
        "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20",
        "a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj",
        "a=rtpmap:0 PCMU/8000", "a=rtpmap:101 telephone-event/8000");

    [Fact]
    public async Task Offer_TransportProtocolFlag_SetsTheRecipientsProtocol()
    {
        await using var relay = new RelayHarness();
        var toPhone = await relay.OfferAsync("p1", "a", Chromium, "RTP/AVP ICE=remove");
        Assert.All(toPhone.Media, m => Assert.Equal("RTP/AVP", m.Protocol));
        var unchanged = await relay.OfferAsync("p2", "a", Chromium, "ICE=remove");
        Assert.All(unchanged.Media, m => Assert.Equal("UDP/TLS/RTP/SAVPF", m.Protocol));
        var avpf = await relay.OfferAsync("p3", "a", Phone, "transport-protocol=RTP/AVPF");
        Assert.Equal("RTP/AVPF", avpf.Media[0].Protocol);
        Assert.Equal("RTP/AVPF", relay.LegOf(avpf).Current!.Protocol);
    }

    [Fact]
    public async Task Offer_IceRemove_StripsEveryIceAttribute()
    {
        await using var relay = new RelayHarness();
        var obs = await relay.OfferAsync("ice", "a", RelayHarness.Sample("browser/obs-30-whip-offer-audio-video.sdp"), "RTP/AVP ICE=remove");
        Assert.False(obs.IceLite);
        Assert.Null(obs.IceUfrag);
        Assert.Null(obs.IcePwd);
        Assert.Null(obs.IceOptions);
        foreach (var media in obs.Media)
        {
            foreach (var name in new[] { "ice-ufrag", "ice-pwd", "ice-options", "candidate", "end-of-candidates" }) Assert.False(media.Attributes.Contains(name), name);
        }

        Assert.Null(relay.LegOf(obs).Current!.LocalIce);
    }

    [Theory]
    [InlineData("ICE=force", "host")]
    [InlineData("ICE=force-relay", "relay")]
    public async Task Offer_IceForce_AdvertisesTheRelaysCandidates(string flags, string type)
    {
        await using var relay = new RelayHarness();
        var offer = await relay.OfferAsync("ice", "a", Phone, flags);
        var media = offer.Media[0];
        Assert.True(offer.IceLite);
        Assert.True(media.EndOfCandidates);
        Assert.Equal(2, media.Candidates.Count); // RTP and, not muxed, RTCP
        Assert.All(media.Candidates, c => Assert.Equal(type, c.Type));
        Assert.Contains(media.Candidates, c => c.Component == 1 && c.Port == media.Port && c.Address == "127.0.0.1");
        Assert.Contains(media.Candidates, c => c.Component == 2 && c.Port == media.Port + 1);
        if (type == "relay") Assert.All(media.Candidates, c => Assert.Equal(c.Address, c.RelatedAddress));
        Assert.NotNull(media.IceUfrag);
    }

    [Fact]
    public async Task Offer_IceDefault_KeepsIceOnlyWhenTheSenderUsedIt()
    {
        await using var relay = new RelayHarness();
        var fromBrowser = await relay.OfferAsync("d1", "a", Chromium, string.Empty);
        Assert.All(fromBrowser.Media, m => Assert.NotNull(m.IceUfrag));
        Assert.NotEqual("nWnq", fromBrowser.Media[0].IceUfrag);
        var fromPhone = await relay.OfferAsync("d2", "a", Phone, string.Empty);
        Assert.Null(fromPhone.Media[0].IceUfrag);
        Assert.False(fromPhone.IceLite);
    }

    [Theory]
    [InlineData("UDP/TLS/RTP/SAVPF", SdpSetup.ActPass)]
    [InlineData("UDP/TLS/RTP/SAVPF DTLS=passive", SdpSetup.Passive)]
    [InlineData("UDP/TLS/RTP/SAVPF DTLS=active", SdpSetup.Active)]
    public async Task Offer_DtlsFlag_WritesFingerprintAndSetup(string flags, SdpSetup setup)
    {
        await using var relay = new RelayHarness();
        var offer = await relay.OfferAsync("dtls", "a", Phone, flags);
        Assert.Equal(relay.Fingerprint, offer.Media[0].Attributes.GetValue("fingerprint"));
        Assert.Equal(setup, offer.Media[0].Setup);

        // Until the recipient answers with its fingerprint its leg has no keys and forwards nothing; then DTLS.
        var leg = relay.LegOf(offer);
        Assert.Equal(MediaLegSecurity.None, leg.Current!.Security);
        Assert.True(leg.Current.ForwardingDisabled);
        await relay.AnswerAsync("dtls", "a", "b", RelayHarness.Sample(RelayHarness.JsepAnswer), string.Empty);
        Assert.Equal(MediaLegSecurity.Dtls, leg.Current!.Security);
        Assert.Same(relay.Engine.Certificate, leg.Current.DtlsCertificate);
        Assert.NotEmpty(leg.Current.RemoteFingerprints);
    }

    [Fact]
    public async Task Offer_DtlsOffOrPlainRecipient_RemovesFingerprintAndSetup()
    {
        await using var relay = new RelayHarness();
        var off = await relay.OfferAsync("off", "a", Chromium, "DTLS=off");
        Assert.All(off.Media, m => Assert.Null(m.Fingerprint));
        Assert.All(off.Media, m => Assert.Null(m.Setup));
        var firefox = await relay.OfferAsync("ff", "a", RelayHarness.Sample("browser/firefox-121-offer-audio-video.sdp"), "RTP/AVP ICE=remove");
        Assert.Null(firefox.Fingerprint);
        Assert.All(firefox.Media, m => Assert.Null(m.Fingerprint));
    }

    [Fact]
    public async Task Offer_SavpRecipient_OffersOneCryptoPerSuite()
    {
        await using var relay = new RelayHarness();
        var offer = await relay.OfferAsync("sdes", "a", Phone, "RTP/SAVP");
        var cryptos = offer.Media[0].Cryptos;
        Assert.Equal(MediaRelayOptions.DefaultSdesSuites, cryptos.Select(c => c.Suite));
        Assert.Equal(Enumerable.Range(1, cryptos.Count), cryptos.Select(c => c.Tag));
        Assert.All(cryptos, c => Assert.True(c.Keys[0].TryGetKeySalt(out _)));
        Assert.Equal(cryptos.Count, cryptos.Select(c => c.Keys[0].KeySalt).Distinct().Count());
    }

    [Theory]
    [InlineData("RTP/SAVP SDES-off", new string[0])]
    [InlineData("RTP/SAVP SDES-only-AES_CM_128_HMAC_SHA1_32", new[] { "AES_CM_128_HMAC_SHA1_32" })]
    [InlineData("RTP/SAVP SDES-no-AEAD_AES_128_GCM SDES-no-AEAD_AES_256_GCM SDES-no-AES_256_CM_HMAC_SHA1_80 SDES-no-AES_256_CM_HMAC_SHA1_32", new[] { "AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32" })]
    [InlineData("RTP/AVP", new string[0])]
    public async Task Offer_SdesFlags_FilterTheOfferedSuites(string flags, string[] suites)
    {
        await using var relay = new RelayHarness();
        var offer = await relay.OfferAsync("sdes", "a", SdesOffer(), flags);
        Assert.Equal(suites, offer.Media[0].Cryptos.Select(c => c.Suite));
    }

    [Fact]
    public async Task Answer_SdesBothWays_EchoesTheOfferersTagAndKeysBothLegs()
    {
        await using var relay = new RelayHarness();
        var offer = await relay.OfferAsync("sdes", "a", SdesOffer(), "RTP/SAVP");
        var chosen = offer.Media[0].Cryptos[1];
        var answerSdp = RelayHarness.Lines(
            "v=0", "o=- 6 6 IN IP4 203.0.113.30", "s=-", "c=IN IP4 203.0.113.30", "t=0 0", "m=audio 30000 RTP/SAVP 0",
            $"a=crypto:{chosen.Tag} {chosen.Suite} inline:QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNk", "a=rtpmap:0 PCMU/8000");
        var answer = await relay.AnswerAsync("sdes", "a", "b", answerSdp, "RTP/SAVP");

        var toOfferer = Assert.Single(answer.Media[0].Cryptos);
        Assert.Equal(1, toOfferer.Tag); // the offerer's first (preferred) suite
        Assert.Equal("AES_CM_128_HMAC_SHA1_80", toOfferer.Suite);
        var offererLeg = relay.LegOf(answer).Current!;
        Assert.Equal(MediaLegSecurity.Sdes, offererLeg.Security);
        Assert.Equal("AES_CM_128_HMAC_SHA1_80", offererLeg.SdesInbound!.Profile.Name);
        Assert.True(toOfferer.Keys[0].TryGetKeySalt(out var sent));
        Assert.Equal(sent, offererLeg.SdesOutbound!.MasterKey.ToArray().Concat(offererLeg.SdesOutbound.MasterSalt.ToArray()).ToArray());

        var answererLeg = relay.LegOf(offer).Current!;
        Assert.Equal(MediaLegSecurity.Sdes, answererLeg.Security);
        Assert.Equal(chosen.Suite, answererLeg.SdesOutbound!.Profile.Name);
        Assert.True(chosen.Keys[0].TryGetKeySalt(out var offered));
        Assert.Equal(offered, answererLeg.SdesOutbound.MasterKey.ToArray().Concat(answererLeg.SdesOutbound.MasterSalt.ToArray()).ToArray());
        Assert.Equal(chosen.Suite, answererLeg.SdesInbound!.Profile.Name);
    }

    [Fact]
    public async Task Offer_RtcpMuxFlags_FollowRtpengine()
    {
        await using var relay = new RelayHarness();

        var require = (await relay.OfferAsync("m1", "a", Phone, "rtcp-mux-require")).Media[0];
        Assert.True(require.RtcpMux);
        Assert.Null(require.Rtcp);

        var offer = (await relay.OfferAsync("m2", "a", Phone, "rtcp-mux-offer")).Media[0];
        Assert.True(offer.RtcpMux);
        Assert.Equal(offer.Port + 1, offer.Rtcp!.Port);

        var passThrough = (await relay.OfferAsync("m3", "a", Phone, string.Empty)).Media[0];
        Assert.False(passThrough.RtcpMux);
        Assert.Equal(passThrough.Port + 1, passThrough.Rtcp!.Port);

        var demux = await relay.OfferAsync("m4", "a", Chromium, "RTP/AVP ICE=remove rtcp-mux-demux");
        Assert.All(demux.Media, m => Assert.False(m.RtcpMux));
        Assert.All(demux.Media, m => Assert.Equal(m.Port + 1, m.Rtcp!.Port));

        var webRtc = (await relay.OfferAsync("m5", "a", Phone, "UDP/TLS/RTP/SAVPF ICE=force")).Media[0];
        Assert.True(webRtc.RtcpMux);
        Assert.Null(webRtc.Rtcp);
    }

    [Fact]
    public async Task Answer_RtcpMuxReject_AnswersTheOffererWithoutMux()
    {
        await using var relay = new RelayHarness();
        await relay.OfferAsync("m", "a", Chromium, RelayHarness.ToPhone);
        var accepted = await relay.AnswerAsync("m", "a", "b", RelayHarness.Sample(RelayHarness.PhoneAnswer), RelayHarness.ToBrowser);
        Assert.True(accepted.Media[0].RtcpMux);
        Assert.True(relay.LegOf(accepted).Current!.RtcpMux);

        // rtcp-mux-reject applies to m-lines with a transport of their own: a BUNDLE transport muxes RTCP (RFC 8843
        // §9.3), so this offer is the JSEP one without its BUNDLE group.
        var unbundled = SessionDescription.Parse(RelayHarness.Sample(RelayHarness.JsepOffer));
        unbundled.RemoveGroups("BUNDLE");
        await relay.OfferAsync("r", "a", unbundled.ToArray(), "ICE=force");
        var rejected = await relay.AnswerAsync("r", "a", "b", RelayHarness.Sample(RelayHarness.JsepAnswer), "rtcp-mux-reject");
        Assert.False(rejected.Media[0].RtcpMux);
        Assert.Equal(rejected.Media[0].Port + 1, rejected.Media[0].Rtcp!.Port);
        Assert.False(relay.LegOf(rejected).Current!.RtcpMux);
    }

    [Fact]
    public async Task Offer_ReplaceFlags_RewriteOriginAndSessionConnection()
    {
        await using var relay = new RelayHarness();
        var plain = await relay.OfferAsync("r1", "a", Phone, "RTP/AVP");
        Assert.Equal("192.0.2.50", plain.Origin.Address);
        Assert.Equal("192.0.2.50", plain.Connection!.Address);
        Assert.Equal("127.0.0.1", plain.Media[0].Connection!.Address); // media-level c= overrides the session's

        var replaced = await relay.OfferAsync("r2", "a", Phone, "RTP/AVP replace-origin replace-session-connection");
        Assert.Equal("127.0.0.1", replaced.Origin.Address);
        Assert.Equal("1718022010", replaced.Origin.SessionId);
        Assert.Equal("127.0.0.1", replaced.Connection!.Address);
        Assert.Null(replaced.Media[0].Connection);
    }

    [Fact]
    public async Task Offer_MediaAddressAndAdvertisedAddress_AreWhatTheSdpCarries()
    {
        await using var relay = new RelayHarness(configure: o => o.AdvertisedAddress = "203.0.113.7");
        var advertised = await relay.OfferAsync("a1", "a", Phone, "RTP/AVP replace-origin replace-session-connection ICE=force");
        Assert.Equal("203.0.113.7", advertised.Connection!.Address);
        Assert.Equal("203.0.113.7", advertised.Origin.Address);
        Assert.All(advertised.Media[0].Candidates, c => Assert.Equal("203.0.113.7", c.Address));

        var flagged = await relay.OfferAsync("a2", "a", Phone, "RTP/AVP media-address=198.51.100.9");
        Assert.Equal("198.51.100.9", flagged.Media[0].Connection!.Address);
    }

    [Fact]
    public async Task Offer_CodecTransparent_KeepsFormatsRtpmapFmtpSsrcMsidMidAndGroups()
    {
        await using var relay = new RelayHarness();
        var original = SessionDescription.Parse(Chromium);
        var offer = await relay.OfferAsync("codec", "a", Chromium, "ICE=force-relay DTLS=passive");
        Assert.Equal(original.Groups, offer.Groups);
        for (var i = 0; i < original.Media.Count; i++)
        {
            Assert.Equal(original.Media[i].Formats, offer.Media[i].Formats);
            Assert.Equal(original.Media[i].RtpMaps, offer.Media[i].RtpMaps);
            Assert.Equal(original.Media[i].Mid, offer.Media[i].Mid);
            Assert.Equal(original.Media[i].Ssrcs, offer.Media[i].Ssrcs);
            Assert.Equal(original.Media[i].SsrcGroups, offer.Media[i].SsrcGroups);
            Assert.Equal(original.Media[i].Attributes.GetAll("msid"), offer.Media[i].Attributes.GetAll("msid"));
            Assert.Equal(original.Media[i].Attributes.GetAll("fmtp"), offer.Media[i].Attributes.GetAll("fmtp"));
            Assert.Equal(original.Media[i].Attributes.GetAll("rtcp-fb"), offer.Media[i].Attributes.GetAll("rtcp-fb"));
            Assert.Equal(original.Media[i].Direction, offer.Media[i].Direction);
        }
    }

    [Fact]
    public async Task Offer_ReceivedFromAndTrustAddress_DecideTheSendersAddress()
    {
        await using var relay = new RelayHarness();
        var natted = RelayHarness.Lines("v=0", "o=- 1 1 IN IP4 192.168.1.10", "s=-", "c=IN IP4 192.168.1.10", "t=0 0", "m=audio 8000 RTP/AVP 0", "a=rtpmap:0 PCMU/8000");
        var source = new IPEndPoint(IPAddress.Parse("203.0.113.5"), 5060);

        await relay.OfferAsync("n1", "a", natted, RelayHarness.ToPhone, receivedFrom: source);
        var behindNat = await relay.AnswerAsync("n1", "a", "b", RelayHarness.Sample(RelayHarness.PhoneAnswer), RelayHarness.ToPhone);
        Assert.Equal("203.0.113.5:8000", relay.LegOf(behindNat).Current!.RemoteRtp!.ToString());

        await relay.OfferAsync("n2", "a", natted, RelayHarness.ToPhone + " trust-address", receivedFrom: source);
        var trusted = await relay.AnswerAsync("n2", "a", "b", RelayHarness.Sample(RelayHarness.PhoneAnswer), RelayHarness.ToPhone);
        Assert.Equal("192.168.1.10:8000", relay.LegOf(trusted).Current!.RemoteRtp!.ToString());

        await relay.OfferAsync("n3", "a", RelayHarness.Sample(RelayHarness.PhoneOffer), RelayHarness.ToPhone + " strict-source asymmetric", receivedFrom: source);
        var publicAddress = await relay.AnswerAsync("n3", "a", "b", RelayHarness.Sample(RelayHarness.PhoneAnswer), RelayHarness.ToPhone);
        var leg = relay.LegOf(publicAddress).Current!;
        Assert.Equal("192.0.2.50:16384", leg.RemoteRtp!.ToString());
        Assert.True(leg.StrictSource);
        Assert.False(leg.Latch);
    }

    [Fact]
    public async Task Offer_BrowserPlaceholderAddress_LeavesTheRemoteToIce()
    {
        await using var relay = new RelayHarness();
        await relay.OfferAsync("ph", "a", Chromium, RelayHarness.ToPhone, receivedFrom: new IPEndPoint(IPAddress.Parse("203.0.113.5"), 443));
        var answer = await relay.AnswerAsync("ph", "a", "b", RelayHarness.Sample(RelayHarness.PhoneAnswer), RelayHarness.ToBrowser);
        var leg = relay.LegOf(answer).Current!;
        Assert.Null(leg.RemoteRtp);
        Assert.NotNull(leg.RemoteIce);
        Assert.NotNull(leg.LocalIce);
    }

    [Fact]
    public async Task Offer_RejectedAndNonRtpMedia_GetPortZeroAndNoLegs()
    {
        await using var relay = new RelayHarness();
        var sdp = RelayHarness.Lines(
            "v=0", "o=- 1 1 IN IP4 192.0.2.50", "s=-", "c=IN IP4 192.0.2.50", "t=0 0",
            "m=audio 16384 RTP/AVP 0", "a=rtpmap:0 PCMU/8000",
            "m=video 0 RTP/AVP 31",
            "m=application 5000 UDP/DTLS/SCTP webrtc-datachannel", "a=sctp-port:5000");
        var offer = await relay.OfferAsync("rej", "a", sdp, RelayHarness.ToPhone);
        Assert.NotEqual(0, offer.Media[0].Port);
        Assert.Equal(0, offer.Media[1].Port);
        Assert.Equal(0, offer.Media[2].Port);
        Assert.Equal(2, relay.Factory.Legs.Count);
    }
}
