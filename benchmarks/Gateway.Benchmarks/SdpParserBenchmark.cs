using System.Buffers;
using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using Gateway.Media.Sdp;

namespace Gateway.Benchmarks;

/// <summary>
/// SDP per call: parse, write back unchanged, and the two rewrites a relay performs for the tutorial
/// (a Chromium offer turned into RTP/AVP for a SIP phone, a SIP phone offer turned into UDP/TLS/RTP/SAVPF for a browser).
/// Inputs are copies of testdata/sdp/browser/chromium-120-offer-audio-video.sdp (about 6 KB) and
/// testdata/sdp/sip-phone-offer-pcmu-pcma.sdp (234 bytes).
/// </summary>
[MemoryDiagnoser]
public class SdpParserBenchmark
{
    private static readonly byte[] ChromiumOffer = Encoding.ASCII.GetBytes(
        "v=0\r\n" +
        "o=- 7169721126327183323 3 IN IP4 127.0.0.1\r\n" +
        "s=-\r\n" +
        "t=0 0\r\n" +
        "a=group:BUNDLE 0 1\r\n" +
        "a=extmap-allow-mixed\r\n" +
        "a=msid-semantic: WMS\r\n" +
        "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126\r\n" +
        "c=IN IP4 0.0.0.0\r\n" +
        "a=rtcp:9 IN IP4 0.0.0.0\r\n" +
        "a=ice-ufrag:nWnq\r\n" +
        "a=ice-pwd:DTdCVj00s9nGkNgWra0P30A2\r\n" +
        "a=ice-options:trickle\r\n" +
        "a=fingerprint:sha-256 A4:67:3A:52:5C:D4:9C:65:45:9D:61:43:B2:EC:31:E8:42:4E:EC:54:C9:70:E3:89:28:94:3E:5C:3C:ED:FC:64\r\n" +
        "a=setup:actpass\r\n" +
        "a=mid:0\r\n" +
        "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n" +
        "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n" +
        "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n" +
        "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n" +
        "a=sendrecv\r\n" +
        "a=msid:- 06574f1e-f4bf-4b6d-b66c-3493cd7ab50f\r\n" +
        "a=rtcp-mux\r\n" +
        "a=rtpmap:111 opus/48000/2\r\n" +
        "a=rtcp-fb:111 transport-cc\r\n" +
        "a=fmtp:111 minptime=10;useinbandfec=1\r\n" +
        "a=rtpmap:63 red/48000/2\r\n" +
        "a=fmtp:63 111/111\r\n" +
        "a=rtpmap:9 G722/8000\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        "a=rtpmap:8 PCMA/8000\r\n" +
        "a=rtpmap:13 CN/8000\r\n" +
        "a=rtpmap:110 telephone-event/48000\r\n" +
        "a=rtpmap:126 telephone-event/8000\r\n" +
        "a=ssrc:3262661846 cname:yFbnkIWTHwPXy6MO\r\n" +
        "a=ssrc:3262661846 msid:- 06574f1e-f4bf-4b6d-b66c-3493cd7ab50f\r\n" +
        "m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 104 105 106 107 108 109 127 125 39 40 45 46 98 99 100 101 112 113 114\r\n" +
        "c=IN IP4 0.0.0.0\r\n" +
        "a=rtcp:9 IN IP4 0.0.0.0\r\n" +
        "a=ice-ufrag:nWnq\r\n" +
        "a=ice-pwd:DTdCVj00s9nGkNgWra0P30A2\r\n" +
        "a=ice-options:trickle\r\n" +
        "a=fingerprint:sha-256 A4:67:3A:52:5C:D4:9C:65:45:9D:61:43:B2:EC:31:E8:42:4E:EC:54:C9:70:E3:89:28:94:3E:5C:3C:ED:FC:64\r\n" +
        "a=setup:actpass\r\n" +
        "a=mid:1\r\n" +
        "a=extmap:14 urn:ietf:params:rtp-hdrext:toffset\r\n" +
        "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n" +
        "a=extmap:13 urn:3gpp:video-orientation\r\n" +
        "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n" +
        "a=extmap:5 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay\r\n" +
        "a=extmap:6 http://www.webrtc.org/experiments/rtp-hdrext/video-content-type\r\n" +
        "a=extmap:7 http://www.webrtc.org/experiments/rtp-hdrext/video-timing\r\n" +
        "a=extmap:8 http://www.webrtc.org/experiments/rtp-hdrext/color-space\r\n" +
        "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n" +
        "a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id\r\n" +
        "a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id\r\n" +
        "a=sendrecv\r\n" +
        "a=msid:- 0a874693-9ca3-44a4-8c95-d8f2e26a7179\r\n" +
        "a=rtcp-mux\r\n" +
        "a=rtcp-rsize\r\n" +
        "a=rtpmap:96 VP8/90000\r\n" +
        "a=rtcp-fb:96 goog-remb\r\n" +
        "a=rtcp-fb:96 transport-cc\r\n" +
        "a=rtcp-fb:96 ccm fir\r\n" +
        "a=rtcp-fb:96 nack\r\n" +
        "a=rtcp-fb:96 nack pli\r\n" +
        "a=rtpmap:97 rtx/90000\r\n" +
        "a=fmtp:97 apt=96\r\n" +
        "a=rtpmap:102 H264/90000\r\n" +
        "a=rtcp-fb:102 goog-remb\r\n" +
        "a=rtcp-fb:102 transport-cc\r\n" +
        "a=rtcp-fb:102 ccm fir\r\n" +
        "a=rtcp-fb:102 nack\r\n" +
        "a=rtcp-fb:102 nack pli\r\n" +
        "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f\r\n" +
        "a=rtpmap:103 rtx/90000\r\n" +
        "a=fmtp:103 apt=102\r\n" +
        "a=rtpmap:104 H264/90000\r\n" +
        "a=rtcp-fb:104 goog-remb\r\n" +
        "a=rtcp-fb:104 transport-cc\r\n" +
        "a=rtcp-fb:104 ccm fir\r\n" +
        "a=rtcp-fb:104 nack\r\n" +
        "a=rtcp-fb:104 nack pli\r\n" +
        "a=fmtp:104 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42001f\r\n" +
        "a=rtpmap:105 rtx/90000\r\n" +
        "a=fmtp:105 apt=104\r\n" +
        "a=rtpmap:106 H264/90000\r\n" +
        "a=rtcp-fb:106 goog-remb\r\n" +
        "a=rtcp-fb:106 transport-cc\r\n" +
        "a=rtcp-fb:106 ccm fir\r\n" +
        "a=rtcp-fb:106 nack\r\n" +
        "a=rtcp-fb:106 nack pli\r\n" +
        "a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n" +
        "a=rtpmap:107 rtx/90000\r\n" +
        "a=fmtp:107 apt=106\r\n" +
        "a=rtpmap:108 H264/90000\r\n" +
        "a=rtcp-fb:108 goog-remb\r\n" +
        "a=rtcp-fb:108 transport-cc\r\n" +
        "a=rtcp-fb:108 ccm fir\r\n" +
        "a=rtcp-fb:108 nack\r\n" +
        "a=rtcp-fb:108 nack pli\r\n" +
        "a=fmtp:108 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f\r\n" +
        "a=rtpmap:109 rtx/90000\r\n" +
        "a=fmtp:109 apt=108\r\n" +
        "a=rtpmap:127 H264/90000\r\n" +
        "a=rtcp-fb:127 goog-remb\r\n" +
        "a=rtcp-fb:127 transport-cc\r\n" +
        "a=rtcp-fb:127 ccm fir\r\n" +
        "a=rtcp-fb:127 nack\r\n" +
        "a=rtcp-fb:127 nack pli\r\n" +
        "a=fmtp:127 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f\r\n" +
        "a=rtpmap:125 rtx/90000\r\n" +
        "a=fmtp:125 apt=127\r\n" +
        "a=rtpmap:39 H264/90000\r\n" +
        "a=rtcp-fb:39 goog-remb\r\n" +
        "a=rtcp-fb:39 transport-cc\r\n" +
        "a=rtcp-fb:39 ccm fir\r\n" +
        "a=rtcp-fb:39 nack\r\n" +
        "a=rtcp-fb:39 nack pli\r\n" +
        "a=fmtp:39 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=4d001f\r\n" +
        "a=rtpmap:40 rtx/90000\r\n" +
        "a=fmtp:40 apt=39\r\n" +
        "a=rtpmap:45 AV1/90000\r\n" +
        "a=rtcp-fb:45 goog-remb\r\n" +
        "a=rtcp-fb:45 transport-cc\r\n" +
        "a=rtcp-fb:45 ccm fir\r\n" +
        "a=rtcp-fb:45 nack\r\n" +
        "a=rtcp-fb:45 nack pli\r\n" +
        "a=rtpmap:46 rtx/90000\r\n" +
        "a=fmtp:46 apt=45\r\n" +
        "a=rtpmap:98 VP9/90000\r\n" +
        "a=rtcp-fb:98 goog-remb\r\n" +
        "a=rtcp-fb:98 transport-cc\r\n" +
        "a=rtcp-fb:98 ccm fir\r\n" +
        "a=rtcp-fb:98 nack\r\n" +
        "a=rtcp-fb:98 nack pli\r\n" +
        "a=fmtp:98 profile-id=0\r\n" +
        "a=rtpmap:99 rtx/90000\r\n" +
        "a=fmtp:99 apt=98\r\n" +
        "a=rtpmap:100 VP9/90000\r\n" +
        "a=rtcp-fb:100 goog-remb\r\n" +
        "a=rtcp-fb:100 transport-cc\r\n" +
        "a=rtcp-fb:100 ccm fir\r\n" +
        "a=rtcp-fb:100 nack\r\n" +
        "a=rtcp-fb:100 nack pli\r\n" +
        "a=fmtp:100 profile-id=2\r\n" +
        "a=rtpmap:101 rtx/90000\r\n" +
        "a=fmtp:101 apt=100\r\n" +
        "a=rtpmap:112 red/90000\r\n" +
        "a=rtpmap:113 rtx/90000\r\n" +
        "a=fmtp:113 apt=112\r\n" +
        "a=rtpmap:114 ulpfec/90000\r\n" +
        "a=ssrc-group:FID 1862494604 1112104850\r\n" +
        "a=ssrc:1862494604 cname:yFbnkIWTHwPXy6MO\r\n" +
        "a=ssrc:1862494604 msid:- 0a874693-9ca3-44a4-8c95-d8f2e26a7179\r\n" +
        "a=ssrc:1112104850 cname:yFbnkIWTHwPXy6MO\r\n" +
        "a=ssrc:1112104850 msid:- 0a874693-9ca3-44a4-8c95-d8f2e26a7179\r\n");

    private static readonly byte[] PhoneOffer = Encoding.ASCII.GetBytes(
        "v=0\r\n" +
        "o=- 1718022010 1718022010 IN IP4 192.0.2.50\r\n" +
        "s=-\r\n" +
        "c=IN IP4 192.0.2.50\r\n" +
        "t=0 0\r\n" +
        "m=audio 16384 RTP/AVP 0 8 101\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        "a=rtpmap:8 PCMA/8000\r\n" +
        "a=rtpmap:101 telephone-event/8000\r\n" +
        "a=fmtp:101 0-16\r\n" +
        "a=ptime:20\r\n" +
        "a=sendrecv\r\n");

    private static readonly SdpConnection Relay = SdpConnection.FromAddress(IPAddress.Parse("203.0.113.1"));
    private static readonly SdpFingerprint RelayFingerprint = SdpFingerprint.FromDigest("sha-256", new byte[32]);
    private static readonly SdpCandidate RelayCandidate = new("1", 1, "udp", 2130706431, "203.0.113.1", 40000, "host");

    private readonly byte[] _output = new byte[16384];
    private readonly ArrayBufferWriter<byte> _writer = new(16384);
    private SessionDescription _chromium = null!;

    [GlobalSetup]
    public void Setup()
    {
        _chromium = SessionDescription.Parse(ChromiumOffer);
        if (!_chromium.ToArray().AsSpan().SequenceEqual(ChromiumOffer)) throw new InvalidOperationException("Chromium offer does not round-trip");
    }

    [Benchmark(Description = "Parse SIP phone offer (234 B)")]
    public SessionDescription? ParsePhone() => SessionDescription.TryParse(PhoneOffer, out var sdp, out _) ? sdp : null;

    [Benchmark(Description = "Parse Chromium offer (6 KB)")]
    public SessionDescription? ParseChromium() => SessionDescription.TryParse(ChromiumOffer, out var sdp, out _) ? sdp : null;

    [Benchmark(Description = "Write Chromium offer unchanged (span)")]
    public int WriteChromium()
    {
        _chromium.TryWrite(_output, out var written);
        return written;
    }

    [Benchmark(Description = "Write Chromium offer unchanged (IBufferWriter)")]
    public int WriteChromiumToBufferWriter()
    {
        _writer.ResetWrittenCount();
        _chromium.WriteTo(_writer);
        return _writer.WrittenCount;
    }

    [Benchmark(Description = "Read typed helpers (Chromium video)")]
    public int ReadHelpers()
    {
        var video = _chromium.Media[1];
        return video.RtpMaps.Count + video.Ssrcs.Count + (video.Fingerprint is null ? 0 : 1) + (video.IceUfrag?.Length ?? 0);
    }

    [Benchmark(Description = "Parse + rewrite to RTP/AVP + write (Chromium)")]
    public int RewriteChromiumForPhone()
    {
        var sdp = SessionDescription.Parse(ChromiumOffer);
        sdp.Origin = sdp.Origin with { Address = Relay.Address, SessionVersion = sdp.Origin.SessionVersion + 1 };
        sdp.Connection = Relay;
        sdp.RemoveGroups();
        sdp.RemoveIce();
        var port = 30000;
        foreach (var media in sdp.Media)
        {
            media.Port = port;
            media.Protocol = "RTP/AVP";
            media.Connection = null;
            media.RtcpMux = false;
            media.Rtcp = new SdpRtcp(port + 1);
            media.Fingerprint = null;
            media.Setup = null;
            media.RemoveSsrcs();
            media.Attributes.RemoveAll(a => a.Is("extmap") || a.Is("rtcp-fb") || a.Is("msid"));
            port += 2;
        }

        sdp.TryWrite(_output, out var written);
        return written;
    }

    [Benchmark(Description = "Parse + rewrite to SAVPF + write (SIP phone)")]
    public int RewritePhoneForBrowser()
    {
        var sdp = SessionDescription.Parse(PhoneOffer);
        sdp.Origin = sdp.Origin with { Address = Relay.Address, SessionVersion = sdp.Origin.SessionVersion + 1 };
        sdp.Connection = Relay;
        var audio = sdp.Media[0];
        audio.Port = 40000;
        audio.Protocol = "UDP/TLS/RTP/SAVPF";
        audio.IceUfrag = "Rl4y";
        audio.IcePwd = "w6V1zG3mZp0kXcQ2sH9tRb7e";
        audio.Fingerprint = RelayFingerprint;
        audio.Setup = SdpSetup.ActPass;
        audio.RtcpMux = true;
        audio.AddCandidate(RelayCandidate);
        audio.EndOfCandidates = true;
        sdp.TryWrite(_output, out var written);
        return written;
    }
}
