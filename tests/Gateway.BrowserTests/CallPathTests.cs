using System.Text.RegularExpressions;
using Gateway.BrowserTests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Gateway.BrowserTests;

/// <summary>
/// The page's call path end to end: one browser page dials another (auto-answering) through the gateway, media
/// flows on loopback (ICE candidates restricted by <c>?loopbackOnly=1</c>), mute toggles, the statistics count,
/// and hanging up ends the call on both pages. The sample's in-process relay sits in between (WS to WS flags
/// <c>ICE=force-relay DTLS=passive</c>): both legs are DTLS-SRTP, each page's selected ICE pair ends at a relay port
/// listed by <c>/media</c>, and the media session is gone once the call ended.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class CallPathTests(BrowserFixture browser, ITestOutputHelper output)
{
    private static readonly Regex Positive = new("^[1-9][0-9]*$");
    private static readonly Regex Address = new(".+");

    [BrowserFact]
    public async Task Dial_RegisteredBrowser_ConnectsMutesCountsAndHangsUp()
    {
        await using var session = await BrowserSession.StartAsync(browser, output, "call-browser");
        try
        {
            var bob = await session.OpenAsync("?autoanswer=1&loopbackOnly=1");
            await bob.RegisterAndExpectAsync(session.Gateway.WsUrl, "bob");
            var alice = await session.OpenAsync("?loopbackOnly=1", https: true);
            await alice.RegisterAndExpectAsync(session.Gateway.WssUrl, "alice");

            await alice.DialAsync("bob");
            await Expect(bob.Call).ToHaveAttributeAsync("data-state", "connected");
            await Expect(alice.Call).ToHaveAttributeAsync("data-state", "connected");
            await Expect(alice.Page.Locator("#peer")).ToHaveTextAsync("sip:bob@127.0.0.1");

            // getStats(): audio flows both ways, over a loopback ICE pair.
            foreach (var phone in new[] { alice, bob })
            {
                await Expect(phone.Stats).ToHaveAttributeAsync("data-packets-sent", Positive);
                await Expect(phone.Stats).ToHaveAttributeAsync("data-packets-received", Positive);
                await Expect(phone.Stats).ToHaveAttributeAsync("data-bytes-received", Positive);

                // ?loopbackOnly=1: the SDP each page sent offers 127.0.0.1 only. The browser may still check from its
                // other host addresses (WebRTC has no way to stop that; the far end sees them as peer-reflexive), but
                // every pair then has a 127.0.0.1 end: all media is addressed to or from loopback on this machine.
                await Expect(phone.Call).ToHaveAttributeAsync("data-offered-candidates", "127.0.0.1");
                await Expect(phone.Stats).ToHaveAttributeAsync("data-local-address", Address);
                await Expect(phone.Stats).ToHaveAttributeAsync("data-remote-address", Address);
                var local = await phone.Stats.GetAttributeAsync("data-local-address");
                var remote = await phone.Stats.GetAttributeAsync("data-remote-address");
                output.WriteLine($"ICE pair: {local} -> {remote}");
                Assert.True(local!.StartsWith("127.0.0.1:", StringComparison.Ordinal) || remote!.StartsWith("127.0.0.1:", StringComparison.Ordinal), $"ICE pair {local} -> {remote} has no loopback end");
            }

            // The relay sits in the middle (WS to WS: ICE=force-relay DTLS=passive): both legs are DTLS-SRTP with ICE,
            // and each page's selected pair ends at one of the relay's ports, never at the other page.
            foreach (var phone in new[] { alice, bob }) await MediaExpectations.ExpectMediaFlowsAsync(phone);
            var streams = await MediaExpectations.StreamsAsync(session.Gateway);
            foreach (var stream in streams) output.WriteLine($"relay stream {stream.Protocol} {stream.Local} <-> {stream.Remote}: in {stream.PacketsReceived}, out {stream.PacketsSent}");
            Assert.Equal(2, streams.Count);
            var relayPorts = streams.Select(s => s.Local).ToHashSet();
            var aliceRemote = await alice.Stats.GetAttributeAsync("data-remote-address");
            var bobRemote = await bob.Stats.GetAttributeAsync("data-remote-address");
            Assert.Contains(aliceRemote, relayPorts);
            Assert.Contains(bobRemote, relayPorts);
            Assert.NotEqual(aliceRemote, bobRemote);
            Assert.All(streams, s => Assert.True(s.PacketsReceived > 0 && s.PacketsSent > 0, $"relay stream {s.Local} carried no audio both ways"));

            var mute = alice.Page.Locator("#mute");
            await mute.ClickAsync();
            await Expect(mute).ToHaveAttributeAsync("data-muted", "true");
            await mute.ClickAsync();
            await Expect(mute).ToHaveAttributeAsync("data-muted", "false");
            await alice.ScreenshotAsync("call-browser-connected");

            await alice.Page.Locator("#hangup").ClickAsync();
            await Expect(alice.Call).ToHaveAttributeAsync("data-state", "ended");
            await Expect(bob.Call).ToHaveAttributeAsync("data-state", "ended");
            await Expect(alice.Error).ToBeHiddenAsync();
            Assert.Equal(0, await MediaExpectations.WaitNoSessionAsync(session.Gateway));
            await alice.ScreenshotAsync("call-browser-ended");
            await bob.ScreenshotAsync("call-browser-ended-callee");
        }
        catch
        {
            await session.FailedAsync();
            throw;
        }
    }

    [BrowserFact]
    public async Task Dial_RegisteredBrowserWithVideo_AudioAndVideoFlowBothWaysOverOneBundlePerPage()
    {
        await using var session = await BrowserSession.StartAsync(browser, output, "call-video");
        try
        {
            var bob = await session.OpenAsync("?autoanswer=1&loopbackOnly=1&video=1");
            await bob.RegisterAndExpectAsync(session.Gateway.WsUrl, "vbob");
            var alice = await session.OpenAsync("?loopbackOnly=1&video=1");
            await alice.RegisterAndExpectAsync(session.Gateway.WsUrl, "valice");

            await alice.DialAsync("vbob");
            await Expect(bob.Call).ToHaveAttributeAsync("data-state", "connected");
            await Expect(alice.Call).ToHaveAttributeAsync("data-state", "connected");

            // Both pages bundle (max-bundle): audio and video share one transport per page, the relay demultiplexes
            // them onto the other page's audio and video m-lines, so each kind arrives on each page.
            foreach (var phone in new[] { alice, bob })
            {
                await Expect(phone.Stats).ToHaveAttributeAsync("data-packets-received", Positive);
                await Expect(phone.Stats).ToHaveAttributeAsync("data-video-packets-sent", Positive);
                await Expect(phone.Stats).ToHaveAttributeAsync("data-video-packets-received", Positive);
            }

            var streams = await MediaExpectations.StreamsAsync(session.Gateway);
            foreach (var stream in streams) output.WriteLine($"relay stream {stream.Protocol} {stream.Local} <-> {stream.Remote}: in {stream.PacketsReceived}, out {stream.PacketsSent}");
            Assert.Equal(4, streams.Count);
            Assert.Equal(2, streams.Select(s => s.Local).Distinct().Count());
            Assert.All(streams, s => Assert.True(s.PacketsReceived > 0 && s.PacketsSent > 0, $"relay stream {s.Local} carried nothing one way"));
            await alice.ScreenshotAsync("call-video-connected");

            await alice.Page.Locator("#hangup").ClickAsync();
            await Expect(bob.Call).ToHaveAttributeAsync("data-state", "ended");
            Assert.Equal(0, await MediaExpectations.WaitNoSessionAsync(session.Gateway));
        }
        catch
        {
            await session.FailedAsync();
            throw;
        }
    }
}
