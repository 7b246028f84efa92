using System.Text;
using Gateway.Core.Media;
using Gateway.Core.Parsing;
using Gateway.Core.Messages;

namespace Gateway.Core.Tests.Media;

public sealed class MediaFlagsTests
{
    [Theory]
    [InlineData("ICE=force-relay DTLS=passive", MediaTransportProtocol.Unchanged, MediaIceMode.ForceRelay, MediaDtlsMode.Passive, false)]
    [InlineData("RTP/AVP replace-session-connection replace-origin ICE=remove", MediaTransportProtocol.RtpAvp, MediaIceMode.Remove, MediaDtlsMode.Default, true)]
    [InlineData("UDP/TLS/RTP/SAVPF ICE=force", MediaTransportProtocol.UdpTlsRtpSavpf, MediaIceMode.Force, MediaDtlsMode.Default, false)]
    public void TheTutorialsFlagStringsParse(string text, MediaTransportProtocol protocol, MediaIceMode ice, MediaDtlsMode dtls, bool replace)
    {
        var flags = MediaFlags.Parse(text);

        Assert.Equal(protocol, flags.TransportProtocol);
        Assert.Equal(ice, flags.Ice);
        Assert.Equal(dtls, flags.Dtls);
        Assert.Equal(replace, flags.ReplaceOrigin);
        Assert.Equal(replace, flags.ReplaceSessionConnection);
        Assert.Empty(flags.OtherFlags);
    }

    [Fact]
    public void EveryKnownFlagParsesAndRoundTrips()
    {
        const string text = "RTP/SAVP ICE=optional DTLS=active replace-origin replace-session-connection replace-sdp-version rtcp-mux-offer rtcp-mux-demux "
            + "SDES-off SDES-no-AES_CM_128_HMAC_SHA1_32 SDES-only-AEAD_AES_128_GCM media-address=203.0.113.7 address-family=IP4 direction=internal direction=external "
            + "strict-source asymmetric trust-address record-call=yes port-latching";
        var flags = MediaFlags.Parse(text);

        Assert.Equal(MediaTransportProtocol.RtpSavp, flags.TransportProtocol);
        Assert.Equal(MediaRtcpMux.Offer | MediaRtcpMux.Demux, flags.RtcpMux);
        Assert.True(flags.SdesOff);
        Assert.Equal(["AES_CM_128_HMAC_SHA1_32"], flags.SdesExclude);
        Assert.Equal(["AEAD_AES_128_GCM"], flags.SdesOnly);
        Assert.Equal(["sdp-version"], flags.OtherReplace);
        Assert.Equal("203.0.113.7", flags.MediaAddress);
        Assert.Equal(["internal", "external"], flags.Directions);
        Assert.True(flags.StrictSource && flags.Asymmetric && flags.TrustAddress);
        Assert.Equal(["record-call=yes", "port-latching"], flags.OtherFlags);
        Assert.Equal(text, flags.ToString());
        Assert.Equal(text, MediaFlags.Parse(flags.ToString()).ToString());
    }

    [Theory]
    [InlineData("ICE=sometimes")]
    [InlineData("DTLS=maybe")]
    [InlineData("media-address=not-an-ip")]
    [InlineData("rtcp-mux-always")]
    [InlineData("address-family=IPX")]
    public void ABadValueOfAKnownFlagIsAClearError(string text)
    {
        Assert.False(MediaFlags.TryParse(text, out _, out var error));
        Assert.Contains(text.Split('=', '-')[0], error, StringComparison.OrdinalIgnoreCase);
        Assert.Throws<FormatException>(() => MediaFlags.Parse(text));
    }

    [Fact]
    public void EmptyAndWhitespaceMeanDefaults()
    {
        Assert.Equal(string.Empty, MediaFlags.Parse(null).ToString());
        Assert.Equal(string.Empty, MediaFlags.Parse(" \t ").ToString());
    }

    [Fact]
    public void TheOfferersTagKeysTheSessionInRequestsAndReplies()
    {
        var invite = Parse("INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\nFrom: <sip:alice@example.com>;tag=A\r\n"
            + "To: <sip:bob@example.com>\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContent-Type: application/sdp\r\nContent-Length: 4\r\n\r\nv=0\n");
        var ok = Parse("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\nFrom: <sip:alice@example.com>;tag=A\r\n"
            + "To: <sip:bob@example.com>;tag=B\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n");
        var ack = Parse("ACK sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK2\r\nFrom: <sip:alice@example.com>;tag=A\r\n"
            + "To: <sip:bob@example.com>;tag=B\r\nCall-ID: c1\r\nCSeq: 1 ACK\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n");

        Assert.True(invite.HasSdp());
        Assert.False(ok.HasSdp());
        Assert.Equal(new MediaSessionKey("c1", "A"), invite.GetMediaSessionKey(offer: true));
        Assert.Equal(new MediaSessionKey("c1", "A", "B"), ok.GetMediaSessionKey(offer: false));

        // Late SDP: the 200 OK offers (Bob is the offerer), the ACK answers.
        Assert.Equal(new MediaSessionKey("c1", "B"), ok.GetMediaSessionKey(offer: true));
        Assert.Equal(new MediaSessionKey("c1", "B", "A"), ack.GetMediaSessionKey(offer: false));
    }

    private static SipMessage Parse(string text)
    {
        var result = SipMessageParser.Parse(Encoding.ASCII.GetBytes(text));
        Assert.True(result.Success, result.Error.ToString());
        return result.Message!;
    }
}
