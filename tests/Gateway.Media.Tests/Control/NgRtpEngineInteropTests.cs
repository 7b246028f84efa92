using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;
using Gateway.Core.Media;
using Gateway.Media.Control.Ng;
using Gateway.Media.Tests.Ng;
using Xunit.Abstractions;

namespace Gateway.Media.Tests.Control;

/// <summary>
/// <see cref="NgMediaRelay"/> driving a real rtpengine daemon over loopback with the tutorial's flag strings: the SDP it
/// returns, media actually relayed between two UDP sockets, query and delete, failover from a dead port, and a lost
/// request retransmitted with the same cookie.
/// </summary>
public sealed class NgRtpEngineInteropTests : IClassFixture<RtpEngineProcess>
{
    private const string ToPlain = "RTP/AVP replace-session-connection replace-origin ICE=remove";
    private const string ToWebRtc = "UDP/TLS/RTP/SAVPF ICE=force";

    private readonly RtpEngineProcess _rtpengine;
    private readonly ITestOutputHelper _output;

    public NgRtpEngineInteropTests(RtpEngineProcess rtpengine, ITestOutputHelper output)
    {
        _rtpengine = rtpengine;
        _output = output;
    }

    [NgRtpEngineFact]
    public async Task OfferAnswerQueryDelete_PlainSdpTutorialFlags_RewrittenToRelayAndDeleted()
    {
        await _rtpengine.EnsureStartedAsync();
        using var relay = new NgMediaRelay(Options(_rtpengine.NgEndPoint));
        var callId = NewCallId();

        var offer = await relay.OfferAsync(Request(new MediaSessionKey(callId, "caller"), NgTestData.Sdp("sip-phone-offer-pcmu-pcma.sdp"), ToPlain));
        var answer = await relay.AnswerAsync(Request(new MediaSessionKey(callId, "caller", "callee"), NgTestData.Sdp("sip-phone-answer-pcma.sdp"), ToPlain));
        var info = await relay.QueryAsync(new MediaSessionKey(callId, "caller"));
        var deleted = await relay.DeleteAsync(new MediaSessionKey(callId, "caller"));
        var gone = await relay.QueryAsync(new MediaSessionKey(callId, "caller"));

        foreach (var result in new[] { offer, answer })
        {
            Assert.True(result.Succeeded, result.ErrorReason);
            var sdp = Encoding.UTF8.GetString(result.Sdp.Span);
            _output.WriteLine(sdp);
            Assert.Contains("c=IN IP4 127.0.0.1", sdp, StringComparison.Ordinal);
            Assert.Matches(@"(?m)^o=\S+ \d+ \d+ IN IP4 127\.0\.0\.1\r?$", sdp);
            var (port, protocol) = MediaLine(sdp);
            Assert.Equal("RTP/AVP", protocol);
            Assert.InRange(port, _rtpengine.PortMin, _rtpengine.PortMax);
            Assert.DoesNotContain("a=ice-", sdp, StringComparison.Ordinal);
            Assert.DoesNotContain("192.0.2.", sdp, StringComparison.Ordinal);
        }

        Assert.NotNull(info);
        Assert.Equal(callId, info.Key.CallId);
        Assert.Contains(info.Streams, s => s.Tag == "caller");
        Assert.Contains(info.Streams, s => s.Tag == "callee");
        Assert.All(info.Streams, s => Assert.InRange(s.LocalEndPoint!.Port, _rtpengine.PortMin, _rtpengine.PortMax));
        Assert.True(deleted);
        Assert.Null(gone);
        Assert.Null(relay.GetInstance(callId));
        Assert.False(await relay.DeleteAsync(new MediaSessionKey(callId, "caller")));
    }

    [NgRtpEngineFact]
    public async Task Offer_EveryMappedFlag_AcceptedByRtpEngine()
    {
        await _rtpengine.EnsureStartedAsync();
        using var relay = new NgMediaRelay(Options(_rtpengine.NgEndPoint));
        var callId = NewCallId();
        const string Flags = "RTP/AVP ICE=remove DTLS=off replace-origin replace-session-connection strict-source trust-address symmetric "
            + "rtcp-mux-demux SDES-off media-address=127.0.0.1 address-family=IP4 loop-protect";

        var offer = await relay.OfferAsync(Request(new MediaSessionKey(callId, "caller", null, "z9hG4bK-ng"), NgTestData.Sdp("sip-phone-offer-pcmu-pcma.sdp"), Flags));

        Assert.True(offer.Succeeded, offer.ErrorReason);
        var sdp = Encoding.UTF8.GetString(offer.Sdp.Span);
        Assert.Equal("RTP/AVP", MediaLine(sdp).Protocol);
        Assert.DoesNotContain("a=crypto", sdp, StringComparison.Ordinal);
        Assert.True(await relay.DeleteAsync(new MediaSessionKey(callId, "caller")));
    }

    [NgRtpEngineFact]
    public async Task Offer_PlainToWebRtcTutorialFlags_SavpfWithFingerprintAndIce()
    {
        await _rtpengine.EnsureStartedAsync();
        using var relay = new NgMediaRelay(Options(_rtpengine.NgEndPoint));
        var callId = NewCallId();

        var offer = await relay.OfferAsync(Request(new MediaSessionKey(callId, "caller"), NgTestData.Sdp("sip-phone-offer-pcmu-pcma.sdp"), ToWebRtc));

        Assert.True(offer.Succeeded, offer.ErrorReason);
        var sdp = Encoding.UTF8.GetString(offer.Sdp.Span);
        _output.WriteLine(sdp);
        var (port, protocol) = MediaLine(sdp);
        Assert.Equal("UDP/TLS/RTP/SAVPF", protocol);
        Assert.InRange(port, _rtpengine.PortMin, _rtpengine.PortMax);
        Assert.Matches("(?m)^a=fingerprint:sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}\r?$", sdp);
        Assert.Contains("a=setup:actpass", sdp, StringComparison.Ordinal);
        Assert.Contains("a=ice-ufrag:", sdp, StringComparison.Ordinal);
        Assert.Contains("a=ice-pwd:", sdp, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^a=candidate:\S+ 1 UDP \d+ 127\.0\.0\.1 \d+ typ host", sdp);
        Assert.True(await relay.DeleteAsync(new MediaSessionKey(callId, "caller")));
    }

    [NgRtpEngineFact]
    public async Task Offer_WebRtcToPlainTutorialFlags_AvpWithoutIceOrDtls()
    {
        await _rtpengine.EnsureStartedAsync();
        using var relay = new NgMediaRelay(Options(_rtpengine.NgEndPoint));
        var callId = NewCallId();

        var offer = await relay.OfferAsync(Request(new MediaSessionKey(callId, "browser"), NgTestData.Sdp("browser/chromium-120-offer-audio-video.sdp"), ToPlain));

        Assert.True(offer.Succeeded, offer.ErrorReason);
        var sdp = Encoding.UTF8.GetString(offer.Sdp.Span);
        _output.WriteLine(sdp);
        var mediaLines = sdp.Split('\n').Where(l => l.StartsWith("m=", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, mediaLines.Count);
        Assert.All(mediaLines, line => Assert.Contains(" RTP/AVP ", line, StringComparison.Ordinal));
        Assert.DoesNotContain("a=ice-", sdp, StringComparison.Ordinal);
        Assert.DoesNotContain("a=candidate", sdp, StringComparison.Ordinal);
        Assert.DoesNotContain("a=fingerprint", sdp, StringComparison.Ordinal);
        Assert.Contains("c=IN IP4 127.0.0.1", sdp, StringComparison.Ordinal);
        Assert.True(await relay.DeleteAsync(new MediaSessionKey(callId, "browser")));
    }

    [NgRtpEngineFact]
    public async Task Media_PlainToPlainAfterOfferAnswer_PacketsFlowBothWays()
    {
        await _rtpengine.EnsureStartedAsync();
        using var relay = new NgMediaRelay(Options(_rtpengine.NgEndPoint));
        using var caller = new NgUdpPeer();
        using var callee = new NgUdpPeer();
        var callId = NewCallId();

        var offer = await relay.OfferAsync(Request(new MediaSessionKey(callId, "caller"), PlainSdp(caller.EndPoint.Port), ToPlain));
        var answer = await relay.AnswerAsync(Request(new MediaSessionKey(callId, "caller", "callee"), PlainSdp(callee.EndPoint.Port), ToPlain));
        Assert.True(offer.Succeeded, offer.ErrorReason);
        Assert.True(answer.Succeeded, answer.ErrorReason);
        var towardCallee = new IPEndPoint(IPAddress.Loopback, MediaLine(Encoding.UTF8.GetString(offer.Sdp.Span)).Port); // the callee sends here
        var towardCaller = new IPEndPoint(IPAddress.Loopback, MediaLine(Encoding.UTF8.GetString(answer.Sdp.Span)).Port); // the caller sends here

        for (ushort seq = 1; seq <= 5; seq++)
        {
            var fromCaller = Rtp(seq, 0x11111111);
            await caller.SendAsync(fromCaller, towardCaller);
            Assert.Equal(fromCaller, await callee.ReceiveAsync(TimeSpan.FromSeconds(3)));

            var fromCallee = Rtp(seq, 0x22222222);
            await callee.SendAsync(fromCallee, towardCallee);
            Assert.Equal(fromCallee, await caller.ReceiveAsync(TimeSpan.FromSeconds(3)));
        }

        var info = await relay.QueryAsync(new MediaSessionKey(callId, "caller"));
        Assert.NotNull(info);
        Assert.Equal(10, info.Streams.Sum(s => s.PacketsReceived));
        Assert.True(await relay.DeleteAsync(new MediaSessionKey(callId, "caller")));
    }

    [NgRtpEngineFact]
    public async Task Offer_FirstEndpointDeadPort_FailsOverToRtpEngine()
    {
        await _rtpengine.EnsureStartedAsync();
        var options = Options(new IPEndPoint(IPAddress.Loopback, ClosedUdpPort()));
        options.AttemptTimeout = TimeSpan.FromMilliseconds(200);
        options.AttemptsPerInstance = 2;
        options.Endpoints.Add(new NgClientEndpoint(_rtpengine.NgEndPoint));
        using var relay = new NgMediaRelay(options);
        var callId = NewCallId();

        var offer = await relay.OfferAsync(Request(new MediaSessionKey(callId, "caller"), NgTestData.Sdp("sip-phone-offer-pcmu-pcma.sdp"), ToPlain));

        Assert.True(offer.Succeeded, offer.ErrorReason);
        Assert.Equal(_rtpengine.NgEndPoint, relay.GetInstance(callId)!.EndPoint);
        Assert.True(await relay.DeleteAsync(new MediaSessionKey(callId, "caller")));
    }

    [NgRtpEngineFact]
    public async Task Offer_FirstDatagramLost_RetransmittedWithSameCookieAndAnswered()
    {
        await _rtpengine.EnsureStartedAsync();
        using var lossy = new NgUdpPeer(); // stands between us and rtpengine, losing the first datagram
        using var upstream = new NgUdpPeer();
        var options = Options(lossy.EndPoint);
        options.AttemptTimeout = TimeSpan.FromMilliseconds(300);
        using var relay = new NgMediaRelay(options);
        var callId = NewCallId();

        var offer = relay.OfferAsync(Request(new MediaSessionKey(callId, "caller"), NgTestData.Sdp("sip-phone-offer-pcmu-pcma.sdp"), ToPlain)).AsTask();
        var lost = await lossy.ReceiveAsync();
        var retransmitted = await lossy.ReceiveAsync();
        var client = lossy.LastSource!;
        var reply = await upstream.RequestAsync(retransmitted, _rtpengine.NgEndPoint);
        await lossy.SendAsync(reply, client);
        var result = await offer;

        Assert.Equal(lost, retransmitted);
        Assert.True(result.Succeeded, result.ErrorReason);
        using var direct = new NgMediaRelay(Options(_rtpengine.NgEndPoint)); // the lossy hop forwards nothing more
        Assert.True(await direct.DeleteAsync(new MediaSessionKey(callId, "caller")));
    }

    private static NgClientOptions Options(IPEndPoint endPoint)
    {
        var options = new NgClientOptions { AttemptTimeout = TimeSpan.FromSeconds(2), AttemptsPerInstance = 2 };
        options.Endpoints.Add(new NgClientEndpoint(endPoint));
        return options;
    }

    private static MediaRelayRequest Request(MediaSessionKey key, byte[] sdp, string flags) =>
        new(key, sdp, MediaFlags.Parse(flags)) { ReceivedFrom = new IPEndPoint(IPAddress.Loopback, 5060) };

    private static string NewCallId() => "ng-interop-" + Guid.NewGuid().ToString("N");

    private static byte[] PlainSdp(int port) => Encoding.ASCII.GetBytes(
        $"v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio {port} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n");

    private static (int Port, string Protocol) MediaLine(string sdp)
    {
        var line = sdp.Split('\n').First(l => l.StartsWith("m=audio ", StringComparison.Ordinal)).TrimEnd('\r');
        var parts = line.Split(' ');
        return (int.Parse(parts[1], CultureInfo.InvariantCulture), parts[2]);
    }

    private static byte[] Rtp(ushort sequence, uint ssrc)
    {
        var packet = new byte[12 + 160];
        packet[0] = 0x80;
        packet[1] = 0; // PCMU
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), sequence * 160u);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        packet.AsSpan(12).Fill((byte)sequence);
        return packet;
    }

    private static int ClosedUdpPort()
    {
        using var probe = new NgUdpPeer();
        return probe.EndPoint.Port;
    }
}
