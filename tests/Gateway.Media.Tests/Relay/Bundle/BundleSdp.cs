using Gateway.Media.Sdp;

namespace Gateway.Media.Tests.Relay.Bundle;

/// <summary>The SDP of the BUNDLE tests: a plain phone with audio and video, a browser's bundled answer, edits of Chromium's offer.</summary>
internal static class BundleSdp
{
    public const uint ChromiumAudioSsrc = 3262661846;
    public const uint ChromiumVideoSsrc = 1862494604;
    public const uint ChromiumVideoRtxSsrc = 1112104850;

    /// <summary>A SIP phone's audio (PCMU) + video (VP8 as 96) offer or answer, each m-line with its own port pair.</summary>
    public static string PlainAudioVideo(int audioPort, int audioRtcpPort, int videoPort, int videoRtcpPort, long sessionId = 11) =>
        "v=0\r\n" +
        $"o=- {sessionId} 1 IN IP4 127.0.0.1\r\n" +
        "s=-\r\n" +
        "c=IN IP4 127.0.0.1\r\n" +
        "t=0 0\r\n" +
        $"m=audio {audioPort} RTP/AVP 0 101\r\n" +
        $"a=rtcp:{audioRtcpPort}\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        "a=rtpmap:101 telephone-event/8000\r\n" +
        "a=sendrecv\r\n" +
        $"m=video {videoPort} RTP/AVP 96\r\n" +
        $"a=rtcp:{videoRtcpPort}\r\n" +
        "a=rtpmap:96 VP8/90000\r\n" +
        "a=sendrecv\r\n";

    /// <summary>A browser's answer to a bundled audio+video offer (mids 0 and 1, one transport, max-bundle).</summary>
    public static string BrowserAnswer(string ufrag, string pwd, string fingerprint) =>
        "v=0\r\n" +
        "o=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n" +
        "s=-\r\n" +
        "t=0 0\r\n" +
        "a=group:BUNDLE 0 1\r\n" +
        "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\n" +
        "c=IN IP4 0.0.0.0\r\n" +
        $"a=ice-ufrag:{ufrag}\r\n" +
        $"a=ice-pwd:{pwd}\r\n" +
        $"a=fingerprint:{fingerprint}\r\n" +
        "a=setup:active\r\n" +
        "a=mid:0\r\n" +
        "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n" +
        "a=sendrecv\r\n" +
        "a=rtcp-mux\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        "a=ssrc:1111 cname:b\r\n" +
        "m=video 9 UDP/TLS/RTP/SAVPF 96\r\n" +
        "c=IN IP4 0.0.0.0\r\n" +
        $"a=ice-ufrag:{ufrag}\r\n" +
        $"a=ice-pwd:{pwd}\r\n" +
        $"a=fingerprint:{fingerprint}\r\n" +
        "a=setup:active\r\n" +
        "a=mid:1\r\n" +
        "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n" +
        "a=sendrecv\r\n" +
        "a=rtcp-mux\r\n" +
        "a=rtpmap:96 VP8/90000\r\n" +
        "a=ssrc:2222 cname:b\r\n";

    /// <summary>Chromium's audio+video offer with edits: what to drop (BUNDLE group, a=ssrc lines, the MID extmap) and what to set.</summary>
    public static SessionDescription Chromium(bool bundle = true, bool ssrcs = true, bool midExtension = true, Action<MediaDescription>? edit = null)
    {
        var sdp = SessionDescription.Parse(RelayHarness.Sample(RelayHarness.ChromiumOffer));
        if (!bundle) sdp.RemoveGroups("BUNDLE");
        foreach (var media in sdp.Media)
        {
            if (!ssrcs) media.RemoveSsrcs();
            if (!midExtension) media.Attributes.RemoveAll(a => a.Is("extmap") && a.Value is { } v && v.Contains("sdes:mid", StringComparison.Ordinal));
            edit?.Invoke(media);
        }

        return sdp;
    }
}
