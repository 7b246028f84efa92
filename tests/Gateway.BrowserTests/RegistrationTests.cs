using Gateway.BrowserTests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Gateway.BrowserTests;

/// <summary>
/// The browser registers over SIP-over-WebSocket (WS from the HTTP page, WSS from the HTTPS page, both served by the
/// sample) and unregisters, clicking through the real page in Chromium.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class RegistrationTests(BrowserFixture browser, ITestOutputHelper output)
{
    [BrowserTheory]
    [InlineData("ws")]
    [InlineData("wss")]
    public async Task Register_OverWebSocket_ShowsRegisteredThenUnregistered(string transport)
    {
        var secure = transport == "wss";
        await using var session = await BrowserSession.StartAsync(browser, output, "register-" + transport);
        try
        {
            var phone = await session.OpenAsync(https: secure);

            // The page prefills the listener that suits its own scheme, from the server's /config.json.
            var server = secure ? session.Gateway.WssUrl : session.Gateway.WsUrl;
            await Expect(phone.Page.Locator("#server")).ToHaveValueAsync(server);

            await phone.RegisterAndExpectAsync(server, "alice");
            await Expect(phone.Connection).ToHaveAttributeAsync("data-state", "connected");
            await Expect(phone.Registration).ToContainTextAsync("sip:alice@127.0.0.1");
            await Expect(phone.Error).ToBeHiddenAsync();
            await phone.ScreenshotAsync("registered-" + transport);

            await phone.Page.Locator("#unregister").ClickAsync();
            await Expect(phone.Registration).ToHaveAttributeAsync("data-state", "unregistered");
            await Expect(phone.Connection).ToHaveAttributeAsync("data-state", "disconnected");
            await phone.ScreenshotAsync("unregistered-" + transport);
        }
        catch
        {
            await session.FailedAsync();
            throw;
        }
    }

    [BrowserFact]
    public async Task Register_GatewayDown_ShowsWebSocketRefused()
    {
        await using var session = await BrowserSession.StartAsync(browser, output, "gateway-down");
        try
        {
            var phone = await session.OpenAsync();
            var server = session.Gateway.WsUrl;
            await session.Gateway.KillAsync();

            await phone.RegisterAsync(server, "alice");
            await Expect(phone.Connection).ToHaveAttributeAsync("data-state", "failed");
            await Expect(phone.Error).ToBeVisibleAsync();
            await Expect(phone.Error).ToHaveAttributeAsync("data-kind", "transport");
            await Expect(phone.Error).ToContainTextAsync("WebSocket connection to " + server + " failed");
            await Expect(phone.Registration).Not.ToHaveAttributeAsync("data-state", "registered");
            await phone.ScreenshotAsync("gateway-down");
        }
        catch
        {
            await session.FailedAsync();
            throw;
        }
    }
}
