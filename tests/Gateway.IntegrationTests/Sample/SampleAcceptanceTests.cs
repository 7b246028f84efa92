using System.Globalization;
using System.Text.Json;
using Gateway.Core.Transport;
using Gateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests.Sample;

/// <summary>
/// The "[sample]" acceptance list with the real sipp over UDP against the sample composed as Program.cs composes it:
/// the tutorial's refusals (483, 403 relay, 403 preload, 503 PUBLISH, 404, 484), REGISTER / re-register / unregister
/// checked through the management endpoint, CANCEL while ringing, and 408 from a callee that rings forever with
/// fr_inv_timeout shortened by configuration. One sample host serves the whole class.
/// </summary>
public sealed class SampleAcceptanceTests(SampleAcceptanceTests.HostFixture fixture, ITestOutputHelper output) : IClassFixture<SampleAcceptanceTests.HostFixture>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private SampleHost Host => fixture.Host;

    private string Gateway => "127.0.0.1:" + Port(Host.Port(SipTransportKind.Udp));

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private async Task<int> RunUacAsync(string scenario, string user, params string[] extra)
    {
        string[] local = Array.IndexOf(extra, "-p") >= 0 ? [] : ["-p", Port(Sipp.FreePort())];
        await using var sipp = Sipp.Start([Gateway, "-sf", Sipp.Scenario(scenario), "-i", "127.0.0.1", .. local, "-t", "u1", "-s", user, "-m", "1", "-timeout", "20s", .. extra]);
        var code = await sipp.WaitAsync(Limit);
        if (code != 0) output.WriteLine(sipp.Output);
        return code;
    }

    private async Task<int> WaitAsync(Sipp sipp)
    {
        var code = await sipp.WaitAsync(Limit);
        if (code != 0) output.WriteLine(sipp.Output);
        return code;
    }

    [Theory]
    [InlineData("uac-483.xml", "bob", "483 Too Many Hops")]
    [InlineData("uac-403-relay.xml", "bob", "403 Relay Forbidden")]
    [InlineData("uac-403-preload.xml", "bob", "403 Preload Route denied")]
    [InlineData("uac-503-publish.xml", "bob", "503 Service Unavailable")]
    [InlineData("uac-404.xml", "nobody", "404 Not Found")]
    [InlineData("uac-484.xml", "bob", "484 Address Incomplete")]
    public async Task Refusal_SippGetsTheTutorialsReply(string scenario, string user, string reply)
    {
        Assert.Equal(0, await RunUacAsync(scenario, user));

        // The routing decision is logged at Debug, one line per request.
        var status = reply[..3];
        var line = await Host.Logs.WaitForAsync(l => l.Level == LogLevel.Debug && l.Category.EndsWith("RoutingLogMiddleware", StringComparison.Ordinal) && l.Message.Contains("replied " + reply, StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        Assert.True(line is not null, "no routing-decision line for " + status);
    }

    [Fact]
    public async Task Register_ReRegister_Unregister_BindingVisibleThenGone()
    {
        var uasPort = Sipp.FreePort();

        // Register (200 with the binding's expires), a refresh below Min-Expires (423), then register again.
        Assert.Equal(0, await RunUacAsync("uac-register.xml", "dave", "-key", "uas", "127.0.0.1:" + Port(uasPort)));
        var json = JsonDocument.Parse((await Host.GetAsync("/registrations?aor=sip:dave@127.0.0.1")).Body).RootElement;
        Assert.Equal(1, json.GetProperty("bindings").GetInt32());
        var contact = json.GetProperty("items")[0].GetProperty("contacts")[0];
        Assert.Equal("sip:dave@127.0.0.1:" + Port(uasPort), contact.GetProperty("contact").GetString());
        Assert.InRange(contact.GetProperty("expiresInSeconds").GetInt64(), 590, 600);
        Assert.NotNull(await Host.Logs.WaitForAsync(l => l.Message.Contains("REGISTER", StringComparison.Ordinal) && l.Message.Contains("registered (200)", StringComparison.Ordinal), TimeSpan.FromSeconds(5)));

        Assert.Equal(0, await RunUacAsync("uac-unregister.xml", "dave"));
        json = JsonDocument.Parse((await Host.GetAsync("/registrations?aor=sip:dave@127.0.0.1")).Body).RootElement;
        Assert.Equal(0, json.GetProperty("bindings").GetInt32());
    }

    [Fact]
    public async Task CancelWhileRinging_487ToCaller_CalleeCancelled_CallLogged()
    {
        var uasPort = Sipp.FreePort();
        Assert.Equal(0, await RunUacAsync("uac-register.xml", "erin", "-p", Port(uasPort), "-key", "uas", "127.0.0.1:" + Port(uasPort)));
        await using var uas = Sipp.Start("-sf", Sipp.Scenario("uas-cancel.xml"), "-i", "127.0.0.1", "-p", Port(uasPort), "-t", "u1", "-m", "1", "-timeout", "20s");
        await Task.Delay(300);
        Assert.Equal(0, await RunUacAsync("uac-cancel.xml", "erin"));
        Assert.Equal(0, await WaitAsync(uas));

        var ended = await Host.Logs.WaitForAsync(l => l.Level == LogLevel.Information && l.Message.Contains("erin", StringComparison.Ordinal) && l.Message.Contains("not answered", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        Assert.True(ended is not null, "no call-end line");
        Assert.Equal(0, JsonDocument.Parse((await Host.GetAsync("/calls")).Body).RootElement.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task CalleeRingsForever_408AfterConfiguredInviteTimeout()
    {
        var uasPort = Sipp.FreePort();
        Assert.Equal(0, await RunUacAsync("uac-register.xml", "frank", "-p", Port(uasPort), "-key", "uas", "127.0.0.1:" + Port(uasPort)));

        // The callee rings and waits for the CANCEL that fr_inv_timeout (2 s here, by configuration) makes the proxy send.
        await using var uas = Sipp.Start("-sf", Sipp.Scenario("uas-cancel.xml"), "-i", "127.0.0.1", "-p", Port(uasPort), "-t", "u1", "-m", "1", "-timeout", "20s");
        await Task.Delay(300);
        var started = DateTime.UtcNow;
        Assert.Equal(0, await RunUacAsync("uac-ring-408.xml", "frank"));
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(15));
        Assert.Equal(0, await WaitAsync(uas));
        Assert.NotNull(await Host.Logs.WaitForAsync(l => l.Message.Contains("frank", StringComparison.Ordinal) && l.Message.Contains("408", StringComparison.Ordinal), TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Statistics_AfterTraffic_RequestsAndRepliesCounted()
    {
        Assert.Equal(0, await RunUacAsync("uac-404.xml", "nobody"));
        var sip = JsonDocument.Parse((await Host.GetAsync("/statistics")).Body).RootElement.GetProperty("sip");
        Assert.True(sip.GetProperty("requestsReceived").GetProperty("INVITE").GetInt64() >= 1);
        Assert.True(sip.GetProperty("requestsReceived").GetProperty("ACK").GetInt64() >= 1);
        Assert.True(sip.GetProperty("responsesSent").GetProperty("4xx").GetInt64() >= 1);
        Assert.True(sip.GetProperty("responsesSent").GetProperty("1xx").GetInt64() >= 1);
    }

    /// <summary>One sample host for the class, with the tm timers shortened on the command line.</summary>
    public sealed class HostFixture : IAsyncLifetime
    {
        private SampleHost? _host;

        internal SampleHost Host => _host ?? throw new InvalidOperationException("Not started.");

        public async Task InitializeAsync() =>
            _host = await SampleHost.StartAsync("--Gateway:Transactions:FinalResponseTimeout=00:00:02", "--Gateway:Transactions:InviteFinalResponseTimeout=00:00:02");

        public async Task DisposeAsync()
        {
            if (_host is not null) await _host.DisposeAsync();
        }
    }
}
