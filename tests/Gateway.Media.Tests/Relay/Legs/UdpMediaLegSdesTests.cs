using System.Security.Cryptography;
using Gateway.Media.Relay;
using Gateway.Media.Srtp;

namespace Gateway.Media.Tests.Relay.Legs;

/// <summary>SDES-SRTP (RTP/SAVP) ⇄ plain RTP/AVP: leg A faces an SRTP party, leg B a plain one.</summary>
public sealed class UdpMediaLegSdesTests
{
    public static TheoryData<string> Suites => new() { "AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32", "AEAD_AES_128_GCM", "AES_256_CM_HMAC_SHA1_80" };

    [Theory]
    [MemberData(nameof(Suites))]
    public async Task Forward_SdesToPlainAndBack_DecryptedAndEncrypted(string suite)
    {
        var profile = Profile(suite);
        await using var pair = LegPair.Create();
        var party = SdesParty.Create(profile);
        pair.LegA.Configure(party.Settings(pair));
        pair.LegB.Configure(LegPair.Plain(pair.ClientB, null));

        for (ushort seq = 1; seq <= 20; seq++)
        {
            var rtp = LegNet.Rtp(seq, 0xAAAA);
            pair.ClientA.SendTo(party.Protect(rtp, isRtcp: false), pair.LegA.LocalRtpEndPoint);
            Assert.Equal(rtp, (await pair.ClientB.ReceiveAsync()).Data);

            var back = LegNet.Rtp(seq, 0xBBBB);
            pair.ClientB.SendTo(back, pair.LegB.LocalRtpEndPoint);
            var (srtp, _) = await pair.ClientA.ReceiveAsync();
            Assert.NotEqual(back, srtp);
            Assert.Equal(back, party.Unprotect(srtp, isRtcp: false));
        }

        var rtcp = LegNet.Rtcp(0xAAAA);
        pair.ClientA.SendTo(party.Protect(rtcp, isRtcp: true), pair.LegA.LocalRtpEndPoint);
        Assert.Equal(rtcp, (await pair.ClientB.ReceiveAsync()).Data);
        var rtcpBack = LegNet.Rtcp(0xBBBB, marker: 4);
        pair.ClientB.SendTo(rtcpBack, pair.LegB.LocalRtpEndPoint);
        Assert.Equal(rtcpBack, party.Unprotect((await pair.ClientA.ReceiveAsync()).Data, isRtcp: true));

        await LegNet.WaitUntilAsync(() => pair.LegA.GetStatistics().PacketsSent == 21, "leg A counted its sends");
        var a = pair.LegA.GetStatistics();
        Assert.Equal(21, a.PacketsReceived);
        Assert.Equal(21, a.PacketsSent);
        Assert.Equal(0, a.Errors);
        Assert.True(a.Latched);
    }

    [Fact]
    public async Task Forward_SdesWithSeparateRtcpSockets_SrtcpOnRtcpPortsBothWays()
    {
        await using var pair = LegPair.Create(separateRtcp: true);
        var party = SdesParty.Create(SrtpProfile.AesCm128HmacSha1Tag80);
        pair.LegA.Configure(party.Settings(pair) with { RtcpMux = false, RemoteRtcp = pair.ClientARtcp!.EndPoint() });
        pair.LegB.Configure(LegPair.Plain(pair.ClientB, pair.ClientBRtcp));
        var clientARtcp = pair.ClientARtcp!;
        var clientBRtcp = pair.ClientBRtcp!;

        for (ushort seq = 1; seq <= 5; seq++)
        {
            var rtp = LegNet.Rtp(seq, 0xAAAA);
            pair.ClientA.SendTo(party.Protect(rtp, isRtcp: false), pair.LegA.LocalRtpEndPoint);
            Assert.Equal(rtp, (await pair.ClientB.ReceiveAsync()).Data);

            var rtcp = LegNet.Rtcp(0xAAAA, marker: (byte)seq);
            clientARtcp.SendTo(party.Protect(rtcp, isRtcp: true), pair.LegA.LocalRtcpEndPoint!);
            var (rtcpAtB, from) = await clientBRtcp.ReceiveAsync();
            Assert.Equal(rtcp, rtcpAtB);
            Assert.Equal(pair.LegB.LocalRtcpEndPoint, from);

            var rtcpBack = LegNet.Rtcp(0xBBBB, marker: (byte)(seq + 50));
            clientBRtcp.SendTo(rtcpBack, pair.LegB.LocalRtcpEndPoint!);
            var (srtcp, srtcpFrom) = await clientARtcp.ReceiveAsync();
            Assert.Equal(pair.LegA.LocalRtcpEndPoint, srtcpFrom);
            Assert.Equal(rtcpBack, party.Unprotect(srtcp, isRtcp: true));
        }

        Assert.Equal(0, pair.LegA.GetStatistics().Errors);
        Assert.Equal(10, pair.LegA.GetStatistics().PacketsReceived);
    }

    [Fact]
    public async Task Receive_ReplayedSrtp_DroppedAndCounted()
    {
        await using var pair = LegPair.Create();
        var party = SdesParty.Create(SrtpProfile.AesCm128HmacSha1Tag80);
        pair.LegA.Configure(party.Settings(pair));
        pair.LegB.Configure(LegPair.Plain(pair.ClientB, null));

        var first = party.Protect(LegNet.Rtp(1, 7), isRtcp: false);
        pair.ClientA.SendTo(first, pair.LegA.LocalRtpEndPoint);
        await pair.ClientB.ReceiveAsync();
        var rtcp = party.Protect(LegNet.Rtcp(7), isRtcp: true);
        pair.ClientA.SendTo(rtcp, pair.LegA.LocalRtpEndPoint);
        await pair.ClientB.ReceiveAsync();

        pair.ClientA.SendTo(first, pair.LegA.LocalRtpEndPoint); // the same SRTP packet again
        pair.ClientA.SendTo(rtcp, pair.LegA.LocalRtpEndPoint);  // the same SRTCP packet again
        var next = LegNet.Rtp(2, 7);
        pair.ClientA.SendTo(party.Protect(next, isRtcp: false), pair.LegA.LocalRtpEndPoint);
        Assert.Equal(next, (await pair.ClientB.ReceiveAsync()).Data); // the replays were not forwarded
        Assert.Equal(2, pair.LegA.Replays);
        Assert.Equal(2, pair.LegA.GetStatistics().Errors);
        await LegNet.WaitUntilAsync(() => pair.LegB.GetStatistics().PacketsSent == 3, "leg B counted its sends");
    }

    [Fact]
    public async Task Receive_SpoofedSourceOnSecureLeg_FailsAuthenticationNotLatchedNotForwarded()
    {
        await using var pair = LegPair.Create();
        using var spoofer = LegNet.Bind();
        var party = SdesParty.Create(SrtpProfile.AesCm128HmacSha1Tag80);
        pair.LegA.Configure(party.Settings(pair) with { RemoteRtp = null }); // nothing known: the first good packet latches
        pair.LegB.Configure(LegPair.Plain(pair.ClientB, null));

        // A forged packet from elsewhere (an attacker has no key) before the party speaks: no latch.
        var forged = LegNet.Rtp(1, 7);
        RandomNumberGenerator.Fill(forged.AsSpan(12));
        spoofer.SendTo(forged, pair.LegA.LocalRtpEndPoint);
        await LegNet.WaitUntilAsync(() => pair.LegA.AuthenticationFailures == 1, "the forged packet fails authentication");
        Assert.False(pair.LegA.GetStatistics().Latched);

        var good = LegNet.Rtp(1, 7);
        pair.ClientA.SendTo(party.Protect(good, isRtcp: false), pair.LegA.LocalRtpEndPoint);
        Assert.Equal(good, (await pair.ClientB.ReceiveAsync()).Data);
        Assert.Equal(pair.ClientA.EndPoint(), pair.LegA.GetStatistics().RemoteEndPoint);

        // The spoofer replays a captured packet from its own address: a replay, dropped, no re-latch.
        var captured = party.Protect(LegNet.Rtp(2, 7), isRtcp: false);
        pair.ClientA.SendTo(captured, pair.LegA.LocalRtpEndPoint);
        await pair.ClientB.ReceiveAsync();
        spoofer.SendTo(captured, pair.LegA.LocalRtpEndPoint);
        var after = LegNet.Rtp(3, 7);
        pair.ClientA.SendTo(party.Protect(after, isRtcp: false), pair.LegA.LocalRtpEndPoint);
        Assert.Equal(after, (await pair.ClientB.ReceiveAsync()).Data);
        Assert.Equal(1, pair.LegA.Replays);
        Assert.Equal(pair.ClientA.EndPoint(), pair.LegA.GetStatistics().RemoteEndPoint);
    }

    [Fact]
    public async Task Configure_NewSdesKeys_FlowContinuesWithNewKeysOldKeysRejected()
    {
        await using var pair = LegPair.Create();
        var party = SdesParty.Create(SrtpProfile.AesCm128HmacSha1Tag80);
        pair.LegA.Configure(party.Settings(pair));
        pair.LegB.Configure(LegPair.Plain(pair.ClientB, null));
        var one = LegNet.Rtp(1, 9);
        pair.ClientA.SendTo(party.Protect(one, isRtcp: false), pair.LegA.LocalRtpEndPoint);
        Assert.Equal(one, (await pair.ClientB.ReceiveAsync()).Data);

        // Same settings again: nothing changes (the inbound context keeps its replay state).
        pair.LegA.Configure(party.Settings(pair));
        var two = LegNet.Rtp(2, 9);
        pair.ClientA.SendTo(party.Protect(two, isRtcp: false), pair.LegA.LocalRtpEndPoint);
        Assert.Equal(two, (await pair.ClientB.ReceiveAsync()).Data);

        // Re-offer with new keys both ways.
        var renewed = SdesParty.Create(SrtpProfile.AeadAes128Gcm);
        pair.LegA.Configure(renewed.Settings(pair));
        var stale = party.Protect(LegNet.Rtp(3, 9), isRtcp: false);
        pair.ClientA.SendTo(stale, pair.LegA.LocalRtpEndPoint);
        var three = LegNet.Rtp(4, 9);
        pair.ClientA.SendTo(renewed.Protect(three, isRtcp: false), pair.LegA.LocalRtpEndPoint);
        Assert.Equal(three, (await pair.ClientB.ReceiveAsync()).Data);
        Assert.Equal(1, pair.LegA.AuthenticationFailures);

        var back = LegNet.Rtp(1, 10);
        pair.ClientB.SendTo(back, pair.LegB.LocalRtpEndPoint);
        Assert.Equal(back, renewed.Unprotect((await pair.ClientA.ReceiveAsync()).Data, isRtcp: false));
    }

    [Fact]
    public async Task Configure_InvalidSettings_Throws()
    {
        await using var pair = LegPair.Create();
        Assert.Throws<ArgumentException>(() => pair.LegA.Configure(new MediaLegSettings { Protocol = "RTP/SAVP", Security = MediaLegSecurity.Sdes }));
        Assert.Throws<ArgumentException>(() => pair.LegA.Configure(new MediaLegSettings { Protocol = "UDP/TLS/RTP/SAVPF", Security = MediaLegSecurity.Dtls }));
        var shortKey = new SdesKey(SrtpProfile.AesCm128HmacSha1Tag80, new byte[15], new byte[14]);
        Assert.Throws<ArgumentException>(() => pair.LegA.Configure(new MediaLegSettings
        {
            Protocol = "RTP/SAVP",
            Security = MediaLegSecurity.Sdes,
            SdesInbound = shortKey,
            SdesOutbound = shortKey,
        }));
        Assert.Throws<ArgumentException>(() => pair.LegA.Configure(new MediaLegSettings
        {
            Protocol = "RTP/AVP",
            LocalIce = Gateway.Media.Ice.IceCredentials.Generate(),
        }));
    }

    private static SrtpProfile Profile(string name) => name switch
    {
        "AES_CM_128_HMAC_SHA1_80" => SrtpProfile.AesCm128HmacSha1Tag80,
        "AES_CM_128_HMAC_SHA1_32" => SrtpProfile.AesCm128HmacSha1Tag32,
        "AEAD_AES_128_GCM" => SrtpProfile.AeadAes128Gcm,
        "AES_256_CM_HMAC_SHA1_80" => SrtpProfile.AesCm256HmacSha1Tag80,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
