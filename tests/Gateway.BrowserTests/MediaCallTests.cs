using Gateway.BrowserTests.Infrastructure;
using Gateway.IntegrationTests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Gateway.BrowserTests;

/// <summary>
/// Calls between the browser and a real sipp phone on UDP, with media through the sample's in-process relay: the
/// browser side is DTLS-SRTP with ICE (the relay answers ICE-lite), the sipp side plain RTP/AVP, and sipp
/// (<c>-rtp_echo</c>) sends back the browser's audio, so the page receives what it sent once it crossed the relay
/// twice. The page's getStats() must show ICE and DTLS connected and packet counts growing both ways; <c>/media</c>
/// must show the relay received from sipp (sipp saw RTP); after the page hangs up the BYE is answered and the media
/// session is gone from <c>/media</c>.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class MediaCallTests(BrowserFixture browser, ITestOutputHelper output)
{
    private static readonly TimeSpan RegisterLimit = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan SippLimit = TimeSpan.FromSeconds(30);

    [BrowserFact]
    public async Task Dial_EchoingSippPhoneOnUdp_MediaFlowsBothWaysAndHangupReleasesRelay()
    {
        await using var session = await BrowserSession.StartAsync(browser, output, "media-to-sipp");
        Sipp? uas = null;
        try
        {
            // bob registers from the port the sipp UAS then listens on.
            int port;
            using (var registration = new UdpSipClient())
            {
                port = registration.Port;
                Assert.Equal(200, await registration.RegisterAsync(session.Gateway.SipPort, "bob", RegisterLimit));
            }

            var mediaPort = Sipp.FreePort();
            uas = Sipp.Start(
                "-sf", Sipp.Scenario("uas-echo.xml"), "-i", "127.0.0.1", "-p", SampleGateway.Text(port), "-t", "u1",
                "-mi", "127.0.0.1", "-mp", SampleGateway.Text(mediaPort), "-rtp_echo", "-m", "1", "-timeout", "60s");

            var phone = await session.OpenAsync("?loopbackOnly=1&debug=1");
            await phone.RegisterAndExpectAsync(session.Gateway.WsUrl, "alice");
            await phone.DialAsync("bob");
            await Expect(phone.Call).ToHaveAttributeAsync("data-state", "connected");

            await MediaExpectations.ExpectMediaFlowsAsync(phone);
            await ExpectRelayedAsync(session.Gateway, phone, mediaPort);
            await phone.ScreenshotAsync("media-to-sipp-connected");

            await phone.Page.Locator("#hangup").ClickAsync();
            await Expect(phone.Call).ToHaveAttributeAsync("data-state", "ended");
            var exit = await uas.WaitAsync(SippLimit);
            if (exit != 0) output.WriteLine("--- sipp ---\n" + uas.Output);
            Assert.Equal(0, exit);
            Assert.Equal(0, await MediaExpectations.WaitNoSessionAsync(session.Gateway));
            await phone.ScreenshotAsync("media-to-sipp-ended");
        }
        catch
        {
            if (uas is not null) output.WriteLine("--- sipp ---\n" + uas.Output);
            await session.FailedAsync();
            throw;
        }
        finally
        {
            if (uas is not null) await uas.DisposeAsync();
        }
    }

    [BrowserFact]
    public async Task Dial_FromSippPhoneOnUdp_PageAutoAnswersAndMediaFlowsBothWays()
    {
        await using var session = await BrowserSession.StartAsync(browser, output, "media-from-sipp");
        Sipp? uac = null;
        try
        {
            var phone = await session.OpenAsync("?autoanswer=1&loopbackOnly=1&debug=1");
            await phone.RegisterAndExpectAsync(session.Gateway.WsUrl, "bob");

            var mediaPort = Sipp.FreePort();
            uac = Sipp.Start(
                "127.0.0.1:" + SampleGateway.Text(session.Gateway.SipPort), "-sf", Sipp.Scenario("uac-echo.xml"), "-s", "bob",
                "-i", "127.0.0.1", "-p", SampleGateway.Text(Sipp.FreePort()), "-t", "u1",
                "-mi", "127.0.0.1", "-mp", SampleGateway.Text(mediaPort), "-rtp_echo", "-m", "1", "-timeout", "60s");

            await Expect(phone.Call).ToHaveAttributeAsync("data-state", "connected");
            await MediaExpectations.ExpectMediaFlowsAsync(phone);
            await ExpectRelayedAsync(session.Gateway, phone, mediaPort);
            await phone.ScreenshotAsync("media-from-sipp-connected");

            await phone.Page.Locator("#hangup").ClickAsync();
            await Expect(phone.Call).ToHaveAttributeAsync("data-state", "ended");
            var exit = await uac.WaitAsync(SippLimit);
            if (exit != 0) output.WriteLine("--- sipp ---\n" + uac.Output);
            Assert.Equal(0, exit);
            Assert.Equal(0, await MediaExpectations.WaitNoSessionAsync(session.Gateway));
            await phone.ScreenshotAsync("media-from-sipp-ended");
        }
        catch
        {
            if (uac is not null) output.WriteLine("--- sipp ---\n" + uac.Output);
            await session.FailedAsync();
            throw;
        }
        finally
        {
            if (uac is not null) await uac.DisposeAsync();
        }
    }

    /// <summary>
    /// The page's selected ICE pair ends at the relay's browser-side port, and the relay received RTP from sipp's
    /// media port (sipp echoed the browser's audio: it saw RTP).
    /// </summary>
    private async Task ExpectRelayedAsync(SampleGateway gateway, WebPhonePage phone, int sippMediaPort)
    {
        var sippEnd = "127.0.0.1:" + SampleGateway.Text(sippMediaPort);
        var streams = await MediaExpectations.WaitStreamsAsync(gateway, all => all.Any(s => s.Remote == sippEnd && s.PacketsReceived > 0));
        foreach (var stream in streams) output.WriteLine($"relay stream {stream.Protocol} {stream.Local} <-> {stream.Remote}: in {stream.PacketsReceived}, out {stream.PacketsSent}");
        var fromSipp = Assert.Single(streams, s => s.Remote == sippEnd);
        Assert.True(fromSipp.PacketsReceived > 0, "the relay received no RTP from sipp");
        Assert.True(fromSipp.PacketsSent > 0, "the relay sent no RTP to sipp");

        var remote = await phone.Stats.GetAttributeAsync("data-remote-address");
        output.WriteLine($"page ICE pair: {await phone.Stats.GetAttributeAsync("data-local-address")} -> {remote}");
        var browserSide = Assert.Single(streams, s => s.Remote != sippEnd);
        Assert.Equal(browserSide.Local, remote);
    }
}
