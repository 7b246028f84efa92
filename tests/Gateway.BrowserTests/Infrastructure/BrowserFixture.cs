using Microsoft.Playwright;

namespace Gateway.BrowserTests.Infrastructure;

/// <summary>
/// One Playwright driver and one Chromium for the whole collection (starting a browser costs seconds on a busy
/// two-core machine); each test opens its own context, so cookies, storage and permissions never leak between tests.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The running browser.</summary>
    public IBrowser Browser => _browser ?? throw new InvalidOperationException(Chromium.SkipReason ?? "The browser did not start.");

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        // Generous but bounded: colleagues build on the same two cores.
        Assertions.SetDefaultExpectTimeout(20_000);
        if (Chromium.SkipReason is not null) return;
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.ExecutablePath,
            Args = Chromium.Arguments,
            Headless = true,
            Timeout = 60_000,
        });
    }

    /// <summary>A fresh context that trusts the sample's self-signed certificate and may use the (fake) microphone.</summary>
    public async Task<IBrowserContext> NewContextAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            IgnoreHTTPSErrors = true,
            ViewportSize = new ViewportSize { Width = 900, Height = 1000 },
        });
        context.SetDefaultTimeout(20_000);
        return context;
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
    }
}
