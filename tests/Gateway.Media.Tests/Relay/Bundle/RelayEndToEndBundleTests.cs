using System.Buffers.Binary;
using System.Net;
using System.Text;
using Gateway.Core.Media;
using Gateway.Media.Dtls;
using Gateway.Media.Ice;
using Gateway.Media.Sdp;
using Gateway.Media.Tests.Relay.EndToEnd;
using Gateway.Media.Tests.Relay.Legs;

namespace Gateway.Media.Tests.Relay.Bundle;

/// <summary>
/// A bundling browser (Chromium's audio+video offer with the test browser's ICE credentials and certificate) calls a
/// phone with an audio and a video port pair through the relay over real loopback sockets: ICE, DTLS and SRTP for
/// both m-lines on ONE browser socket, each m-line's packets at its own phone socket and back.
/// </summary>
public sealed class RelayEndToEndBundleTests
{
    private const string ToPhone = "RTP/AVP replace-session-connection replace-origin ICE=remove";
    private const string ToBrowser = "UDP/TLS/RTP/SAVPF ICE=force";
    private const uint AudioSsrc = BundleSdp.ChromiumAudioSsrc;
    private const uint VideoSsrc = BundleSdp.ChromiumVideoSsrc;
    private const ushort ProbeSequence = 60000;

    public enum Demux
    {
        /// <summary>The offer has a=ssrc lines.</summary>
        Ssrc,

        /// <summary>No a=ssrc lines; packets carry the MID header extension (one-byte form).</summary>
        Mid,

        /// <summary>No a=ssrc lines and no MID extension: the payload types tell the m-lines apart.</summary>
        PayloadType,
    }

    [Theory]
    [InlineData(Demux.Ssrc)]
    [InlineData(Demux.Mid)]
    [InlineData(Demux.PayloadType)]
    public async Task BrowserCallsPhone_AudioAndVideoOnOneSocket_EachMLineReachesItsPhoneSocketAndBack(Demux demux)
    {
        await using var relay = await EndToEndRelay.StartAsync(overNg: false);
        using var audioPhone = new PlainPhone();
        using var videoPhone = new PlainPhone();
        var browserIce = IceCredentials.Generate();
        var browserCertificate = DtlsCertificate.Generate();
        var callId = "e2e-bundle-" + Guid.NewGuid().ToString("N");
        var withMid = demux == Demux.Mid;

        var toPhone = await relay.OfferAsync(new MediaSessionKey(callId, "browser"), BrowserOffer(browserIce, browserCertificate, demux), ToPhone);
        var (audioSendsTo, _) = relay.RelayEndPoints(toPhone, 0);
        var (videoSendsTo, _) = relay.RelayEndPoints(toPhone, 1);
        Assert.NotEqual(audioSendsTo, videoSendsTo);

        var phoneSdp = BundleSdp.PlainAudioVideo(audioPhone.RtpEndPoint.Port, audioPhone.RtcpEndPoint.Port, videoPhone.RtpEndPoint.Port, videoPhone.RtcpEndPoint.Port);
        var toBrowser = await relay.AnswerAsync(new MediaSessionKey(callId, "browser", "phone"), phoneSdp, ToBrowser);
        Assert.Equal(toBrowser.Media[0].Port, toBrowser.Media[1].Port);
        Assert.Contains(toBrowser.Groups, g => g.IsBundle);
        var (browserSendsTo, _) = relay.RelayEndPoints(toBrowser);

        await using var browser = new LegTestBrowser(browserSendsTo, browserIce);
        var media = toBrowser.Media[0];
        var (success, _) = await browser.CheckAsync(new IceCredentials(media.IceUfrag!, media.IcePwd!));
        Assert.True(success);
        Assert.True(DtlsFingerprint.TryParse(media.Fingerprint!.ToString(), out var relayFingerprint));
        await browser.HandshakeAsync(relayFingerprint, media.Setup == SdpSetup.Active ? DtlsRole.Server : DtlsRole.Client, browserCertificate);
        await ProbeUntilKeyedAsync(browser, audioPhone, withMid);

        // Browser -> phone: audio and video interleaved on the one socket, each at its own phone socket, decrypted.
        for (ushort seq = 1; seq <= 5; seq++)
        {
            var audio = Rtp(seq, AudioSsrc, 111, withMid ? "0" : null);
            var video = Rtp(seq, VideoSsrc, 96, withMid ? "1" : null, fill: 9);
            browser.SendMedia(audio, isRtcp: false);
            browser.SendMedia(video, isRtcp: false);
            Assert.Equal(audio, await ReceiveMediaAsync(audioPhone));
            Assert.Equal(video, await ReceiveMediaAsync(videoPhone));
        }

        // Phone -> browser: from the phone's two sockets to the relay's two ports, out of the browser's one.
        var audioBack = Rtp(1, 0xA0A0A0A0, 0, null, fill: 1);
        var videoBack = Rtp(1, 0xB0B0B0B0, 96, null, fill: 2);
        audioPhone.Rtp.SendTo(audioBack, audioSendsTo);
        videoPhone.Rtp.SendTo(videoBack, videoSendsTo);
        var received = new Dictionary<uint, byte[]>();
        for (var i = 0; i < 2; i++)
        {
            var plain = browser.Unprotect(await browser.ReceiveMediaAsync(), isRtcp: false); // authenticates
            received[BinaryPrimitives.ReadUInt32BigEndian(plain.AsSpan(8))] = plain;
        }

        Assert.Equal(audioBack, received[0xA0A0A0A0]);
        Assert.Equal(videoBack, received[0xB0B0B0B0]);

        // RTCP: a sender report from the video SSRC reaches the phone's video RTCP socket, a receiver report from the
        // audio SSRC its audio RTCP socket.
        var videoReport = SenderReport(VideoSsrc);
        browser.SendMedia(videoReport, isRtcp: true);
        Assert.Equal(videoReport, (await videoPhone.Rtcp.ReceiveAsync()).Data);
        var audioReport = LegNet.Rtcp(AudioSsrc);
        browser.SendMedia(audioReport, isRtcp: true);
        Assert.Equal(audioReport, (await audioPhone.Rtcp.ReceiveAsync()).Data);

        // A compound of both: split, each part to its m-line's phone.
        var compound = videoReport.Concat(audioReport).ToArray();
        browser.SendMedia(compound, isRtcp: true);
        Assert.Equal(videoReport, (await videoPhone.Rtcp.ReceiveAsync()).Data);
        Assert.Equal(audioReport, (await audioPhone.Rtcp.ReceiveAsync()).Data);

        // An SSRC no m-line claims (no a=ssrc, no MID, a payload type of neither m-line): counted and dropped.
        var errorsBefore = await BrowserErrorsAsync(relay, callId);
        browser.SendMedia(Rtp(1, 0x0BADF00D, 50, null), isRtcp: false);
        await WaitForAsync(async () => await BrowserErrorsAsync(relay, callId) == errorsBefore + 1, "the unknown SSRC is counted");

        // Per-m-line counters: the video m-line counts its own packets only (5 RTP, the SR, the SR part of the compound); nothing was forwarded twice.
        var info = await relay.Relay.QueryAsync(new MediaSessionKey(callId, "browser"));
        Assert.NotNull(info);
        var browserVideo = Assert.Single(info.Streams, s => s.Tag == "browser" && s.MediaIndex == 1);
        var browserAudio = Assert.Single(info.Streams, s => s.Tag == "browser" && s.MediaIndex == 0);
        Assert.Equal(7, browserVideo.PacketsReceived);
        Assert.Equal(1, browserVideo.PacketsSent);
        Assert.Equal(1, browserAudio.PacketsSent);
        Assert.Equal(browserAudio.LocalEndPoint, browserVideo.LocalEndPoint);
        await Task.Delay(50);
        Assert.Equal(0, audioPhone.Rtp.Available);
        Assert.Equal(0, videoPhone.Rtp.Available);
        Assert.False(browser.HasPendingMedia);

        Assert.True(await relay.Relay.DeleteAsync(new MediaSessionKey(callId, "browser")));
        Assert.Equal(0, relay.Engine.Ports.InUse);
        Assert.True(RelayTestPorts.CanBind(browserSendsTo.Port));
    }

    /// <summary>Chromium's audio+video offer carrying this browser's ICE credentials, certificate and a host candidate.</summary>
    private static string BrowserOffer(IceCredentials ice, DtlsCertificate certificate, Demux demux)
    {
        var sdp = BundleSdp.Chromium(ssrcs: demux == Demux.Ssrc, midExtension: demux != Demux.PayloadType);
        foreach (var media in sdp.Media)
        {
            media.IceUfrag = ice.UsernameFragment;
            media.IcePwd = ice.Password;
            media.Attributes.Replace("fingerprint", new SdpAttribute("fingerprint", certificate.Fingerprint.HashFunctionName + " " + certificate.Fingerprint.HexValue));
            media.Attributes.Add(new SdpAttribute("candidate", "1 1 udp 2122260223 127.0.0.1 9 typ host generation 0"));
        }

        return sdp.ToString();
    }

    /// <summary>An RTP packet with a payload type, an SSRC and, when <paramref name="mid"/> is given, the MID header extension (id 4, one-byte form).</summary>
    private static byte[] Rtp(ushort sequence, uint ssrc, int payloadType, string? mid, int payload = 120, byte fill = 0)
    {
        var extension = mid is null ? 0 : 4 + (((1 + mid.Length) + 3) / 4 * 4);
        var packet = new byte[12 + extension + payload];
        packet[0] = (byte)(mid is null ? 0x80 : 0x90);
        packet[1] = (byte)payloadType;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), sequence * 960u);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        if (mid is not null)
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(12), 0xBEDE);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(14), (ushort)((extension - 4) / 4));
            packet[16] = (byte)((4 << 4) | (mid.Length - 1));
            Encoding.ASCII.GetBytes(mid, packet.AsSpan(17));
        }

        for (var i = 12 + extension; i < packet.Length; i++) packet[i] = (byte)((i * 5) + sequence + fill);
        return packet;
    }

    /// <summary>An RTCP sender report without report blocks.</summary>
    private static byte[] SenderReport(uint ssrc)
    {
        var packet = new byte[28];
        packet[0] = 0x80;
        packet[1] = 200;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 6);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), ssrc);
        for (var i = 8; i < packet.Length; i++) packet[i] = (byte)(i * 3);
        return packet;
    }

    /// <summary>The next RTP packet at a phone that is not a probe.</summary>
    private static async Task<byte[]> ReceiveMediaAsync(PlainPhone phone)
    {
        while (true)
        {
            var (data, _) = await phone.Rtp.ReceiveAsync();
            if (BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(2)) < ProbeSequence) return data;
        }
    }

    private static async Task<long> BrowserErrorsAsync(EndToEndRelay relay, string callId)
    {
        var info = await relay.Relay.QueryAsync(new MediaSessionKey(callId, "browser"));
        return Assert.Single(info!.Streams, s => s.Tag == "browser" && s.MediaIndex == 0).Errors;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + LegNet.Timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("Timed out waiting until " + what + ".");
            await Task.Delay(5);
        }
    }

    /// <summary>The relay keys SRTP when the browser's last DTLS flight arrives: audio probes until one reaches the phone.</summary>
    private static async Task ProbeUntilKeyedAsync(LegTestBrowser browser, PlainPhone phone, bool withMid)
    {
        var buffer = new byte[2048];
        var deadline = DateTime.UtcNow + LegNet.Timeout;
        for (var seq = ProbeSequence; DateTime.UtcNow < deadline; seq++)
        {
            browser.SendMedia(Rtp(seq, AudioSsrc, 111, withMid ? "0" : null), isRtcp: false);
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
            try
            {
                await phone.Rtp.ReceiveFromAsync(buffer, System.Net.Sockets.SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), wait.Token);
                return;
            }
            catch (OperationCanceledException)
            {
            }
        }

        Assert.Fail("No SRTP from the browser reached the phone: the relay never keyed SRTP from DTLS.");
    }
}
