using Gateway.Core.Proxy;
using Gateway.Core.Transactions;
using Gateway.Core.Transport;
using Gateway.Core.Uris;
using Gateway.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests;

/// <summary>
/// uac → gateway → uas with the real sipp over UDP and TCP: the gateway record-routes and relays statefully, as
/// the tutorial's route{} does, to the UAS(es) a test step chooses.
/// </summary>
public sealed class ProxyCallTests(ITestOutputHelper output)
{
    private static readonly TimeSpan SippLimit = TimeSpan.FromSeconds(40);

    private static Task<GatewayHost> StartGatewayAsync(SipTransportKind kind, int[] uasPorts, Action<SipTransactionOptions>? transactions = null) =>
        GatewayHost.StartAsync(app =>
        {
            app.UseMaxForwards(10);
            app.UseInDialog();
            app.UseCancel();
            app.UseRecordRoute();
            app.Use((ctx, next) =>
            {
                // A stand-in for lookup("location"): the callee's "registered" contacts.
                foreach (var port in uasPorts)
                {
                    ctx.Targets.Add(new SipForwardTarget(SipUri.Parse($"sip:service@127.0.0.1:{port};transport={kind.ToUriParameter()}")));
                }

                return next(ctx);
            });
        }, transactions);

    private static string Transport(SipTransportKind kind) => kind == SipTransportKind.Tcp ? "t1" : "u1";

    private async Task<(int Uac, int Uas)> RunCallAsync(SipTransportKind kind, string uacScenario, string uasScenario, int calls = 1, string[]? extraUac = null, string[]? extraUas = null, Action<SipTransactionOptions>? transactions = null)
    {
        var uasPort = Sipp.FreePort();
        await using var gateway = await StartGatewayAsync(kind, [uasPort], transactions);
        await using var uas = Sipp.Start(["-sf", Sipp.Scenario(uasScenario), "-i", "127.0.0.1", "-p", uasPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "-t", Transport(kind), "-m", calls.ToString(System.Globalization.CultureInfo.InvariantCulture), "-timeout", "30s", .. extraUas ?? []]);
        await Task.Delay(300);
        await using var uac = Sipp.Start(["127.0.0.1:" + gateway.Port(kind), "-sf", Sipp.Scenario(uacScenario), "-i", "127.0.0.1", "-p", Sipp.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), "-t", Transport(kind), "-s", "service", "-m", calls.ToString(System.Globalization.CultureInfo.InvariantCulture), "-timeout", "30s", .. extraUac ?? []]);
        var uacCode = await uac.WaitAsync(SippLimit);
        var uasCode = await uas.WaitAsync(SippLimit);
        if (uacCode != 0 || uasCode != 0)
        {
            output.WriteLine("--- uac ---\n" + uac.Output);
            output.WriteLine("--- uas ---\n" + uas.Output);
        }

        return (uacCode, uasCode);
    }

    [Theory]
    [InlineData(SipTransportKind.Udp)]
    [InlineData(SipTransportKind.Tcp)]
    public async Task FullCall_RecordRouted_BothSidesSucceed(SipTransportKind kind)
    {
        var (uac, uas) = await RunCallAsync(kind, "uac-call.xml", "uas-call.xml");
        Assert.Equal(0, uac);
        Assert.Equal(0, uas);
    }

    [Theory]
    [InlineData(SipTransportKind.Udp)]
    [InlineData(SipTransportKind.Tcp)]
    public async Task CancelWhileRinging_487And200(SipTransportKind kind)
    {
        var (uac, uas) = await RunCallAsync(kind, "uac-cancel.xml", "uas-cancel.xml");
        Assert.Equal(0, uac);
        Assert.Equal(0, uas);
    }

    [Fact]
    public async Task UnresponsiveCallee_408()
    {
        var uasPort = Sipp.FreePort();
        await using var gateway = await StartGatewayAsync(SipTransportKind.Udp, [uasPort], o => o.FinalResponseTimeout = TimeSpan.FromSeconds(2));

        // Nothing listens on the UAS port: every INVITE retransmission is lost; fr_timeout answers 408.
        await using var uac = Sipp.Start(["127.0.0.1:" + gateway.Port(SipTransportKind.Udp), "-sf", Sipp.Scenario("uac-timeout.xml"), "-i", "127.0.0.1", "-p", Sipp.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), "-t", "u1", "-s", "service", "-m", "1", "-timeout", "20s"]);
        var code = await uac.WaitAsync(SippLimit);
        if (code != 0) output.WriteLine(uac.Output);
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task LossyPath_RetransmissionsCompleteTheCalls()
    {
        var (uac, uas) = await RunCallAsync(SipTransportKind.Udp, "uac-call-lossy.xml", "uas-call-lossy.xml", calls: 5, extraUac: ["-r", "2"]);
        Assert.Equal(0, uac);
        Assert.Equal(0, uas);
    }

    [Fact]
    public async Task Forking_TwoCallees_OneAnswersOtherCancelled()
    {
        var answering = Sipp.FreePort();
        var losing = Sipp.FreePort();
        await using var gateway = await StartGatewayAsync(SipTransportKind.Udp, [losing, answering]);
        await using var uasLose = Sipp.Start(["-sf", Sipp.Scenario("uas-busy.xml"), "-i", "127.0.0.1", "-p", losing.ToString(System.Globalization.CultureInfo.InvariantCulture), "-t", "u1", "-m", "1", "-timeout", "30s"]);
        await using var uasWin = Sipp.Start(["-sf", Sipp.Scenario("uas-call.xml"), "-i", "127.0.0.1", "-p", answering.ToString(System.Globalization.CultureInfo.InvariantCulture), "-t", "u1", "-m", "1", "-timeout", "30s"]);
        await Task.Delay(300);
        await using var uac = Sipp.Start(["127.0.0.1:" + gateway.Port(SipTransportKind.Udp), "-sf", Sipp.Scenario("uac-fork.xml"), "-i", "127.0.0.1", "-p", Sipp.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), "-t", "u1", "-s", "service", "-m", "1", "-timeout", "30s"]);
        var codes = new[] { await uac.WaitAsync(SippLimit), await uasWin.WaitAsync(SippLimit), await uasLose.WaitAsync(SippLimit) };
        if (codes.Any(c => c != 0))
        {
            output.WriteLine("--- uac ---\n" + uac.Output + "\n--- winner ---\n" + uasWin.Output + "\n--- loser ---\n" + uasLose.Output);
        }

        Assert.Equal([0, 0, 0], codes);
    }
}
