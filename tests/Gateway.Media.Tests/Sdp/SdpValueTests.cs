using System.Net;
using Gateway.Media.Sdp;

namespace Gateway.Media.Tests.Sdp;

/// <summary>The typed line and attribute values: RFC examples parse to the right fields and format back.</summary>
public sealed class SdpValueTests
{
    [Fact]
    public void Origin_Rfc8866Section5_ExampleParsesAndFormats()
    {
        Assert.True(SdpOrigin.TryParse("jdoe 3724394400 3724394405 IN IP4 198.51.100.1", out var origin));
        Assert.Equal(new SdpOrigin("jdoe", "3724394400", 3724394405, "IN", "IP4", "198.51.100.1"), origin);
        Assert.Equal("jdoe 3724394400 3724394405 IN IP4 198.51.100.1", origin.ToString());
    }

    [Theory]
    [InlineData("IN IP4 233.252.0.1/127/3", "IP4", "233.252.0.1", 127, 3)]
    [InlineData("IN IP4 233.252.0.1/127", "IP4", "233.252.0.1", 127, null)]
    [InlineData("IN IP6 ff00::db8:0:101/3", "IP6", "ff00::db8:0:101", null, 3)]
    [InlineData("IN IP4 host.atlanta.example.com", "IP4", "host.atlanta.example.com", null, null)]
    [InlineData("IN X-ATM NSAP/1/2", "X-ATM", "NSAP/1/2", null, null)]
    public void Connection_Rfc8866Section5_7_MulticastSuffixes(string text, string addrType, string address, int? ttl, int? count)
    {
        Assert.True(SdpConnection.TryParse(text, out var connection));
        Assert.Equal(new SdpConnection("IN", addrType, address, ttl, count), connection);
        Assert.Equal(text, connection.ToString());
    }

    [Fact]
    public void Connection_FromAddress_PicksAddressType()
    {
        Assert.Equal("IN IP6 2001:db8::1", SdpConnection.FromAddress(IPAddress.Parse("2001:db8::1")).ToString());
        Assert.Equal(IPAddress.Parse("192.0.2.1"), SdpConnection.FromAddress(IPAddress.Parse("192.0.2.1")).TryGetIPAddress());
        Assert.Null(new SdpConnection("IN", "IP4", "host.example.com").TryGetIPAddress());
    }

    [Theory]
    [InlineData("AS:64", "AS", 64UL)]
    [InlineData("TIAS:64000", "TIAS", 64000UL)]
    [InlineData("X-YZ:0", "X-YZ", 0UL)]
    public void Bandwidth_Rfc8866Section5_8_Parses(string text, string type, ulong value)
    {
        Assert.True(SdpBandwidth.TryParse(text, out var bandwidth));
        Assert.Equal(new SdpBandwidth(type, value), bandwidth);
        Assert.Equal(text, bandwidth.ToString());
    }

    [Theory]
    [InlineData("1 1 UDP 2130706431 10.0.1.1 8998 typ host", "1", 1, "UDP", 2130706431u, "10.0.1.1", 8998, "host", null, null, null)]
    [InlineData("2 1 UDP 1694498815 192.0.2.3 45664 typ srflx raddr 10.0.1.1 rport 8998", "2", 1, "UDP", 1694498815u, "192.0.2.3", 45664, "srflx", "10.0.1.1", 8998, null)]
    [InlineData("4 1 tcp 1518280447 192.0.2.9 9 typ host tcptype active", "4", 1, "tcp", 1518280447u, "192.0.2.9", 9, "host", null, null, "active")]
    public void Candidate_Rfc8839Section5_1_Examples(
        string text, string foundation, int component, string transport, uint priority, string address, int port, string type,
        string? raddr, int? rport, string? tcpType)
    {
        Assert.True(SdpCandidate.TryParse(text, out var candidate));
        Assert.Equal(new SdpCandidate(foundation, component, transport, priority, address, port, type, raddr, rport, tcpType), candidate);
        Assert.Equal(text, candidate.ToString());
        Assert.True(SdpCandidate.TryParse("candidate:" + text, out var prefixed));
        Assert.Equal(candidate, prefixed);
    }

    [Fact]
    public void Candidate_ChromeExtensions_KeptInOrder()
    {
        const string Text = "842163049 1 udp 1677729535 203.0.113.7 53705 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag nWnq network-cost 999";
        Assert.True(SdpCandidate.TryParse(Text, out var candidate));
        Assert.Equal("0.0.0.0", candidate.RelatedAddress);
        Assert.Equal(0, candidate.RelatedPort);
        Assert.Equal(
            [new("generation", "0"), new("ufrag", "nWnq"), new KeyValuePair<string, string>("network-cost", "999")],
            candidate.Extensions);
        Assert.Equal(Text, candidate.ToString());
        Assert.Equal(candidate, candidate with { });
        Assert.NotEqual(candidate, candidate with { Extensions = [] });
    }

    [Theory]
    [InlineData("")]
    [InlineData("1 1 UDP 2130706431 10.0.1.1 8998")]
    [InlineData("1 1 UDP 2130706431 10.0.1.1 8998 type host")]
    [InlineData("1 0 UDP 2130706431 10.0.1.1 8998 typ host")]
    [InlineData("1 1 UDP 4294967296 10.0.1.1 8998 typ host")]
    [InlineData("1 1 UDP 2130706431 10.0.1.1 65536 typ host")]
    [InlineData("1 1 UDP 2130706431 10.0.1.1 8998 typ srflx raddr")]
    [InlineData("1 1 UDP 2130706431 10.0.1.1 8998 typ srflx raddr 10.0.0.1 rport x")]
    public void Candidate_Malformed_NotParsed(string text) => Assert.False(SdpCandidate.TryParse(text, out _));

    [Fact]
    public void Crypto_Rfc4568Section9_InlineKeyWithLifetimeAndMki_Parses()
    {
        const string Text = "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32";
        Assert.True(SdpCrypto.TryParse(Text, out var crypto));
        Assert.Equal(1, crypto.Tag);
        Assert.Equal("AES_CM_128_HMAC_SHA1_80", crypto.Suite);
        var key = Assert.Single(crypto.Keys);
        Assert.Equal(new SdpCryptoKey("PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR", "2^20", "1:32"), key);
        Assert.True(key.TryGetKeySalt(out var keySalt));
        Assert.Equal(30, keySalt.Length); // 16-byte master key + 14-byte master salt
        Assert.Empty(crypto.SessionParameters);
        Assert.Equal(Text, crypto.ToString());
    }

    [Fact]
    public void Crypto_Rfc4568Section9_TwoKeysAndSessionParameters_RoundTrip()
    {
        const string Text = "1 AES_CM_128_HMAC_SHA1_32 inline:NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj|2^20|1:32;" +
            "inline:NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj|2^20|2:32 KDR=1 UNENCRYPTED_SRTCP";
        Assert.True(SdpCrypto.TryParse(Text, out var crypto));
        Assert.Equal(2, crypto.Keys.Count);
        Assert.Equal("2:32", crypto.Keys[1].Mki);
        Assert.Equal(["KDR=1", "UNENCRYPTED_SRTCP"], crypto.SessionParameters);
        Assert.Equal(Text, crypto.ToString());
        Assert.True(SdpCrypto.TryParse(crypto.ToString(), out var again));
        Assert.Equal(crypto, again);
    }

    [Theory]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80 inline:KEY|1:4|2^20")]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80 uri:http://example.com/key")]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80 inline:")]
    [InlineData("x AES_CM_128_HMAC_SHA1_80 inline:KEY")]
    [InlineData("1234567890 AES_CM_128_HMAC_SHA1_80 inline:KEY")]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80")]
    public void Crypto_Malformed_NotParsed(string text) => Assert.False(SdpCrypto.TryParse(text, out _));

    [Fact]
    public void CryptoKey_NotBase64_DoesNotDecode() => Assert.False(new SdpCryptoKey("not base64!").TryGetKeySalt(out _));

    [Fact]
    public void Fingerprint_FromDigest_RoundTripsThroughText()
    {
        byte[] digest = [0x00, 0x0F, 0xA0, 0xFF];
        var fingerprint = SdpFingerprint.FromDigest("sha-256", digest);
        Assert.Equal("00:0F:A0:FF", fingerprint.Value);
        Assert.Equal("sha-256 00:0F:A0:FF", fingerprint.ToString());
        Assert.True(fingerprint.TryGetDigest(out var decoded));
        Assert.Equal(digest, decoded);
        Assert.True(new SdpFingerprint("SHA-256", "00:0f:a0:ff").Matches("sha-256", digest));
        Assert.False(fingerprint.Matches("sha-1", digest));
        Assert.False(fingerprint.Matches("sha-256", [0x00, 0x0F, 0xA0, 0xFE]));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("00:0")]
    [InlineData("00-0F")]
    [InlineData("0G:00")]
    [InlineData("00:0F:")]
    public void Fingerprint_MalformedValue_DoesNotDecode(string value) => Assert.False(new SdpFingerprint("sha-256", value).TryGetDigest(out _));

    [Theory]
    [InlineData("sha-256")]
    [InlineData("sha-256 AA:BB extra")]
    [InlineData("")]
    public void Fingerprint_MalformedAttribute_NotParsed(string text) => Assert.False(SdpFingerprint.TryParse(text, out _));

    [Theory]
    [InlineData("96 opus/48000/2", 96, "opus", 48000, 2)]
    [InlineData("0 PCMU/8000", 0, "PCMU", 8000, null)]
    [InlineData("101 telephone-event/8000/1", 101, "telephone-event", 8000, 1)]
    public void RtpMap_Rfc8866Section6_6_Parses(string text, int pt, string name, int rate, int? channels)
    {
        Assert.True(SdpRtpMap.TryParse(text, out var map));
        Assert.Equal(new SdpRtpMap(pt, name, rate, channels), map);
        Assert.Equal(text, map.ToString());
    }

    [Theory]
    [InlineData("128 x/8000")]
    [InlineData("96 opus")]
    [InlineData("x opus/48000")]
    [InlineData("96 /48000")]
    [InlineData("96 opus/48000/two")]
    [InlineData("96 opus/48000 extra")]
    public void RtpMap_Malformed_NotParsed(string text) => Assert.False(SdpRtpMap.TryParse(text, out _));

    [Theory]
    [InlineData("53020", 53020, null)]
    [InlineData("53020 IN IP4 126.16.64.4", 53020, "126.16.64.4")]
    public void Rtcp_Rfc3605Section2_1_Parses(string text, int port, string? address)
    {
        Assert.True(SdpRtcp.TryParse(text, out var rtcp));
        Assert.Equal(port, rtcp.Port);
        Assert.Equal(address, rtcp.Address);
        Assert.Equal(text, rtcp.ToString());
    }

    [Theory]
    [InlineData("53020 IN IP4")]
    [InlineData("port")]
    [InlineData("70000")]
    public void Rtcp_Malformed_NotParsed(string text) => Assert.False(SdpRtcp.TryParse(text, out _));

    [Fact]
    public void Ssrc_Rfc5576Section4_1_Parses()
    {
        Assert.True(SdpSsrc.TryParse("314159 cname:user@example.com", out var ssrc));
        Assert.Equal(new SdpSsrc(314159, "cname", "user@example.com"), ssrc);
        Assert.True(SdpSsrc.TryParse("4294967295 x-flag", out var flag));
        Assert.Null(flag.AttributeValue);
        Assert.Equal("4294967295 x-flag", flag.ToString());
        Assert.False(SdpSsrc.TryParse("4294967296 cname:x", out _));
        Assert.False(SdpSsrc.TryParse("1", out _));
    }

    [Fact]
    public void Groups_Rfc8843AndRfc5576_Parse()
    {
        Assert.True(SdpGroup.TryParse("BUNDLE 0 1", out var group));
        Assert.Equal(new SdpGroup("BUNDLE", ["0", "1"]), group);
        Assert.Equal("BUNDLE 0 1", group.ToString());
        Assert.False(SdpGroup.TryParse("", out _));
        Assert.True(SdpSsrcGroup.TryParse("FID 1 2", out var fid));
        Assert.Equal("FID 1 2", fid.ToString());
        Assert.False(SdpSsrcGroup.TryParse("FID 1 x", out _));
    }

    [Fact]
    public void Timing_WithRepeats_EqualityComparesRepeats()
    {
        Assert.Equal(new SdpTiming(1, 2, ["a"]), new SdpTiming(1, 2, ["a"]));
        Assert.NotEqual(new SdpTiming(1, 2, ["a"]), new SdpTiming(1, 2));
        Assert.Equal(new SdpTiming(1, 2, ["a"]).GetHashCode(), new SdpTiming(1, 2, ["a"]).GetHashCode());
        Assert.False(SdpTiming.TryParse("1 2 3", out _));
    }

    [Fact]
    public void Attribute_ToString_NameOrNameColonValue()
    {
        Assert.Equal("rtcp-mux", new SdpAttribute("rtcp-mux").ToString());
        Assert.Equal("mid:0", new SdpAttribute("mid", "0").ToString());
        Assert.True(new SdpAttribute("MID", "0").Is("mid"));
    }
}
