using Gateway.Media.Sdp;

namespace Gateway.Media.Tests.Sdp;

/// <summary>The typed helpers read the right values from real offers and answers.</summary>
public sealed class SdpTypedHelperTests
{
    private static SessionDescription Load(string file) => SessionDescription.Parse(SdpTestData.Read(file));

    [Fact]
    public void Helpers_Rfc8829Section7_1Offer_ReadIceDtlsBundleAndCodecs()
    {
        var sdp = Load("jsep-rfc8829/7.1-offer-A1.sdp");
        Assert.Equal(new SdpOrigin("-", "4962303333179871722", 1, "IN", "IP4", "0.0.0.0"), sdp.Origin);
        Assert.Equal("-", sdp.SessionName);
        Assert.Equal("trickle ice2", sdp.IceOptions);
        Assert.Equal([new SdpGroup("BUNDLE", ["a1", "v1"]), new SdpGroup("LS", ["a1", "v1"])], sdp.Groups);
        Assert.True(sdp.Groups[0].IsBundle);
        Assert.Equal(2, sdp.Media.Count);

        var audio = sdp.Media[0];
        Assert.Equal("audio", audio.Media);
        Assert.Equal(10100, audio.Port);
        Assert.Equal("UDP/TLS/RTP/SAVPF", audio.Protocol);
        Assert.Equal(["96", "0", "8", "97", "98"], audio.Formats);
        Assert.Equal(new SdpConnection("IN", "IP4", "203.0.113.100"), audio.Connection);
        Assert.Equal("a1", audio.Mid);
        Assert.Equal(SdpDirection.SendRecv, audio.Direction);
        Assert.Equal("ETEn", audio.IceUfrag);
        Assert.Equal("OtSK0WpNtpUjkY4+86js7ZQl", audio.IcePwd);
        Assert.Equal("trickle ice2", audio.IceOptions); // from session level
        Assert.Equal(
            new SdpFingerprint("sha-256", "19:E2:1C:3B:4B:9F:81:E6:B8:5C:F4:A5:A8:D8:73:04:BB:05:2F:70:9F:04:A9:0E:05:E9:26:33:E8:70:88:A2"),
            audio.Fingerprint);
        Assert.Equal(SdpSetup.ActPass, audio.Setup);
        Assert.Equal(new SdpRtcp(10101, "IN", "IP4", "203.0.113.100"), audio.Rtcp);
        Assert.True(audio.RtcpMux);
        Assert.True(audio.EndOfCandidates);
        Assert.Equal(
            [
                new SdpCandidate("1", 1, "udp", 2113929471, "203.0.113.100", 10100, "host"),
                new SdpCandidate("1", 2, "udp", 2113929470, "203.0.113.100", 10101, "host"),
            ],
            audio.Candidates);
        Assert.Equal(
            [
                new SdpRtpMap(96, "opus", 48000, 2),
                new SdpRtpMap(0, "PCMU", 8000),
                new SdpRtpMap(8, "PCMA", 8000),
                new SdpRtpMap(97, "telephone-event", 8000),
                new SdpRtpMap(98, "telephone-event", 48000),
            ],
            audio.RtpMaps);
        Assert.Equal("0-15", audio.GetFmtp(97));
        Assert.Null(audio.GetFmtp(96));
        Assert.Equal(new SdpRtpMap(8, "PCMA", 8000), audio.GetRtpMap(8));
        Assert.Null(audio.GetRtpMap(9));

        var video = sdp.Media[1];
        Assert.Equal("v1", video.Mid);
        Assert.Equal(10102, video.Port);
        Assert.Equal("BGKk", video.IceUfrag);
        Assert.Equal("mqyWsAjvtKwTGnvhPztQ9mIf", video.IcePwd);
        Assert.Equal("packetization-mode=1;profile-level-id=42e01f", video.GetFmtp(101));
        Assert.Equal("apt=100", video.GetFmtp("102"));
        Assert.Equal(new SdpRtpMap(102, "rtx", 90000), video.GetRtpMap(102));
        Assert.Equal(2, video.Candidates.Count);
        Assert.Equal(10103, video.Candidates[1].Port);
    }

    [Fact]
    public void Helpers_Rfc8829Section7_1Answer_ReadActiveSetupAndSingleCandidate()
    {
        var sdp = Load("jsep-rfc8829/7.1-answer-A1.sdp");
        var audio = sdp.Media[0];
        Assert.Equal(SdpSetup.Active, audio.Setup);
        Assert.Equal("6sFv", audio.IceUfrag);
        Assert.Equal("cOTZKZNVlO9RSGsEGM63JXT2", audio.IcePwd);
        Assert.Null(audio.Rtcp);
        Assert.Equal(new SdpCandidate("1", 1, "udp", 2113929471, "203.0.113.200", 10200, "host"), Assert.Single(audio.Candidates));

        // The bundled video section carries no transport attributes of its own (RFC 8843 §7.3.1).
        var video = sdp.Media[1];
        Assert.Null(video.IceUfrag);
        Assert.Null(video.Fingerprint);
        Assert.Null(video.Setup);
        Assert.False(video.RtcpMux);
        Assert.Empty(video.Candidates);
        Assert.False(video.EndOfCandidates);
    }

    [Fact]
    public void Helpers_Chromium120Offer_ReadEverythingARelayNeeds()
    {
        var sdp = Load("browser/chromium-120-offer-audio-video.sdp");
        Assert.Equal("7169721126327183323", sdp.Origin.SessionId);
        Assert.Equal(3UL, sdp.Origin.SessionVersion);
        Assert.Equal(new SdpGroup("BUNDLE", ["0", "1"]), Assert.Single(sdp.Groups));
        Assert.Equal(new SdpAttribute("msid-semantic", " WMS"), sdp.Attributes.GetFirst("msid-semantic"));
        Assert.True(sdp.Attributes.Contains("extmap-allow-mixed"));

        var audio = sdp.Media[0];
        Assert.Equal(9, audio.Port);
        Assert.Equal(["111", "63", "9", "0", "8", "13", "110", "126"], audio.Formats);
        Assert.Equal(new SdpConnection("IN", "IP4", "0.0.0.0"), audio.Connection);
        Assert.Equal(new SdpRtcp(9, "IN", "IP4", "0.0.0.0"), audio.Rtcp);
        Assert.Equal("nWnq", audio.IceUfrag);
        Assert.Equal("DTdCVj00s9nGkNgWra0P30A2", audio.IcePwd);
        Assert.Equal("trickle", audio.IceOptions);
        var fingerprint = audio.Fingerprint;
        Assert.NotNull(fingerprint);
        Assert.Equal("sha-256", fingerprint.HashFunction);
        Assert.Equal("A4:67:3A:52:5C:D4:9C:65:45:9D:61:43:B2:EC:31:E8:42:4E:EC:54:C9:70:E3:89:28:94:3E:5C:3C:ED:FC:64", fingerprint.Value);
        Assert.True(fingerprint.TryGetDigest(out var digest));
        Assert.Equal(32, digest.Length);
        Assert.Equal(0xA4, digest[0]);
        Assert.True(fingerprint.Matches("SHA-256", digest));
        Assert.Equal(SdpSetup.ActPass, audio.Setup);
        Assert.Equal("0", audio.Mid);
        Assert.Equal(SdpDirection.SendRecv, audio.Direction);
        Assert.True(audio.RtcpMux);
        Assert.Empty(audio.Candidates);
        Assert.False(audio.EndOfCandidates);
        Assert.Equal(8, audio.RtpMaps.Count);
        Assert.Equal(new SdpRtpMap(111, "opus", 48000, 2), audio.RtpMaps[0]);
        Assert.Equal(new SdpRtpMap(126, "telephone-event", 8000), audio.GetRtpMap(126));
        Assert.Equal("minptime=10;useinbandfec=1", audio.GetFmtp(111));
        Assert.Equal(
            [
                new SdpSsrc(3262661846, "cname", "yFbnkIWTHwPXy6MO"),
                new SdpSsrc(3262661846, "msid", "- 06574f1e-f4bf-4b6d-b66c-3493cd7ab50f"),
            ],
            audio.Ssrcs);
        Assert.Equal(4, audio.Attributes.GetAll("extmap").Count);

        var video = sdp.Media[1];
        Assert.Equal("1", video.Mid);
        Assert.Equal(23, video.Formats.Count);
        Assert.Equal(23, video.RtpMaps.Count);
        Assert.Equal(new SdpRtpMap(45, "AV1", 90000), video.GetRtpMap(45));
        Assert.Equal("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f", video.GetFmtp(102));
        Assert.Equal(new SdpSsrcGroup("FID", [1862494604u, 1112104850u]), Assert.Single(video.SsrcGroups));
        Assert.Equal(4, video.Ssrcs.Count);
        Assert.True(video.Attributes.Contains("rtcp-rsize"));
    }

    [Fact]
    public void Helpers_Firefox121Offer_SessionLevelFingerprintInherited()
    {
        var sdp = Load("browser/firefox-121-offer-audio-video.sdp");
        Assert.Equal("mozilla...THIS_IS_SDPARTA-99.0", sdp.Origin.Username);
        Assert.Equal("0.0.0.0", sdp.Origin.Address);
        var expected = new SdpFingerprint("sha-256", "75:4F:CA:8F:4F:E4:CE:5E:67:42:D3:DA:0E:E1:87:2A:E5:E3:02:76:30:FC:AB:F0:B4:7E:24:71:18:38:9C:6E");
        Assert.Equal(expected, sdp.Fingerprint);
        Assert.Equal("trickle", sdp.IceOptions);
        Assert.Equal(new SdpGroup("BUNDLE", ["0", "1"]), Assert.Single(sdp.Groups));

        foreach (var media in sdp.Media)
        {
            Assert.Equal(expected, media.Fingerprint);
            Assert.Equal("6c0579ea", media.IceUfrag);
            Assert.Equal("59efe498b762e472067fa5e134df8722", media.IcePwd);
            Assert.Equal("trickle", media.IceOptions);
            Assert.Equal(SdpSetup.ActPass, media.Setup);
            Assert.True(media.RtcpMux);
            Assert.Null(media.Rtcp);
        }

        var audio = sdp.Media[0];
        Assert.Equal("0", audio.Mid);
        Assert.Equal(new SdpRtpMap(9, "G722", 8000, 1), audio.GetRtpMap(9));
        Assert.Equal(new SdpRtpMap(101, "telephone-event", 8000, 1), audio.GetRtpMap(101));
        Assert.Equal("0-15", audio.GetFmtp(101));
        Assert.Equal("maxplaybackrate=48000;stereo=1;useinbandfec=1", audio.GetFmtp(109));
        Assert.Equal(new SdpAttribute("extmap", "2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level"), audio.Attributes.GetAll("extmap")[1]);
        Assert.Equal(new SdpSsrc(3772375965, "cname", "{b11da7a1-56f4-4fc1-a969-6d82236f494d}"), Assert.Single(audio.Ssrcs));

        var video = sdp.Media[1];
        Assert.Equal("1", video.Mid);
        Assert.Equal(8, video.RtpMaps.Count);
        Assert.Equal(new SdpSsrcGroup("FID", [7463831u, 2513307155u]), Assert.Single(video.SsrcGroups));
    }

    [Fact]
    public void Helpers_Obs30WhipOffer_SessionLevelIceAndDtlsAndHostCandidates()
    {
        var sdp = Load("browser/obs-30-whip-offer-audio-video.sdp");
        Assert.Equal("v3f/", sdp.IceUfrag);
        Assert.Equal("4b+Ogzsq+Xx0AEkYvTvG/n", sdp.IcePwd);
        Assert.Equal("ice2,trickle", sdp.IceOptions);
        Assert.Equal(SdpSetup.ActPass, sdp.Setup);
        Assert.NotNull(sdp.Fingerprint);
        Assert.Equal(2, sdp.Groups.Count);

        var audio = sdp.Media[0];
        Assert.Equal("v3f/", audio.IceUfrag);
        Assert.Equal("4b+Ogzsq+Xx0AEkYvTvG/n", audio.IcePwd);
        Assert.Equal(SdpSetup.ActPass, audio.Setup);
        Assert.Equal(sdp.Fingerprint, audio.Fingerprint);
        Assert.Equal(SdpDirection.SendOnly, audio.Direction);
        Assert.Equal(new SdpRtpMap(111, "OPUS", 48000, 2), Assert.Single(audio.RtpMaps));
        Assert.Equal(
            [
                new SdpCandidate("3", 1, "UDP", 2130705919, "fd00::3f:ad47", 58712, "host"),
                new SdpCandidate("1", 1, "UDP", 2122317823, "192.168.68.60", 58712, "host"),
                new SdpCandidate("2", 1, "UDP", 2122317567, "100.86.241.178", 58712, "host"),
            ],
            audio.Candidates);
        Assert.True(audio.EndOfCandidates);
        Assert.Empty(sdp.Media[1].Candidates);
    }

    [Fact]
    public void Helpers_SipPhoneOffer_PlainRtpWithoutWebRtcAttributes()
    {
        var sdp = Load("sip-phone-offer-pcmu-pcma.sdp");
        Assert.Equal(new SdpConnection("IN", "IP4", "192.0.2.50"), sdp.Connection);
        Assert.Null(sdp.Direction);
        var audio = Assert.Single(sdp.Media);
        Assert.Null(audio.Connection);
        Assert.Equal(new SdpConnection("IN", "IP4", "192.0.2.50"), audio.EffectiveConnection);
        Assert.Equal(16384, audio.Port);
        Assert.Equal("RTP/AVP", audio.Protocol);
        Assert.True(audio.IsRtp);
        Assert.False(audio.IsRejected);
        Assert.Equal(["0", "8", "101"], audio.Formats);
        Assert.Equal("0-16", audio.GetFmtp(101));
        Assert.Equal("20", audio.Attributes.GetValue("ptime"));
        Assert.Equal(SdpDirection.SendRecv, audio.Direction);
        Assert.Null(audio.IceUfrag);
        Assert.Null(audio.Fingerprint);
        Assert.Null(audio.Setup);
        Assert.False(audio.RtcpMux);
        Assert.Null(audio.Mid);
        Assert.Empty(audio.Candidates);
        Assert.Empty(audio.Cryptos);
        Assert.Empty(audio.Ssrcs);
        Assert.Empty(sdp.Groups);
    }

    [Theory]
    [InlineData("rfc4317/2.2-answer.sdp", 1, true)]
    [InlineData("rfc4317/2.4-answer.sdp", 0, false)]
    public void IsRejected_Rfc4317Answers_PortZeroMeansRejected(string file, int index, bool rejected)
    {
        var sdp = Load(file);
        Assert.Equal(rejected, sdp.Media[index].IsRejected);
        Assert.Equal(rejected, sdp.Media[index].Port == 0);
    }

    [Fact]
    public void IsRejected_Rfc8843Section6_BundleOnlyPortZeroIsNotRejected()
    {
        var sdp = SessionDescription.Parse(SdpTestData.Read("jsep-rfc8829/7.1-offer-A1.sdp"));
        var video = sdp.Media[1];
        video.Port = 0;
        Assert.True(video.IsRejected);
        video.IsBundleOnly = true;
        Assert.False(video.IsRejected);
        Assert.Equal("bundle-only", video.Attributes[^1].Name);
    }

    [Theory]
    [InlineData("rfc4317/2.4-offer.sdp", 1, SdpDirection.SendOnly)]
    [InlineData("rfc4317/2.4-answer.sdp", 1, SdpDirection.RecvOnly)]
    [InlineData("rfc4317/2.1-offer.sdp", 0, SdpDirection.SendRecv)]
    public void Direction_Rfc4317Section2_4_ReadsMediaLevelDirection(string file, int index, SdpDirection direction) =>
        Assert.Equal(direction, Load(file).Media[index].Direction);
}
