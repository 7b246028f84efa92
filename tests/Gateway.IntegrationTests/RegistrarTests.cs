using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using Gateway.Core.Messages;
using Gateway.Core.Parsing;
using Gateway.Core.Proxy;
using Gateway.Core.Registrar;
using Gateway.Core.Transport;
using Gateway.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests;

/// <summary>
/// The tutorial's registrar path with real peers: sipp registers over UDP/TCP and is called through lookup; a
/// WebSocket client registers with a <c>.invalid</c> Contact and receives the INVITE over its own connection.
/// </summary>
public sealed class RegistrarTests(ITestOutputHelper output)
{
    private static readonly SipFlag DstWs = SipFlag.Define("DST_WS");
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(40);

    private static Task<GatewayHost> StartAsync() => GatewayHost.StartAsync(app =>
    {
        app.UseMaxForwards(10);
        app.UseInDialog();
        app.UseCancel();
        app.UseRelayForbidden();
        app.UseRejectPreloadedRoute();
        app.UseRecordRoute(SipMethod.Register, SipMethod.Message);
        app.UseRegistrar(ctx =>
        {
            if (ctx.IsWebSocket) ctx.BranchFlags.Set(DstWs);
        });
        app.UseLocationLookup();
    });

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private async Task<int> RunAsync(Sipp sipp)
    {
        var code = await sipp.WaitAsync(Limit);
        if (code != 0) output.WriteLine(sipp.Output);
        return code;
    }

    [Fact]
    public async Task Udp_Register_ThenCallReachesTheUas_UnknownUser404_Unregister404()
    {
        await using var gateway = await StartAsync();
        var gw = "127.0.0.1:" + Port(gateway.Port(SipTransportKind.Udp));
        var uasPort = Sipp.FreePort();

        // The UA registers from the port it will take calls on (fix_nated_register stores that source address).
        await using (var register = Sipp.Start(gw, "-sf", Sipp.Scenario("uac-register.xml"), "-i", "127.0.0.1", "-p", Port(uasPort), "-t", "u1", "-s", "bob", "-key", "uas", "127.0.0.1:" + Port(uasPort), "-m", "1", "-timeout", "20s"))
        {
            Assert.Equal(0, await RunAsync(register));
        }

        await using var uas = Sipp.Start("-sf", Sipp.Scenario("uas-call.xml"), "-i", "127.0.0.1", "-p", Port(uasPort), "-t", "u1", "-m", "1", "-timeout", "30s");
        await Task.Delay(300);
        await using (var call = Sipp.Start(gw, "-sf", Sipp.Scenario("uac-call.xml"), "-i", "127.0.0.1", "-p", Port(Sipp.FreePort()), "-t", "u1", "-s", "bob", "-m", "1", "-timeout", "30s"))
        {
            Assert.Equal(0, await RunAsync(call));
        }

        Assert.Equal(0, await RunAsync(uas));

        await using (var unknown = Sipp.Start(gw, "-sf", Sipp.Scenario("uac-404.xml"), "-i", "127.0.0.1", "-p", Port(Sipp.FreePort()), "-t", "u1", "-s", "nobody", "-m", "1", "-timeout", "20s"))
        {
            Assert.Equal(0, await RunAsync(unknown));
        }

        await using (var unregister = Sipp.Start(gw, "-sf", Sipp.Scenario("uac-unregister.xml"), "-i", "127.0.0.1", "-p", Port(Sipp.FreePort()), "-t", "u1", "-s", "bob", "-m", "1", "-timeout", "20s"))
        {
            Assert.Equal(0, await RunAsync(unregister));
        }

        await using (var gone = Sipp.Start(gw, "-sf", Sipp.Scenario("uac-404.xml"), "-i", "127.0.0.1", "-p", Port(Sipp.FreePort()), "-t", "u1", "-s", "bob", "-m", "1", "-timeout", "20s"))
        {
            Assert.Equal(0, await RunAsync(gone));
        }
    }

    [Fact]
    public async Task TwoContacts_ParallelForkReachesBoth()
    {
        await using var gateway = await StartAsync();
        var gw = "127.0.0.1:" + Port(gateway.Port(SipTransportKind.Udp));
        var answering = Sipp.FreePort();
        var losing = Sipp.FreePort();
        foreach (var port in new[] { answering, losing })
        {
            await using var register = Sipp.Start(gw, "-sf", Sipp.Scenario("uac-register.xml"), "-i", "127.0.0.1", "-p", Port(port), "-t", "u1", "-s", "dave", "-key", "uas", "127.0.0.1:" + Port(port), "-m", "1", "-timeout", "20s");
            Assert.Equal(0, await RunAsync(register));
        }

        await using var winner = Sipp.Start("-sf", Sipp.Scenario("uas-call.xml"), "-i", "127.0.0.1", "-p", Port(answering), "-t", "u1", "-m", "1", "-timeout", "30s");
        await using var loser = Sipp.Start("-sf", Sipp.Scenario("uas-busy.xml"), "-i", "127.0.0.1", "-p", Port(losing), "-t", "u1", "-m", "1", "-timeout", "30s");
        await Task.Delay(300);
        await using var call = Sipp.Start(gw, "-sf", Sipp.Scenario("uac-fork.xml"), "-i", "127.0.0.1", "-p", Port(Sipp.FreePort()), "-t", "u1", "-s", "dave", "-m", "1", "-timeout", "30s");
        Assert.Equal(0, await RunAsync(call));
        Assert.Equal(0, await RunAsync(winner));
        Assert.Equal(0, await RunAsync(loser));
    }

    [Fact]
    public async Task Tcp_Register_BindingDroppedWhenTheConnectionCloses()
    {
        await using var gateway = await StartAsync();
        var gw = "127.0.0.1:" + Port(gateway.Port(SipTransportKind.Tcp));
        await using (var register = Sipp.Start(gw, "-sf", Sipp.Scenario("uac-register.xml"), "-i", "127.0.0.1", "-p", Port(Sipp.FreePort()), "-t", "t1", "-s", "carol", "-key", "uas", "127.0.0.1:5099;transport=tcp", "-m", "1", "-timeout", "20s"))
        {
            Assert.Equal(0, await RunAsync(register));
        }

        // sipp closed its connection on exit: the binding learned over it is gone (RFC 5626 flow semantics).
        await Task.Delay(500);
        await using var call = Sipp.Start(gw, "-sf", Sipp.Scenario("uac-404.xml"), "-i", "127.0.0.1", "-p", Port(Sipp.FreePort()), "-t", "t1", "-s", "carol", "-m", "1", "-timeout", "20s");
        Assert.Equal(0, await RunAsync(call));
    }

    [Fact]
    public async Task WebSocketClient_RegistersWithInvalidHost_ReceivesTheCallOverItsSocket_404AfterClose()
    {
        await using var gateway = await StartAsync();
        var udp = "127.0.0.1:" + Port(gateway.Port(SipTransportKind.Udp));
        using var ws = new ClientWebSocket();
        ws.Options.AddSubProtocol("sip");
        await ws.ConnectAsync(new Uri($"ws://127.0.0.1:{gateway.Port(SipTransportKind.Ws)}/"), CancellationToken.None);

        var register = "REGISTER sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/WS df7jal23ls0d.invalid;branch=z9hG4bKasudf\r\nFrom: <sip:alice@127.0.0.1>;tag=65bnmj.34asd\r\nTo: <sip:alice@127.0.0.1>\r\nCall-ID: aiuy7k9njasd\r\nCSeq: 1 REGISTER\r\nMax-Forwards: 70\r\nSupported: path, outbound, gruu\r\nContact: <sip:alice@df7jal23ls0d.invalid;transport=ws>;reg-id=1;+sip.instance=\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>\"\r\nExpires: 600\r\nContent-Length: 0\r\n\r\n";
        await SendAsync(ws, register);
        var ok = (SipResponse)await ReceiveAsync(ws);
        Assert.Equal(200, ok.StatusCode);

        // A UDP caller calls alice: the INVITE must come over this WebSocket; the browser answers 486.
        await using var caller = Sipp.Start(udp, "-sf", Sipp.Scenario("uac-486.xml"), "-i", "127.0.0.1", "-p", Port(Sipp.FreePort()), "-t", "u1", "-s", "alice", "-m", "1", "-timeout", "20s");
        var invite = (SipRequest)await ReceiveAsync(ws);
        Assert.Equal(SipMethod.Invite, invite.Method);
        Assert.Equal("WS", invite.TopVia!.Transport);
        Assert.True(invite.TryGetRecordRoutes(out var rr) && rr.Count == 2);
        var busy = SipResponse.CreateFor(invite, 486, "Busy Here");
        var to = busy.To!;
        to.Tag = "wsb1";
        busy.SetTo(to);
        await SendAsync(ws, busy.ToString());
        var ack = (SipRequest)await ReceiveAsync(ws);
        Assert.True(ack.Method.IsAck);
        Assert.Equal(0, await RunAsync(caller));

        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        await Task.Delay(500);
        await using var again = Sipp.Start(udp, "-sf", Sipp.Scenario("uac-404.xml"), "-i", "127.0.0.1", "-p", Port(Sipp.FreePort()), "-t", "u1", "-s", "alice", "-m", "1", "-timeout", "20s");
        Assert.Equal(0, await RunAsync(again));
    }

    private static Task SendAsync(ClientWebSocket ws, string text) =>
        ws.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    private static async Task<SipMessage> ReceiveAsync(ClientWebSocket ws)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var buffer = new byte[65536];
        while (true)
        {
            var length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await ws.ReceiveAsync(buffer.AsMemory(length), cts.Token);
                length += result.Count;
            }
            while (!result.EndOfMessage);

            var message = SipMessageParser.Parse(buffer.AsMemory(0, length).ToArray()).Message;

            // Skip provisional responses and anything else that is not what the test waits for.
            if (message is SipResponse { StatusCode: < 200 }) continue;
            if (message is not null) return message;
        }
    }
}
