using System.Globalization;
using System.Text.Json;
using Gateway.Core.Messages;
using Gateway.Core.Transport;
using Gateway.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests.Sample;

/// <summary>
/// A call whose media never flows: the sample's relay times the session out (Gateway:Media:MediaTimeout shortened to
/// 2 s on the command line) and the gateway ends the call with a BYE to each party — sipp (UDP caller) answers its
/// BYE, the TCP callee answers its own — then no dialog, call or media session is left.
/// </summary>
public sealed class SampleMediaTimeoutTests(ITestOutputHelper output)
{
    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Call_NoMediaForTheTimeout_GatewaySendsByeToBothParties()
    {
        await using var host = await SampleHost.StartAsync(
            "--Gateway:Media:MinPort=43200", "--Gateway:Media:MaxPort=43299", "--Gateway:Media:Interface=127.0.0.1", "--Gateway:Media:MediaTimeout=00:00:02");
        await using var callee = await SipTestPeer.ConnectAsync(SipTransportKind.Tcp, host.Port(SipTransportKind.Tcp));
        await callee.RegisterAsync("quietbob");

        await using var caller = SampleMediaTests.StartSippUac(host, Sipp.Scenario("uac-media-timeout.xml"), "quietbob", "-mp", Text(SampleMediaTests.FreeEvenUdpPort()));
        var invite = await callee.ReceiveRequestAsync(SipMethod.Invite);
        await callee.SendAsync(SipTestPeer.Answer(invite, "quiet1", callee.ContactUri("quietbob"), callee.Sdp(webRtc: false)));
        Assert.True((await callee.ReceiveRequestAsync(SipMethod.Ack)).Method.IsAck);
        var dialogs = JsonDocument.Parse((await host.GetAsync("/calls")).Body).RootElement.GetProperty("dialogs").GetInt32();
        Assert.Equal(1, dialogs);

        // No RTP from anybody: after the 2 s timeout (checked every second) the gateway hangs up both sides.
        var bye = await callee.ReceiveRequestAsync(SipMethod.Bye);
        output.WriteLine(bye.ToString());
        Assert.Equal(invite.CallId, bye.CallId);
        Assert.Equal(invite.From!.Tag, bye.From!.Tag);
        Assert.Equal("quiet1", bye.To!.Tag);
        Assert.Equal("Q.850;cause=102;text=\"Media timeout\"", bye.Headers.GetFirstValue("Reason"));
        Assert.StartsWith("sip:quietbob@", bye.RequestUriText, StringComparison.Ordinal);
        await callee.SendAsync(SipResponse.CreateFor(bye, 200, "OK"));

        var code = await caller.WaitAsync(TimeSpan.FromSeconds(30));
        output.WriteLine(caller.Output);
        Assert.Equal(0, code);

        // Both answered: the dialog, the call and the media session are gone, and the statistics say why.
        JsonElement statistics = default;
        for (var i = 0; i < 50; i++)
        {
            statistics = JsonDocument.Parse((await host.GetAsync("/statistics")).Body).RootElement.GetProperty("calls");
            if (statistics.GetProperty("mediaTimeouts").GetInt64() == 1) break;
            await Task.Delay(100);
        }

        Assert.Equal(1, statistics.GetProperty("mediaTimeouts").GetInt64());
        Assert.Equal(0, statistics.GetProperty("dialogs").GetInt32());
        Assert.Equal(0, statistics.GetProperty("active").GetInt64());
        Assert.Empty(JsonDocument.Parse((await host.GetAsync("/media")).Body).RootElement.GetProperty("items").EnumerateArray());
        Assert.Contains(host.Logs.Lines, line => line.Message.Contains("media ended (MediaTimeout); BYE sent to both parties (caller answered 200, callee 200)", StringComparison.Ordinal));
    }
}
