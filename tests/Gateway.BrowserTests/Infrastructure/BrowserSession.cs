using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Gateway.BrowserTests.Infrastructure;

/// <summary>
/// One test's world: the sample gateway, a browser context and the pages opened in it. Disposing closes them all;
/// when the test failed (<see cref="FailedAsync"/>), the gateway's log, each page's event log and a screenshot of
/// each page go to the test output first.
/// </summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    private readonly List<WebPhonePage> _pages = [];
    private readonly ITestOutputHelper _output;
    private readonly string _name;

    private BrowserSession(SampleGateway gateway, IBrowserContext context, ITestOutputHelper output, string name)
    {
        Gateway = gateway;
        Context = context;
        _output = output;
        _name = name;
    }

    public SampleGateway Gateway { get; }

    public IBrowserContext Context { get; }

    /// <summary>Starts the sample (with extra <paramref name="settings"/>) and a browser context.</summary>
    public static async Task<BrowserSession> StartAsync(BrowserFixture browser, ITestOutputHelper output, string name, params string[] settings)
    {
        var gateway = await SampleGateway.StartAsync(settings);
        try
        {
            return new BrowserSession(gateway, await browser.NewContextAsync(), output, name);
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens the page over HTTP (or HTTPS) with the query options given, e.g. <c>?autoanswer=1</c>.</summary>
    public async Task<WebPhonePage> OpenAsync(string query = "", bool https = false)
    {
        var page = await WebPhonePage.OpenAsync(Context, (https ? Gateway.HttpsUrl : Gateway.HttpUrl) + query);
        _pages.Add(page);
        return page;
    }

    /// <summary>Writes what helps to understand a failure: the gateway's log, the pages' event logs and screenshots.</summary>
    public async Task FailedAsync()
    {
        _output.WriteLine("--- gateway ---");
        _output.WriteLine(Gateway.Output);
        for (var i = 0; i < _pages.Count; i++)
        {
            _output.WriteLine($"--- page {i} events ---");
            _output.WriteLine(await _pages[i].EventLogAsync());
            var console = _pages[i].ConsoleText;
            if (console.Length > 0) _output.WriteLine($"--- page {i} console ---\n{console}");
            try
            {
                _output.WriteLine("screenshot: " + await _pages[i].ScreenshotAsync($"{_name}-failed-{i}"));
            }
            catch (PlaywrightException e)
            {
                _output.WriteLine("no screenshot: " + e.Message);
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Context.CloseAsync();
        }
        finally
        {
            await Gateway.DisposeAsync();
        }
    }
}
