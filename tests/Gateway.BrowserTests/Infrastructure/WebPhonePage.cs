using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gateway.BrowserTests.Infrastructure;

/// <summary>The softphone page as a test drives it: fields and buttons by id, states from data-* attributes.</summary>
internal sealed class WebPhonePage
{
    private readonly List<string> _console = [];

    private WebPhonePage(IPage page)
    {
        Page = page;
        page.Console += (_, message) =>
        {
            lock (_console) _console.Add(message.Text);
        };
    }

    /// <summary>What the page wrote to the browser console (JsSIP's SIP trace with <c>?debug=1</c>).</summary>
    public string ConsoleText
    {
        get
        {
            lock (_console) return string.Join('\n', _console);
        }
    }

    /// <summary>The Playwright page.</summary>
    public IPage Page { get; }

    public ILocator Connection => Page.Locator("#connection");

    public ILocator Registration => Page.Locator("#registration");

    public ILocator Call => Page.Locator("#call");

    public ILocator Error => Page.Locator("#error");

    public ILocator Stats => Page.Locator("#stats");

    /// <summary>Opens the page at <paramref name="url"/> (with its query options) and waits until it has read /config.json.</summary>
    public static async Task<WebPhonePage> OpenAsync(IBrowserContext context, string url)
    {
        var page = await context.NewPageAsync();
        var phone = new WebPhonePage(page);
        await page.GotoAsync(url);
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-ready", "true");
        return phone;
    }

    /// <summary>Fills server and user and presses Register (the registration state is then for the caller to expect).</summary>
    public async Task RegisterAsync(string server, string user, string? password = null)
    {
        await Page.Locator("#server").FillAsync(server);
        await Page.Locator("#user").FillAsync(user);
        if (password is not null) await Page.Locator("#password").FillAsync(password);
        await Page.Locator("#register").ClickAsync();
    }

    /// <summary>Registers and waits for the page to show it.</summary>
    public async Task RegisterAndExpectAsync(string server, string user)
    {
        await RegisterAsync(server, user);
        await Expect(Registration).ToHaveAttributeAsync("data-state", "registered");
    }

    /// <summary>Dials <paramref name="target"/>.</summary>
    public async Task DialAsync(string target)
    {
        await Page.Locator("#target").FillAsync(target);
        await Page.Locator("#dial").ClickAsync();
    }

    /// <summary>Saves a full-page screenshot as <c>screenshots/<paramref name="name"/>.png</c> in the test output folder; returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>The page's own event log (newest first), for a failing test's output.</summary>
    public async Task<string> EventLogAsync()
    {
        try
        {
            return await Page.Locator("#log").InnerTextAsync(new LocatorInnerTextOptions { Timeout = 2_000 });
        }
        catch (PlaywrightException e)
        {
            return "(no event log: " + e.Message + ")";
        }
    }
}
