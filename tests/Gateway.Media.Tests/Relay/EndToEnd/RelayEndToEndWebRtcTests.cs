using System.Net;
using System.Text;
using Gateway.Core.Media;
using Gateway.Media.Dtls;
using Gateway.Media.Ice;
using Gateway.Media.Sdp;
using Gateway.Media.Tests.Relay.Legs;
using Gateway.Media.Tests.Sdp;

namespace Gateway.Media.Tests.Relay.EndToEnd;

/// <summary>
/// A browser (Chromium's offer, with the test browser's real ICE credentials and certificate) calls a SIP phone
/// through the relay with the tutorial's flags: ICE-lite, DTLS-SRTP toward the browser, plain RTP toward the phone.
/// </summary>
public sealed class RelayEndToEndWebRtcTests
{
    private const string ToPhone = "RTP/AVP replace-session-connection replace-origin ICE=remove";
    private const string ToBrowser = "UDP/TLS/RTP/SAVPF ICE=force";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task BrowserCallsPhone_IceDtlsThenSrtp_DecryptedAtPhoneAndEncryptedAtBrowser(bool overNg)
    {
        await using var relay = await EndToEndRelay.StartAsync(overNg);
        using var phone = new PlainPhone();
        var browserIce = IceCredentials.Generate();
        var browserCertificate = DtlsCertificate.Generate();
        var callId = "e2e-webrtc-" + Guid.NewGuid().ToString("N");

        var toPhone = await relay.OfferAsync(new MediaSessionKey(callId, "browser"), ChromiumAudioOffer(browserIce, browserCertificate), ToPhone);
        Assert.Equal("RTP/AVP", toPhone.Media[0].Protocol);
        Assert.Null(toPhone.Media[0].IceUfrag);
        Assert.Null(toPhone.Media[0].Fingerprint);
        var (phoneSendsTo, _) = relay.RelayEndPoints(toPhone);

        var toBrowser = await relay.AnswerAsync(new MediaSessionKey(callId, "browser", "phone"), phone.Sdp(7), ToBrowser);
        var media = toBrowser.Media[0];
        Assert.Equal("UDP/TLS/RTP/SAVPF", media.Protocol);
        Assert.True(media.RtcpMux);
        var (browserSendsTo, _) = relay.RelayEndPoints(toBrowser);
        var relayIce = new IceCredentials(media.IceUfrag ?? toBrowser.IceUfrag!, media.IcePwd ?? toBrowser.IcePwd!);
        var fingerprint = media.Fingerprint ?? toBrowser.Fingerprint;
        Assert.NotNull(fingerprint);
        Assert.True(DtlsFingerprint.TryParse(fingerprint.ToString(), out var relayFingerprint));
        var setup = media.Attributes.GetValue("setup") ?? "passive";

        await using var browser = new LegTestBrowser(browserSendsTo, browserIce);
        var (success, mapped) = await browser.CheckAsync(relayIce);
        Assert.True(success);
        Assert.Equal(browser.Socket.EndPoint(), mapped);
        var role = setup == "active" ? DtlsRole.Server : DtlsRole.Client;
        var keys = await browser.HandshakeAsync(relayFingerprint, role, browserCertificate);
        Assert.Equal(relayFingerprint, keys.RemoteFingerprint);

        // SRTP from the browser arrives decrypted at the phone; the phone's RTP arrives encrypted at the browser.
        // The browser's handshake ends when it sends its last flight; the relay keys SRTP when that flight arrives,
        // so the first packets may precede the keys: probe until one gets through (bounded).
        await ProbeUntilKeyedAsync(browser, phone);
        for (ushort seq = 1; seq <= 10; seq++)
        {
            var rtp = LegNet.Rtp(seq, 0xB0);
            browser.SendMedia(rtp, isRtcp: false);
            var (atPhone, from) = await phone.Rtp.ReceiveAsync();
            Assert.Equal(rtp, atPhone);
            Assert.Equal(phoneSendsTo, from);

            var back = LegNet.Rtp(seq, 0xF0, fill: 3);
            phone.Rtp.SendTo(back, phoneSendsTo);
            var encrypted = await browser.ReceiveMediaAsync();
            Assert.NotEqual(back, encrypted);
            Assert.True(encrypted.Length > back.Length, "SRTP adds an authentication tag");
            Assert.Equal(back, browser.Unprotect(encrypted, isRtcp: false)); // authenticates
        }

        var rtcp = LegNet.Rtcp(0xB0);
        browser.SendMedia(rtcp, isRtcp: true);
        Assert.Equal(rtcp, (await phone.Rtcp.ReceiveAsync()).Data);

        Assert.True(await relay.Relay.DeleteAsync(new MediaSessionKey(callId, "browser")));
        Assert.True(RelayTestPorts.CanBind(browserSendsTo.Port));
        Assert.True(RelayTestPorts.CanBind(phoneSendsTo.Port));
    }

    private static async Task ProbeUntilKeyedAsync(LegTestBrowser browser, PlainPhone phone)
    {
        var buffer = new byte[2048];
        var deadline = DateTime.UtcNow + LegNet.Timeout;
        for (ushort seq = 60000; DateTime.UtcNow < deadline; seq++)
        {
            browser.SendMedia(LegNet.Rtp(seq, 0xB0), isRtcp: false);
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

    /// <summary>Chromium 120's offer, audio only, carrying this browser's ICE credentials and certificate fingerprint.</summary>
    private static string ChromiumAudioOffer(IceCredentials ice, DtlsCertificate certificate)
    {
        var text = Encoding.UTF8.GetString(SdpTestData.Read("browser/chromium-120-offer-audio-video.sdp"));
        var sdp = SessionDescription.Parse(text);
        while (sdp.Media.Count > 1) sdp.Media.RemoveAt(sdp.Media.Count - 1);
        sdp.RemoveGroups();
        var audio = sdp.Media[0];
        var attributes = new List<SdpAttribute>(audio.Attributes);
        audio.Attributes.Clear();
        foreach (var attribute in attributes)
        {
            audio.Attributes.Add(attribute.Name switch
            {
                "ice-ufrag" => new SdpAttribute("ice-ufrag", ice.UsernameFragment),
                "ice-pwd" => new SdpAttribute("ice-pwd", ice.Password),
                "fingerprint" => new SdpAttribute("fingerprint", certificate.Fingerprint.HashFunctionName + " " + certificate.Fingerprint.HexValue),
                _ => attribute,
            });
        }

        audio.Attributes.Add(new SdpAttribute("candidate", "1 1 udp 2122260223 127.0.0.1 9 typ host generation 0"));
        return sdp.ToString();
    }
}
