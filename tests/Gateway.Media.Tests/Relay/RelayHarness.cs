using System.Net;
using System.Text;
using Gateway.Core.Media;
using Gateway.Media.Dtls;
using Gateway.Media.Relay;
using Gateway.Media.Sdp;
using Gateway.Media.Tests.Sdp;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Media.Tests.Relay;

/// <summary>An engine over a fake leg factory, a fake clock and a private loopback port range.</summary>
internal sealed class RelayHarness : IAsyncDisposable
{
    public const string PhoneOffer = "sip-phone-offer-pcmu-pcma.sdp";
    public const string PhoneAnswer = "sip-phone-answer-pcma.sdp";
    public const string ChromiumOffer = "browser/chromium-120-offer-audio-video.sdp";
    public const string JsepOffer = "jsep-rfc8829/7.1-offer-A1.sdp";
    public const string JsepAnswer = "jsep-rfc8829/7.1-answer-A1.sdp";

    /// <summary>The tutorial's flags for a SIP (non-WebRTC) recipient.</summary>
    public const string ToPhone = "RTP/AVP replace-session-connection replace-origin ICE=remove";

    /// <summary>The tutorial's flags for a WebRTC recipient when the other side is SIP.</summary>
    public const string ToBrowser = "UDP/TLS/RTP/SAVPF ICE=force";

    /// <summary>The tutorial's flags between two WebRTC parties.</summary>
    public const string BrowserToBrowser = "ICE=force-relay DTLS=passive";

    private static readonly Lazy<DtlsCertificate> SharedCertificate = new(DtlsCertificate.Generate);

    public RelayHarness(int pairs = 16, Action<MediaRelayOptions>? configure = null)
    {
        var (min, max) = RelayTestPorts.Range(pairs * 2);
        Options = new MediaRelayOptions { MinPort = min, MaxPort = max };
        configure?.Invoke(Options);
        Engine = new MediaRelayEngine(Options, Factory, Time, null, SharedCertificate.Value);
        var fingerprint = SharedCertificate.Value.GetFingerprint(DtlsHashFunction.Sha256);
        Fingerprint = fingerprint.HashFunctionName + " " + fingerprint.HexValue;
    }

    public MediaRelayOptions Options { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public FakeMediaLegFactory Factory { get; } = new();

    public MediaRelayEngine Engine { get; }

    /// <summary>The engine certificate's a=fingerprint value.</summary>
    public string Fingerprint { get; }

    public static byte[] Sample(string name) => SdpTestData.Read(name);

    /// <summary>SDP text from lines, CRLF-terminated.</summary>
    public static byte[] Lines(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n");

    public static MediaRelayRequest Request(MediaSessionKey key, byte[] sdp, string flags, IPEndPoint? receivedFrom = null) =>
        new(key, sdp, MediaFlags.Parse(flags)) { ReceivedFrom = receivedFrom };

    public async Task<SessionDescription> OfferAsync(string callId, string fromTag, byte[] sdp, string flags, string? viaBranch = null, IPEndPoint? receivedFrom = null)
    {
        var result = await Engine.OfferAsync(Request(new MediaSessionKey(callId, fromTag, null, viaBranch), sdp, flags, receivedFrom));
        Assert.True(result.Succeeded, result.ErrorReason);
        return SessionDescription.Parse(result.Sdp.Span);
    }

    public async Task<SessionDescription> AnswerAsync(string callId, string fromTag, string toTag, byte[] sdp, string flags, string? viaBranch = null, IPEndPoint? receivedFrom = null)
    {
        var result = await Engine.AnswerAsync(Request(new MediaSessionKey(callId, fromTag, toTag, viaBranch), sdp, flags, receivedFrom));
        Assert.True(result.Succeeded, result.ErrorReason);
        return SessionDescription.Parse(result.Sdp.Span);
    }

    /// <summary>The leg behind the relay port an SDP advertises for its m-line <paramref name="index"/>.</summary>
    public FakeMediaLeg LegOf(SessionDescription sdp, int index = 0) => Factory.ByPort(sdp.Media[index].Port);

    public ValueTask DisposeAsync() => Engine.DisposeAsync();
}
