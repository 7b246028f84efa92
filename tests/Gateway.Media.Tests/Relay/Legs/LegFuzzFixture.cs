using Gateway.Media.Dtls;
using Gateway.Media.Ice;
using Gateway.Media.Relay;
using Gateway.Media.Relay.Legs;
using Gateway.Media.Srtp;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Media.Tests.Relay.Legs;

/// <summary>Three configured legs (plain, SDES, WebRTC) whose peers only record, for feeding datagrams directly.</summary>
public sealed class LegFuzzFixture : IAsyncLifetime
{
    internal UdpMediaLeg Plain { get; private set; } = null!;

    internal UdpMediaLeg Sdes { get; private set; } = null!;

    internal UdpMediaLeg WebRtc { get; private set; } = null!;

    internal RecordingLeg PlainPeer { get; } = new();

    internal RecordingLeg SdesPeer { get; } = new();

    internal RecordingLeg WebRtcPeer { get; } = new();

    public Task InitializeAsync()
    {
        var factory = new UdpMediaLegFactory(new FakeTimeProvider(), NullLoggerFactory.Instance, LegNet.ReceiveThreads);
        Plain = (UdpMediaLeg)factory.Create(LegNet.Bind(), null, "plain");
        Sdes = (UdpMediaLeg)factory.Create(LegNet.Bind(), null, "sdes");
        WebRtc = (UdpMediaLeg)factory.Create(LegNet.Bind(), null, "webrtc");
        Plain.Peer = PlainPeer;
        Sdes.Peer = SdesPeer;
        WebRtc.Peer = WebRtcPeer;
        Plain.Configure(new MediaLegSettings { Protocol = "RTP/AVP", RtcpMux = true });
        Sdes.Configure(new MediaLegSettings
        {
            Protocol = "RTP/SAVP",
            Security = MediaLegSecurity.Sdes,
            RtcpMux = true,
            SdesInbound = SdesParty.NewKey(SrtpProfile.AesCm128HmacSha1Tag80),
            SdesOutbound = SdesParty.NewKey(SrtpProfile.AesCm128HmacSha1Tag80),
        });
        WebRtc.Configure(new MediaLegSettings
        {
            Protocol = "UDP/TLS/RTP/SAVPF",
            Security = MediaLegSecurity.Dtls,
            DtlsRole = DtlsRole.Server,
            DtlsCertificate = DtlsCertificate.Generate(),
            RemoteFingerprints = [DtlsCertificate.Generate().Fingerprint],
            LocalIce = IceCredentials.Generate(),
            RemoteIce = IceCredentials.Generate(),
            RtcpMux = true,
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Plain.DisposeAsync();
        await Sdes.DisposeAsync();
        await WebRtc.DisposeAsync();
    }
}
