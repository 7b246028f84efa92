using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Gateway.Core.Parsing;
using Gateway.Core.Transport;
using Gateway.Transports.Tests.Infrastructure;

namespace Gateway.Transports.Tests;

/// <summary>
/// A bad peer costs only its own flow: for each stream transport and each attack, the attacker's connection is
/// closed (and the event counted) while a client connected before keeps getting 200s and a new client is served.
/// Limits are small and timeouts short (1 s) so each case takes a second or two of real time.
/// </summary>
public sealed class HostileInputTests
{
    private static readonly SipParserOptions s_smallLimits = new() { MaxMessageSize = 8192, MaxHeaderSectionSize = 4096 };
    private static readonly TimeSpan s_closeWait = TimeSpan.FromSeconds(4);

    public static TheoryData<SipTransportKind, string> Attacks()
    {
        var data = new TheoryData<SipTransportKind, string>();
        foreach (var kind in new[] { SipTransportKind.Tcp, SipTransportKind.Tls, SipTransportKind.Ws, SipTransportKind.Wss })
        {
            foreach (var attack in new[] { "garbage", "oversized", "truncated", "slow", "abrupt" })
            {
                data.Add(kind, attack);
            }
        }

        data.Add(SipTransportKind.Tls, "tls-garbage");
        data.Add(SipTransportKind.Wss, "tls-garbage");
        return data;
    }

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task Attack_OnStreamListener_CostsOnlyTheAttackersFlow(SipTransportKind kind, string attack)
    {
        await using var harness = await TransportHarness.StartAsync([kind], parser: s_smallLimits);
        await using var bystander = await WellBehavedClient.ConnectAsync(harness, kind);
        await bystander.AssertAnsweredAsync();

        var closedByServer = kind.IsWebSocket() && attack is "oversized" or "truncated" or "abrupt"
            ? await AttackWebSocketAsync(harness, kind, attack)
            : await AttackRawAsync(harness, kind, attack);

        if (attack != "abrupt") Assert.True(closedByServer, $"the server did not close the {attack} {kind} connection");
        await bystander.AssertAnsweredAsync();
        await using (var newcomer = await WellBehavedClient.ConnectAsync(harness, kind))
        {
            await newcomer.AssertAnsweredAsync();
        }

        var metrics = harness.Layer.Metrics;
        switch (attack)
        {
            case "garbage" when kind.IsWebSocket():
            case "tls-garbage":
                Assert.True(metrics.HandshakeFailures >= 1);
                break;
            case "garbage":
            case "oversized":
                Assert.True(metrics.FramingErrors >= 1);
                break;
            case "truncated":
            case "slow":
                Assert.True(metrics.Timeouts >= 1);
                break;
            default:
                await WaitUntilAsync(() => metrics.ConnectionsClosed >= 2);
                break;
        }
    }

    [Fact]
    public async Task Accept_PerAddressLimitReached_ExtraConnectionRefusedOthersServed()
    {
        await using var harness = await TransportHarness.StartAsync([SipTransportKind.Tcp], o => o.Limits.MaxConnectionsPerAddress = 2);
        await using var first = await WellBehavedClient.ConnectAsync(harness, SipTransportKind.Tcp);
        await using var second = await WellBehavedClient.ConnectAsync(harness, SipTransportKind.Tcp);
        await first.AssertAnsweredAsync();
        await second.AssertAnsweredAsync();

        try
        {
            await using var third = await SipStreamClient.ConnectAsync(harness.EndPoint(SipTransportKind.Tcp));
            Assert.True(await third.WaitClosedAsync(s_closeWait));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // Refused with a reset before the connect completed: just as good.
        }

        Assert.Equal(1, harness.Layer.Metrics.ConnectionsRefused);
        await first.AssertAnsweredAsync();
    }

    private static async Task<bool> AttackRawAsync(TransportHarness harness, SipTransportKind kind, string attack)
    {
        var endPoint = harness.EndPoint(kind);
        var tlsFirst = kind.IsSecure() && attack is not ("tls-garbage" or "slow");
        await using var attacker = await SipStreamClient.ConnectAsync(endPoint, tls: tlsFirst);
        switch (attack)
        {
            case "garbage":
                await attacker.SendAsync(Encoding.ASCII.GetBytes(new string('Z', 20_000)));
                break;
            case "tls-garbage":
                await attacker.SendAsync("GET / HTTP/1.0\r\n\r\nthis is not a TLS ClientHello\r\n");
                break;
            case "oversized":
                await attacker.SendAsync(SipText.Options(kind.ToViaToken(), contentLength: 100_000));
                break;
            case "truncated":
                await attacker.SendAsync(SipText.Options(kind.ToViaToken(), body: "only ten b", contentLength: 500));
                break;
            case "slow":
                var bytes = kind.IsSecure() ? [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
                    : kind.IsWebSocket() ? SipText.Bytes(WebSocketTransportTests.UpgradeRequest("sip", null)) : SipText.Bytes(SipText.Options());
                _ = DripAsync(attacker, bytes);
                break;
            case "abrupt":
                await attacker.SendAsync(SipText.Bytes(SipText.Options(kind.ToViaToken()))[..40]);
                attacker.Reset();
                return true;
        }

        return await attacker.WaitClosedAsync(s_closeWait);
    }

    private static async Task<bool> AttackWebSocketAsync(TransportHarness harness, SipTransportKind kind, string attack)
    {
        using var attacker = await WebSocketTestClient.ConnectAsync(harness.EndPoint(kind), kind.IsSecure());
        switch (attack)
        {
            case "oversized":
                await WebSocketTestClient.SendTextAsync(attacker, SipText.Options(kind.ToViaToken(), body: new string('x', 10_000)));
                break;
            case "truncated":
                await attacker.SendAsync(SipText.Bytes(SipText.Options(kind.ToViaToken()))[..60], WebSocketMessageType.Text, false, default);
                break;
            default:
                await attacker.SendAsync(SipText.Bytes(SipText.Options(kind.ToViaToken()))[..60], WebSocketMessageType.Text, false, default);
                attacker.Abort();
                return true;
        }

        try
        {
            var response = await WebSocketTestClient.ReceiveAsync(attacker, s_closeWait);
            return response is null;
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            return e is WebSocketException;
        }
    }

    private static async Task DripAsync(SipStreamClient attacker, byte[] bytes)
    {
        try
        {
            foreach (var b in bytes)
            {
                await attacker.SendAsync([b]);
                await Task.Delay(100);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // Closed by the server, as it should be.
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 50 && !condition(); i++) await Task.Delay(100);
        Assert.True(condition());
    }
}
