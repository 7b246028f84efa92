using System.Net;
using System.Security.Cryptography;
using Gateway.Media.Sdp;

namespace Gateway.Media.Tests.Sdp;

/// <summary>The rewrites rtpengine performs for the tutorial, done with the model, then reparsed and checked.</summary>
public sealed class SdpEditTests
{
    private static readonly IPAddress Relay = IPAddress.Parse("203.0.113.1");

    [Fact]
    public void Rewrite_ChromiumOfferForSipPhone_BecomesRtpAvpWithoutWebRtcAttributes()
    {
        // rtpengine_offer("RTP/AVP replace-session-connection replace-origin ICE=remove") toward a plain SIP phone.
        var sdp = SessionDescription.Parse(SdpTestData.Read("browser/chromium-120-offer-audio-video.sdp"));
        var original = sdp.Clone();

        sdp.Origin = sdp.Origin with { Address = Relay.ToString(), SessionVersion = sdp.Origin.SessionVersion + 1 };
        sdp.Connection = SdpConnection.FromAddress(Relay);
        sdp.RemoveGroups("BUNDLE");
        sdp.Attributes.RemoveAll("extmap-allow-mixed");
        sdp.RemoveIce();
        var port = 30000;
        foreach (var media in sdp.Media)
        {
            media.Port = port;
            media.Protocol = "RTP/AVP";
            media.Connection = null; // the session-level c= now applies
            media.Rtcp = new SdpRtcp(port + 1);
            media.RtcpMux = false;
            media.Fingerprint = null;
            media.Setup = null;
            media.RemoveSsrcs();
            media.Attributes.RemoveAll(a => a.Is("extmap") || a.Is("rtcp-fb") || a.Is("rtcp-rsize") || a.Is("msid"));
            media.RemoveCryptos();
            port += 2;
        }

        var text = sdp.ToString();
        Assert.True(SessionDescription.TryParse(text, out var reparsed, out var error), error.ToString());
        SdpAssert.Equivalent(sdp, reparsed);
        Assert.Equal(text, reparsed.ToString());

        Assert.Equal(new SdpOrigin("-", "7169721126327183323", 4, "IN", "IP4", "203.0.113.1"), reparsed.Origin);
        Assert.Equal(new SdpConnection("IN", "IP4", "203.0.113.1"), reparsed.Connection);
        Assert.Empty(reparsed.Groups);
        foreach (var name in new[] { "ice-", "candidate", "fingerprint", "setup", "rtcp-mux", "ssrc", "extmap", "UDP/TLS", "BUNDLE", "0.0.0.0" })
        {
            Assert.DoesNotContain(name, text, StringComparison.Ordinal);
        }

        for (var i = 0; i < 2; i++)
        {
            var media = reparsed.Media[i];
            var before = original.Media[i];
            Assert.Equal(30000 + (2 * i), media.Port);
            Assert.Equal("RTP/AVP", media.Protocol);
            Assert.Null(media.Connection);
            Assert.Equal(new SdpConnection("IN", "IP4", "203.0.113.1"), media.EffectiveConnection);
            Assert.Equal(new SdpRtcp(30001 + (2 * i)), media.Rtcp);
            Assert.False(media.RtcpMux);
            Assert.Null(media.IceUfrag);
            Assert.Null(media.Fingerprint);
            Assert.Null(media.Setup);
            Assert.Empty(media.Candidates);
            Assert.Empty(media.Ssrcs);
            Assert.Empty(media.SsrcGroups);
            Assert.Equal(before.Formats, media.Formats);       // codecs kept
            Assert.Equal(before.RtpMaps, media.RtpMaps);
            Assert.Equal(before.GetFmtp(111), media.GetFmtp(111));
            Assert.Equal(before.Mid, media.Mid);
            Assert.Equal(SdpDirection.SendRecv, media.Direction);
        }
    }

    [Fact]
    public void Rewrite_SipPhoneOfferForBrowser_BecomesDtlsSrtpWithIce()
    {
        // rtpengine_offer("UDP/TLS/RTP/SAVPF ICE=force") toward a WebRTC client.
        var sdp = SessionDescription.Parse(SdpTestData.Read("sip-phone-offer-pcmu-pcma.sdp"));
        var digest = SHA256.HashData("relay certificate"u8);
        var fingerprint = SdpFingerprint.FromDigest("sha-256", digest);
        var candidate = new SdpCandidate("1", 1, "udp", 2130706431, "203.0.113.1", 40000, "host");

        sdp.Origin = sdp.Origin with { Address = "203.0.113.1", SessionVersion = sdp.Origin.SessionVersion + 1 };
        sdp.Connection = SdpConnection.FromAddress(Relay);
        var audio = sdp.Media[0];
        audio.Port = 40000;
        audio.Protocol = "UDP/TLS/RTP/SAVPF";
        audio.IceUfrag = "Rl4y";
        audio.IcePwd = "w6V1zG3mZp0kXcQ2sH9tRb7e";
        audio.Fingerprint = fingerprint;
        audio.Setup = SdpSetup.ActPass;
        audio.RtcpMux = true;
        audio.AddCandidate(candidate);
        audio.EndOfCandidates = true;

        var text = sdp.ToString();
        Assert.Equal(
            "v=0\r\n" +
            "o=- 1718022010 1718022011 IN IP4 203.0.113.1\r\n" +
            "s=-\r\n" +
            "c=IN IP4 203.0.113.1\r\n" +
            "t=0 0\r\n" +
            "m=audio 40000 UDP/TLS/RTP/SAVPF 0 8 101\r\n" +
            "a=rtpmap:0 PCMU/8000\r\n" +
            "a=rtpmap:8 PCMA/8000\r\n" +
            "a=rtpmap:101 telephone-event/8000\r\n" +
            "a=fmtp:101 0-16\r\n" +
            "a=ptime:20\r\n" +
            "a=sendrecv\r\n" +
            "a=ice-ufrag:Rl4y\r\n" +
            "a=ice-pwd:w6V1zG3mZp0kXcQ2sH9tRb7e\r\n" +
            "a=fingerprint:sha-256 " + fingerprint.Value + "\r\n" +
            "a=setup:actpass\r\n" +
            "a=rtcp-mux\r\n" +
            "a=candidate:1 1 udp 2130706431 203.0.113.1 40000 typ host\r\n" +
            "a=end-of-candidates\r\n",
            text);

        Assert.True(SessionDescription.TryParse(text, out var reparsed, out var error), error.ToString());
        SdpAssert.Equivalent(sdp, reparsed);
        var media = reparsed.Media[0];
        Assert.Equal("UDP/TLS/RTP/SAVPF", media.Protocol);
        Assert.Equal(40000, media.Port);
        Assert.Equal("Rl4y", media.IceUfrag);
        Assert.Equal("w6V1zG3mZp0kXcQ2sH9tRb7e", media.IcePwd);
        Assert.Equal(fingerprint, media.Fingerprint);
        Assert.True(media.Fingerprint!.Matches("sha-256", digest));
        Assert.Equal(SdpSetup.ActPass, media.Setup);
        Assert.True(media.RtcpMux);
        Assert.Equal(candidate, Assert.Single(media.Candidates));
        Assert.True(media.EndOfCandidates);
        Assert.Equal(3, media.RtpMaps.Count);
    }

    [Fact]
    public void Attributes_EditingPrimitives_BehaveAsDocumented()
    {
        var attributes = new SdpAttributeCollection();
        attributes.Add("rtpmap", "0 PCMU/8000");
        attributes.Add("rtpmap", "8 PCMA/8000");
        attributes.Add("ptime", "20");
        attributes.Add("sendrecv");

        Assert.Equal("0 PCMU/8000", attributes.GetValue("RTPMAP"));
        Assert.Equal(2, attributes.GetAll("rtpmap").Count);
        Assert.Empty(attributes.GetAll("fmtp"));
        Assert.Equal(1, attributes.LastIndexOf("rtpmap"));
        Assert.Equal(-1, attributes.IndexOf("fmtp"));

        Assert.Equal(2, attributes.InsertAfter("rtpmap", new SdpAttribute("rtpmap", "101 telephone-event/8000")));
        Assert.Equal(5, attributes.InsertAfter("fmtp", new SdpAttribute("fmtp", "101 0-15")));
        Assert.True(attributes.Replace("sendrecv", new SdpAttribute("inactive")));
        Assert.False(attributes.Replace("recvonly", new SdpAttribute("inactive")));
        attributes.Set("ptime", "30");
        attributes.Set("maxptime", "60");
        Assert.Equal(
            ["rtpmap:0 PCMU/8000", "rtpmap:8 PCMA/8000", "rtpmap:101 telephone-event/8000", "ptime:30", "inactive", "fmtp:101 0-15", "maxptime:60"],
            attributes.Select(a => a.ToString()));

        Assert.Equal(3, attributes.RemoveAll("rtpmap"));
        Assert.Equal(0, attributes.RemoveAll("rtpmap"));
        Assert.Throws<ArgumentNullException>(() => attributes.Add((SdpAttribute)null!));
    }

    [Fact]
    public void Replace_DuplicateNames_FirstReplacedInPlaceOthersRemoved()
    {
        var attributes = new SdpAttributeCollection { new SdpAttribute("setup", "active"), new SdpAttribute("mid", "0"), new SdpAttribute("setup", "passive") };
        Assert.True(attributes.Replace("setup", new SdpAttribute("setup", "actpass")));
        Assert.Equal([new SdpAttribute("setup", "actpass"), new SdpAttribute("mid", "0")], attributes);
    }

    [Fact]
    public void Direction_Set_ReplacesInPlaceAndRemovesDuplicates()
    {
        var sdp = SessionDescription.Parse("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\na=sendonly\r\nm=audio 1 RTP/AVP 0\r\na=recvonly\r\na=ptime:20\r\na=inactive\r\n");
        var audio = sdp.Media[0];
        Assert.Equal(SdpDirection.RecvOnly, audio.Direction);
        audio.Direction = SdpDirection.SendRecv;
        Assert.Equal([new SdpAttribute("sendrecv"), new SdpAttribute("ptime", "20")], audio.Attributes);

        audio.Attributes.RemoveAll("sendrecv");
        Assert.Equal(SdpDirection.SendOnly, audio.Direction); // session level applies
        sdp.Direction = null;
        Assert.Empty(sdp.Attributes);
        Assert.Equal(SdpDirection.SendRecv, audio.Direction); // RFC 8866 default
        sdp.Direction = SdpDirection.Inactive;
        Assert.Equal(SdpDirection.Inactive, audio.Direction);
    }

    [Fact]
    public void SessionLevelOverrides_MediaLevelWins_SettersWriteMediaLevel()
    {
        var sdp = SessionDescription.Parse(SdpTestData.Read("browser/obs-30-whip-offer-audio-video.sdp"));
        var audio = sdp.Media[0];
        audio.IceUfrag = "mine";
        audio.Setup = SdpSetup.Passive;
        Assert.Equal("mine", audio.IceUfrag);
        Assert.Equal("v3f/", sdp.Media[1].IceUfrag);
        Assert.Equal(SdpSetup.Passive, audio.Setup);
        Assert.Equal(SdpSetup.ActPass, sdp.Setup);

        Assert.Equal(8, sdp.RemoveIce()); // 3 at session level, the own ufrag, 3 candidates and end-of-candidates
        Assert.Null(sdp.IceUfrag);
        Assert.Null(audio.IceUfrag);
        Assert.Null(sdp.Media[1].IcePwd);
        Assert.Empty(audio.Candidates);
        Assert.False(audio.EndOfCandidates);

        sdp.Fingerprint = null;
        sdp.Setup = null;
        Assert.Null(sdp.Media[1].Fingerprint);
        Assert.Null(sdp.Media[1].Setup);
        sdp.IceLite = true;
        Assert.Equal(new SdpAttribute("ice-lite"), sdp.Attributes.GetFirst("ice-lite"));
    }

    [Fact]
    public void AddCandidate_EndOfCandidatesPresent_InsertedBeforeIt()
    {
        var sdp = SessionDescription.Parse(SdpTestData.Read("browser/obs-30-whip-offer-audio-video.sdp"));
        var video = sdp.Media[1];
        video.EndOfCandidates = true;
        var first = new SdpCandidate("7", 1, "udp", 1, "192.0.2.7", 7, "relay", "198.51.100.7", 77);
        var second = new SdpCandidate("8", 1, "tcp", 2, "192.0.2.8", 9, "host", tcpType: "active");
        video.AddCandidate(first);
        video.AddCandidate(second);
        Assert.Equal("end-of-candidates", video.Attributes[^1].Name);
        Assert.Equal("candidate", video.Attributes[^2].Name);
        Assert.Equal([first, second], video.Candidates);
        Assert.Equal("7 1 udp 1 192.0.2.7 7 typ relay raddr 198.51.100.7 rport 77", video.Attributes[^3].Value);
        Assert.Equal(3, video.RemoveCandidates());
        Assert.Empty(video.Candidates);
    }

    [Fact]
    public void Setters_MediaLine_WrittenCanonically()
    {
        var media = new MediaDescription("audio", 0, "RTP/AVP", ["0"]) { PortCount = 2 };
        Assert.True(media.IsRejected);
        media.Port = 5004;
        media.Formats.Add("8");
        media.Connection = new SdpConnection("IN", "IP6", "2001:db8::1");
        media.Bandwidths.Add(new SdpBandwidth("AS", 80));
        media.Mid = "audio";
        media.Rtcp = new SdpRtcp(5005, "IN", "IP6", "2001:db8::1");
        media.AddCrypto(new SdpCrypto(1, "AES_CM_128_HMAC_SHA1_80", SdpCryptoKey.FromKeySalt(new byte[30])));
        Assert.Equal(
            "m=audio 5004/2 RTP/AVP 0 8\r\nc=IN IP6 2001:db8::1\r\nb=AS:80\r\na=mid:audio\r\na=rtcp:5005 IN IP6 2001:db8::1\r\n" +
            "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n",
            media.ToString());
        media.Mid = null;
        media.Rtcp = null;
        Assert.Equal(1, media.RemoveCryptos());
        Assert.Empty(media.Attributes);

        Assert.Throws<ArgumentOutOfRangeException>(() => media.Port = 65536);
        Assert.Throws<ArgumentOutOfRangeException>(() => media.Port = -1);
        Assert.Throws<ArgumentException>(() => media.Protocol = "");
    }

    [Fact]
    public void Media_AddedToSession_AttachedOnceAndDetachedOnRemoval()
    {
        var sdp = new SessionDescription(new SdpOrigin("-", "1", 1, "IN", "IP4", "192.0.2.1"));
        var media = new MediaDescription("audio", 5004, "RTP/AVP", ["0"]);
        sdp.Media.Add(media);
        Assert.Same(sdp, media.Session);
        var other = new SessionDescription(new SdpOrigin("-", "2", 1, "IN", "IP4", "192.0.2.2"));
        Assert.Throws<InvalidOperationException>(() => other.Media.Add(media));
        other.Media.Add(media.Clone());
        sdp.Media.Remove(media);
        Assert.Null(media.Session);
        Assert.Equal("v=0\r\no=- 2 1 IN IP4 192.0.2.2\r\ns=-\r\nt=0 0\r\nm=audio 5004 RTP/AVP 0\r\n", other.ToString());
    }

    [Fact]
    public void Groups_AddAndRemoveBySemantics()
    {
        var sdp = SessionDescription.Parse(SdpTestData.Read("jsep-rfc8829/7.1-offer-A1.sdp"));
        Assert.Equal(1, sdp.RemoveGroups("ls"));
        sdp.AddGroup(new SdpGroup("BUNDLE", ["v1"]));
        Assert.Equal([new SdpGroup("BUNDLE", ["a1", "v1"]), new SdpGroup("BUNDLE", ["v1"])], sdp.Groups);
        Assert.Equal(2, sdp.RemoveGroups());
        Assert.Empty(sdp.Groups);
    }

    [Fact]
    public void Setters_TextThatWouldBreakTheLine_Refused()
    {
        var sdp = SessionDescription.Parse(SdpTestData.Read("sip-phone-offer-pcmu-pcma.sdp"));
        var media = sdp.Media[0];
        Assert.Throws<ArgumentException>(() => new SdpAttribute("x", "a\r\na=evil"));
        Assert.Throws<ArgumentException>(() => new SdpAttribute("bad name"));
        Assert.Throws<ArgumentException>(() => new SdpAttribute(""));
        Assert.Throws<ArgumentException>(() => new SdpAttribute("x") with { Name = "a:b" });
        Assert.Throws<ArgumentException>(() => sdp.SessionName = "x\n");
        Assert.Throws<ArgumentException>(() => sdp.Information = "x\0");
        Assert.Throws<ArgumentException>(() => media.Information = "\r");
        Assert.Throws<ArgumentException>(() => media.Formats.Add("8 9"));
        Assert.Throws<ArgumentException>(() => media.Formats[0] = "");
        Assert.Throws<ArgumentException>(() => media.Media = "au dio");
        Assert.Throws<ArgumentException>(() => media.Protocol = "RTP/AVP 0");
        Assert.Throws<ArgumentException>(() => new MediaDescription("audio", 1, "RTP/AVP", ["0", "x y"]));
        Assert.Equal(SdpTestData.Read("sip-phone-offer-pcmu-pcma.sdp"), sdp.ToArray());
    }

    [Fact]
    public void LineEnding_SetToLf_EveryLineWrittenWithLf()
    {
        var sdp = SessionDescription.Parse(SdpTestData.Read("sip-phone-answer-pcma.sdp"));
        sdp.LineEnding = "\n";
        Assert.DoesNotContain("\r", sdp.ToString(), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => sdp.LineEnding = "\r");
    }
}
