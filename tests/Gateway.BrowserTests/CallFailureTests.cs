using Gateway.BrowserTests.Infrastructure;
using Gateway.IntegrationTests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Gateway.BrowserTests;

/// <summary>
/// Calls from the browser that fail without any media: the page shows the final response's status line. The callee
/// is unknown (404 from lookup), busy (a real sipp UAS on UDP answering 486), or registered but silent (408 when the
/// gateway's INVITE times out).
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class CallFailureTests(BrowserFixture browser, ITestOutputHelper output)
{
    private static readonly TimeSpan RegisterLimit = TimeSpan.FromSeconds(10);

    [BrowserFact]
    public async Task Dial_UnknownCallee_Shows404()
    {
        await using var session = await BrowserSession.StartAsync(browser, output, "call-404");
        try
        {
            var phone = await session.OpenAsync("?loopbackOnly=1");
            await phone.RegisterAndExpectAsync(session.Gateway.WsUrl, "alice");

            await phone.DialAsync("nobody");
            await ExpectFailedAsync(phone, 404);
            await phone.ScreenshotAsync("call-404");
        }
        catch
        {
            await session.FailedAsync();
            throw;
        }
    }

    [BrowserFact]
    public async Task Dial_BusyCallee_Shows486()
    {
        await using var session = await BrowserSession.StartAsync(browser, output, "call-486");
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

            uas = Sipp.Start("-sf", Sipp.Scenario("uas-486.xml"), "-i", "127.0.0.1", "-p", SampleGateway.Text(port), "-t", "u1", "-m", "1", "-timeout", "30s");

            var phone = await session.OpenAsync("?loopbackOnly=1");
            await phone.RegisterAndExpectAsync(session.Gateway.WsUrl, "alice");
            await phone.DialAsync("bob");
            await ExpectFailedAsync(phone, 486);
            await phone.ScreenshotAsync("call-486");

            var exit = await uas.WaitAsync(TimeSpan.FromSeconds(20));
            if (exit != 0) output.WriteLine("--- sipp ---\n" + uas.Output);
            Assert.Equal(0, exit);
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
    public async Task Dial_UnansweringCallee_Shows408()
    {
        await using var session = await BrowserSession.StartAsync(browser, output, "call-408");
        using var callee = new UdpSipClient();
        using var stop = new CancellationTokenSource();
        Task? swallowing = null;
        try
        {
            Assert.Equal(200, await callee.RegisterAsync(session.Gateway.SipPort, "carol", RegisterLimit));
            swallowing = callee.SwallowAsync(stop.Token);

            var phone = await session.OpenAsync("?loopbackOnly=1");
            await phone.RegisterAndExpectAsync(session.Gateway.WsUrl, "alice");
            await phone.DialAsync("carol");

            // fr_timeout (5 s by default) with no provisional response: the gateway answers 408.
            await ExpectFailedAsync(phone, 408);
            await phone.ScreenshotAsync("call-408");
            Assert.True(callee.RequestsReceived > 0, "the INVITE never reached the registered callee");
        }
        catch
        {
            await session.FailedAsync();
            throw;
        }
        finally
        {
            await stop.CancelAsync();
            callee.Dispose();
            if (swallowing is not null) await swallowing;
        }
    }

    private static async Task ExpectFailedAsync(WebPhonePage phone, int status)
    {
        var code = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Expect(phone.Call).ToHaveAttributeAsync("data-state", "failed");
        await Expect(phone.Call).ToHaveAttributeAsync("data-status", code);
        await Expect(phone.Error).ToHaveAttributeAsync("data-kind", "call");
        await Expect(phone.Error).ToContainTextAsync("Call failed: " + code);
    }
}
