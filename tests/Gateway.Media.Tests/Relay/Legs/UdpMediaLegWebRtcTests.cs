using System.Security.Cryptography;
using Gateway.Media.Dtls;
using Gateway.Media.Ice;
using Gateway.Media.Relay;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Media.Tests.Relay.Legs;

/// <summary>
/// WebRTC (UDP/TLS/RTP/SAVPF, ICE-lite, DTLS-SRTP, rtcp-mux) ⇄ plain RTP/AVP: leg A faces a test browser built from
/// the primitives, leg B a plain party.
/// </summary>
public sealed class UdpMediaLegWebRtcTests
{
    private static readonly DtlsCertificate RelayCertificate = DtlsCertificate.Generate();

    [Fact]
    public async Task Forward_IceThenDtlsThenSrtpBothWays_Flows()
    {
        await using var pair = LegPair.Create();
        await using var browser = new LegTestBrowser(pair.LegA.LocalRtpEndPoint);
        var relayIce = IceCredentials.Generate();
        pair.LegA.Configure(WebRtc(browser, relayIce));
        pair.LegB.Configure(LegPair.Plain(pair.ClientB, null));

        // Before ICE: the plain side's media has nowhere to go on the WebRTC leg.
        pair.ClientB.SendTo(LegNet.Rtp(1, 0xB), pair.LegB.LocalRtpEndPoint);
        await LegNet.WaitUntilAsync(() => pair.LegA.NotReady == 1, "leg A drops media before ICE");

        var (success, mapped) = await browser.CheckAsync(relayIce);
        Assert.True(success);
        Assert.Equal(browser.Socket.EndPoint(), mapped);
        var stats = pair.LegA.GetStatistics();
        Assert.True(stats.IceConnected);
        Assert.True(stats.Latched);
        Assert.Equal(browser.Socket.EndPoint(), stats.RemoteEndPoint);

        var keys = await browser.HandshakeAsync(RelayCertificate.Fingerprint);
        Assert.Equal(RelayCertificate.Fingerprint, keys.RemoteFingerprint);
        await LegNet.WaitUntilAsync(() => pair.LegA.GetStatistics().DtlsConnected, "leg A installs the DTLS keys");

        for (ushort seq = 1; seq <= 10; seq++)
        {
            var rtp = LegNet.Rtp(seq, 0xA);
            browser.SendMedia(rtp, isRtcp: false);
            Assert.Equal(rtp, (await pair.ClientB.ReceiveAsync()).Data);

            var back = LegNet.Rtp((ushort)(seq + 1), 0xB);
            pair.ClientB.SendTo(back, pair.LegB.LocalRtpEndPoint);
            Assert.Equal(back, browser.Unprotect(await browser.ReceiveMediaAsync(), isRtcp: false));
        }

        var rtcp = LegNet.Rtcp(0xA);
        browser.SendMedia(rtcp, isRtcp: true); // muxed on the RTP port
        Assert.Equal(rtcp, (await pair.ClientB.ReceiveAsync()).Data);
        var rtcpBack = LegNet.Rtcp(0xB, marker: 3);
        pair.ClientB.SendTo(rtcpBack, pair.LegB.LocalRtpEndPoint);
        Assert.Equal(rtcpBack, browser.Unprotect(await browser.ReceiveMediaAsync(), isRtcp: true));

        await LegNet.WaitUntilAsync(() => pair.LegA.GetStatistics().PacketsSent == 11, "leg A counted its sends");
        stats = pair.LegA.GetStatistics();
        Assert.Equal(11, stats.PacketsReceived);
        Assert.Equal(1, stats.Errors); // the packet before ICE
        Assert.True(stats.DtlsConnected);
    }

    [Fact]
    public async Task Dtls_ForgedRecordFromOtherSource_NeverReachesHandshake()
    {
        await using var pair = LegPair.Create();
        await using var browser = new LegTestBrowser(pair.LegA.LocalRtpEndPoint);
        using var attacker = LegNet.Bind();
        var relayIce = IceCredentials.Generate();
        pair.LegA.Configure(WebRtc(browser, relayIce));
        pair.LegB.Configure(LegPair.Plain(pair.ClientB, null));

        // An epoch-0 handshake record (a ClientHello fragment header) from an address ICE never validated: before
        // nomination, and after it.
        var forged = new byte[] { 22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 12, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
        attacker.SendTo(forged, pair.LegA.LocalRtpEndPoint);
        await LegNet.WaitUntilAsync(() => pair.LegA.WrongSource == 1, "the forged record is dropped");
        Assert.True((await browser.CheckAsync(relayIce)).Success);
        attacker.SendTo(forged, pair.LegA.LocalRtpEndPoint);
        await LegNet.WaitUntilAsync(() => pair.LegA.WrongSource == 2, "the forged record is dropped");
        Assert.Equal(DtlsHandshakeState.Handshaking, pair.LegA.DtlsHandshake!.State);

        await browser.HandshakeAsync(RelayCertificate.Fingerprint);
        await LegNet.WaitUntilAsync(() => pair.LegA.GetStatistics().DtlsConnected, "leg A installs the DTLS keys");

        // Media from the attacker's address is dropped before any crypto; the browser's flows.
        attacker.SendTo(LegNet.Rtp(1, 0xA, fill: 1), pair.LegA.LocalRtpEndPoint);
        var rtp = LegNet.Rtp(1, 0xA);
        browser.SendMedia(rtp, isRtcp: false);
        Assert.Equal(rtp, (await pair.ClientB.ReceiveAsync()).Data);
        Assert.Equal(3, pair.LegA.WrongSource);
        Assert.Equal(0, pair.LegA.DtlsFailures);
    }

    [Fact]
    public async Task Dtls_WrongFingerprint_HandshakeFailsNothingForwarded()
    {
        await using var pair = LegPair.Create();
        await using var browser = new LegTestBrowser(pair.LegA.LocalRtpEndPoint);
        var relayIce = IceCredentials.Generate();
        var someoneElse = DtlsCertificate.Generate();
        pair.LegA.Configure(WebRtc(browser, relayIce) with { RemoteFingerprints = [someoneElse.Fingerprint] });
        pair.LegB.Configure(LegPair.Plain(pair.ClientB, null));
        Assert.True((await browser.CheckAsync(relayIce)).Success);

        await Assert.ThrowsAsync<DtlsHandshakeException>(() => browser.HandshakeAsync(RelayCertificate.Fingerprint));
        await LegNet.WaitUntilAsync(() => pair.LegA.DtlsFailures == 1, "leg A sees the handshake fail");
        Assert.False(pair.LegA.GetStatistics().DtlsConnected);

        // Whatever the browser sends now is dropped (no keys); whatever the plain side sends is not sent to it.
        var junk = LegNet.Rtp(1, 0xA);
        RandomNumberGenerator.Fill(junk.AsSpan(12));
        // (NotReady also counts late DTLS records the failed handshake no longer takes, hence the relative waits.)
        var notReady = pair.LegA.NotReady;
        browser.Socket.SendTo(junk, pair.LegA.LocalRtpEndPoint);
        await LegNet.WaitUntilAsync(() => pair.LegA.NotReady > notReady, "leg A drops the browser's media");
        notReady = pair.LegA.NotReady;
        pair.ClientB.SendTo(LegNet.Rtp(1, 0xB), pair.LegB.LocalRtpEndPoint);
        await LegNet.WaitUntilAsync(() => pair.LegA.NotReady > notReady, "leg A drops media toward the browser");
        Assert.Equal(0, pair.ClientB.Available);
        Assert.False(browser.HasPendingMedia);
        Assert.Equal(0, pair.LegB.GetStatistics().PacketsSent);
        Assert.Equal(0, pair.LegA.GetStatistics().PacketsSent);
    }

    [Fact]
    public async Task Receive_ReplayedSrtpOnDtlsLeg_DroppedAndCounted()
    {
        await using var pair = LegPair.Create();
        await using var browser = new LegTestBrowser(pair.LegA.LocalRtpEndPoint);
        var relayIce = IceCredentials.Generate();
        await ConnectAsync(pair, browser, WebRtc(browser, relayIce));

        var srtp = browser.Protect(LegNet.Rtp(1, 0xA), isRtcp: false);
        browser.Socket.SendTo(srtp, pair.LegA.LocalRtpEndPoint);
        await pair.ClientB.ReceiveAsync();
        browser.Socket.SendTo(srtp, pair.LegA.LocalRtpEndPoint);
        var next = LegNet.Rtp(2, 0xA);
        browser.SendMedia(next, isRtcp: false);
        Assert.Equal(next, (await pair.ClientB.ReceiveAsync()).Data);
        Assert.Equal(1, pair.LegA.Replays);

        // A tampered packet fails authentication.
        var tampered = browser.Protect(LegNet.Rtp(3, 0xA), isRtcp: false);
        tampered[20] ^= 1;
        browser.Socket.SendTo(tampered, pair.LegA.LocalRtpEndPoint);
        var last = LegNet.Rtp(4, 0xA);
        browser.SendMedia(last, isRtcp: false);
        Assert.Equal(last, (await pair.ClientB.ReceiveAsync()).Data);
        Assert.Equal(1, pair.LegA.AuthenticationFailures);
    }

    [Fact]
    public async Task Ice_WrongPasswordOrUsername_NotNominatedNothingSent()
    {
        await using var pair = LegPair.Create();
        await using var browser = new LegTestBrowser(pair.LegA.LocalRtpEndPoint);
        var relayIce = IceCredentials.Generate();
        pair.LegA.Configure(WebRtc(browser, relayIce));
        pair.LegB.Configure(LegPair.Plain(pair.ClientB, null));

        var (success, _) = await browser.CheckAsync(relayIce, password: "wrongpasswordwrongpassw");
        Assert.False(success); // 401
        browser.SendCheck(IceCredentials.Generate()); // another stream's ufrag: ignored, no answer
        await LegNet.WaitUntilAsync(() => pair.LegA.AuthenticationFailures == 2, "both checks are refused");
        Assert.False(browser.HasPendingStun);
        var stats = pair.LegA.GetStatistics();
        Assert.False(stats.IceConnected);
        Assert.Null(stats.RemoteEndPoint);

        // A check without USE-CANDIDATE is answered but nominates nothing.
        Assert.True((await browser.CheckAsync(relayIce, useCandidate: false)).Success);
        Assert.False(pair.LegA.GetStatistics().IceConnected);
    }

    [Fact]
    public async Task Configure_IceRestart_NewCredentialsAnsweredOldIgnoredMediaKeepsFlowing()
    {
        await using var pair = LegPair.Create();
        await using var browser = new LegTestBrowser(pair.LegA.LocalRtpEndPoint);
        var relayIce = IceCredentials.Generate();
        var settings = WebRtc(browser, relayIce);
        await ConnectAsync(pair, browser, settings);
        var handshake = pair.LegA.DtlsHandshake;

        var restarted = IceCredentials.Generate();
        pair.LegA.Configure(settings with { LocalIce = restarted });
        Assert.Same(handshake, pair.LegA.DtlsHandshake); // DTLS untouched by an ICE restart
        Assert.True((await browser.CheckAsync(restarted)).Success);
        browser.SendCheck(relayIce);
        await LegNet.WaitUntilAsync(() => pair.LegA.AuthenticationFailures == 1, "the old ufrag is refused");

        var rtp = LegNet.Rtp(1, 0xA);
        browser.SendMedia(rtp, isRtcp: false);
        Assert.Equal(rtp, (await pair.ClientB.ReceiveAsync()).Data);
    }

    [Fact]
    public async Task Configure_NewRemoteFingerprint_NewHandshakeNewKeys()
    {
        await using var pair = LegPair.Create();
        await using var browser = new LegTestBrowser(pair.LegA.LocalRtpEndPoint);
        var relayIce = IceCredentials.Generate();
        var settings = WebRtc(browser, relayIce);
        await ConnectAsync(pair, browser, settings);
        var firstKeys = browser.Keys!;

        // Same settings: the handshake stays.
        var handshake = pair.LegA.DtlsHandshake;
        pair.LegA.Configure(settings);
        Assert.Same(handshake, pair.LegA.DtlsHandshake);

        // The browser re-offers with a new certificate: a new handshake, new keys, media flows with them.
        var newCertificate = DtlsCertificate.Generate();
        pair.LegA.Configure(settings with { RemoteFingerprints = [newCertificate.Fingerprint] });
        Assert.NotSame(handshake, pair.LegA.DtlsHandshake);
        await browser.HandshakeAsync(RelayCertificate.Fingerprint, certificate: newCertificate);
        Assert.False(firstKeys.LocalMasterKey.Span.SequenceEqual(browser.Keys!.LocalMasterKey.Span));
        await LegNet.WaitUntilAsync(() => pair.LegA.GetStatistics().DtlsConnected, "leg A installs the new keys");

        await AssertMediaBothWaysAsync(pair, browser);
    }

    [Fact]
    public async Task Dtls_RelayAsClient_HandshakeStartsOnceIceNominated()
    {
        await using var pair = LegPair.Create();
        await using var browser = new LegTestBrowser(pair.LegA.LocalRtpEndPoint);
        var relayIce = IceCredentials.Generate();
        pair.LegA.Configure(WebRtc(browser, relayIce) with { DtlsRole = DtlsRole.Client });
        pair.LegB.Configure(LegPair.Plain(pair.ClientB, null));

        var serverSide = browser.HandshakeAsync(RelayCertificate.Fingerprint, DtlsRole.Server);
        Assert.True((await browser.CheckAsync(relayIce)).Success); // from now on the ClientHello can reach the browser
        await serverSide;
        await LegNet.WaitUntilAsync(() => pair.LegA.GetStatistics().DtlsConnected, "leg A installs the DTLS keys");

        await AssertMediaBothWaysAsync(pair, browser);
    }

    [Fact]
    public async Task Ice_ConsentExpired_SendingStopsUntilIceRestart()
    {
        var time = new FakeTimeProvider();
        await using var pair = LegPair.Create(timeProvider: time);
        await using var browser = new LegTestBrowser(pair.LegA.LocalRtpEndPoint);
        var relayIce = IceCredentials.Generate();
        var settings = new MediaLegSettings { Protocol = "RTP/AVPF", LocalIce = relayIce, RemoteIce = browser.Ice, RtcpMux = true };
        pair.LegA.Configure(settings);
        pair.LegB.Configure(LegPair.Plain(pair.ClientB, null));
        Assert.True((await browser.CheckAsync(relayIce)).Success);

        var back = LegNet.Rtp(1, 0xB);
        pair.ClientB.SendTo(back, pair.LegB.LocalRtpEndPoint);
        Assert.Equal(back, await browser.ReceiveMediaAsync());

        // RFC 7675 §5.1: no check for 30 s, consent is gone, nothing more is sent.
        time.Advance(TimeSpan.FromSeconds(31));
        Assert.False(pair.LegA.GetStatistics().IceConnected);
        pair.ClientB.SendTo(LegNet.Rtp(2, 0xB), pair.LegB.LocalRtpEndPoint);
        await LegNet.WaitUntilAsync(() => pair.LegA.NotReady == 1, "leg A stops sending");
        Assert.False(browser.HasPendingMedia);

        // An ICE restart brings it back.
        var restarted = IceCredentials.Generate();
        pair.LegA.Configure(settings with { LocalIce = restarted });
        Assert.True((await browser.CheckAsync(restarted)).Success);
        var again = LegNet.Rtp(3, 0xB);
        pair.ClientB.SendTo(again, pair.LegB.LocalRtpEndPoint);
        Assert.Equal(again, await browser.ReceiveMediaAsync());
    }

    [Fact]
    public async Task Dtls_WithoutIce_AnswersWhereTheHandshakeComesFromThenSrtpLatches()
    {
        await using var pair = LegPair.Create();
        await using var endpoint = new LegTestBrowser(pair.LegA.LocalRtpEndPoint); // a SIP DTLS-SRTP endpoint, no ICE
        using var stale = LegNet.Bind(); // what its SDP says (behind NAT, not where it really is)
        pair.LegA.Configure(WebRtc(endpoint, IceCredentials.Generate()) with
        {
            Protocol = "UDP/TLS/RTP/SAVP",
            LocalIce = null,
            RemoteIce = null,
            RemoteRtp = stale.EndPoint(),
        });
        pair.LegB.Configure(LegPair.Plain(pair.ClientB, null));

        await endpoint.HandshakeAsync(RelayCertificate.Fingerprint);
        await LegNet.WaitUntilAsync(() => pair.LegA.GetStatistics().DtlsConnected, "leg A installs the DTLS keys");
        Assert.Equal(0, stale.Available);
        Assert.False(pair.LegA.GetStatistics().Latched);

        var rtp = LegNet.Rtp(1, 0xA);
        endpoint.SendMedia(rtp, isRtcp: false);
        Assert.Equal(rtp, (await pair.ClientB.ReceiveAsync()).Data);
        var stats = pair.LegA.GetStatistics();
        Assert.True(stats.Latched);
        Assert.Equal(endpoint.Socket.EndPoint(), stats.RemoteEndPoint);
        var back = LegNet.Rtp(1, 0xB);
        pair.ClientB.SendTo(back, pair.LegB.LocalRtpEndPoint);
        Assert.Equal(back, endpoint.Unprotect(await endpoint.ReceiveMediaAsync(), isRtcp: false));
        Assert.False(stats.IceConnected);
    }

    [Fact]
    public async Task Ice_SeparateRtcpComponent_EachComponentNominatedOnItsSocket()
    {
        await using var pair = LegPair.Create(separateRtcp: true);
        await using var rtpSide = new LegTestBrowser(pair.LegA.LocalRtpEndPoint);
        await using var rtcpSide = new LegTestBrowser(pair.LegA.LocalRtcpEndPoint!, rtpSide.Ice); // component 2
        var relayIce = IceCredentials.Generate();
        pair.LegA.Configure(new MediaLegSettings { Protocol = "RTP/AVP", LocalIce = relayIce, RemoteIce = rtpSide.Ice, RtcpMux = false });
        pair.LegB.Configure(LegPair.Plain(pair.ClientB, pair.ClientBRtcp));

        Assert.True((await rtpSide.CheckAsync(relayIce)).Success);
        Assert.True((await rtcpSide.CheckAsync(relayIce)).Success);

        var rtcp = LegNet.Rtcp(0xA);
        rtcpSide.Socket.SendTo(rtcp, pair.LegA.LocalRtcpEndPoint!);
        Assert.Equal(rtcp, (await pair.ClientBRtcp!.ReceiveAsync()).Data);
        var rtcpBack = LegNet.Rtcp(0xB, marker: 2);
        pair.ClientBRtcp!.SendTo(rtcpBack, pair.LegB.LocalRtcpEndPoint!);
        Assert.Equal(rtcpBack, await rtcpSide.ReceiveMediaAsync());

        // RTCP from the RTP component's address on the RTCP socket was not nominated there: dropped.
        rtpSide.Socket.SendTo(LegNet.Rtcp(0xA, marker: 5), pair.LegA.LocalRtcpEndPoint!);
        await LegNet.WaitUntilAsync(() => pair.LegA.WrongSource == 1, "the un-nominated RTCP source is dropped");
        var rtp = LegNet.Rtp(1, 0xA);
        rtpSide.Socket.SendTo(rtp, pair.LegA.LocalRtpEndPoint);
        Assert.Equal(rtp, (await pair.ClientB.ReceiveAsync()).Data);
    }

    /// <summary>Configures leg A with <paramref name="settings"/> (its ICE credentials are the relay's) toward the browser and leg B plain, then runs ICE and DTLS until leg A has its keys.</summary>
    private static async Task ConnectAsync(LegPair pair, LegTestBrowser browser, MediaLegSettings settings)
    {
        pair.LegA.Configure(settings);
        pair.LegB.Configure(LegPair.Plain(pair.ClientB, null));
        Assert.True((await browser.CheckAsync(settings.LocalIce!)).Success);
        await browser.HandshakeAsync(RelayCertificate.Fingerprint);
        await LegNet.WaitUntilAsync(() => pair.LegA.GetStatistics().DtlsConnected, "leg A installs the DTLS keys");
    }

    /// <summary>One SRTP packet browser → plain party arrives decrypted, one plain packet back arrives authenticated.</summary>
    private static async Task AssertMediaBothWaysAsync(LegPair pair, LegTestBrowser browser)
    {
        var rtp = LegNet.Rtp(1, 0xA);
        browser.SendMedia(rtp, isRtcp: false);
        Assert.Equal(rtp, (await pair.ClientB.ReceiveAsync()).Data);
        var back = LegNet.Rtp(1, 0xB);
        pair.ClientB.SendTo(back, pair.LegB.LocalRtpEndPoint);
        Assert.Equal(back, browser.Unprotect(await browser.ReceiveMediaAsync(), isRtcp: false));
    }

    private static MediaLegSettings WebRtc(LegTestBrowser browser, IceCredentials relayIce) => new()
    {
        Protocol = "UDP/TLS/RTP/SAVPF",
        Security = MediaLegSecurity.Dtls,
        DtlsRole = DtlsRole.Server,
        DtlsCertificate = RelayCertificate,
        RemoteFingerprints = [browser.Certificate.Fingerprint],
        LocalIce = relayIce,
        RemoteIce = browser.Ice,
        RtcpMux = true,
    };
}
