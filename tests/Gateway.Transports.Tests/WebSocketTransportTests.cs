using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Gateway.Core.Messages;
using Gateway.Core.Parsing;
using Gateway.Core.Transport;
using Gateway.Transports.Tests.Infrastructure;

namespace Gateway.Transports.Tests;

public sealed class WebSocketTransportTests
{
    [Theory]
    [InlineData(SipTransportKind.Ws)]
    [InlineData(SipTransportKind.Wss)]
    public async Task Options_ClientWebSocketWithSipSubprotocol_Answered200(SipTransportKind kind)
    {
        await using var harness = await TransportHarness.StartAsync([kind]);
        using var client = await WebSocketTestClient.ConnectAsync(harness.EndPoint(kind), kind == SipTransportKind.Wss);
        Assert.Equal("sip", client.SubProtocol);
        for (var i = 0; i < 3; i++)
        {
            await WebSocketTestClient.SendTextAsync(client, SipText.Options(kind.ToViaToken()));
            var response = Assert.IsType<SipResponse>(await WebSocketTestClient.ReceiveAsync(client));
            Assert.Equal(200, response.StatusCode);
        }

        var (flow, _) = await harness.Responder.WaitAsync(m => m is SipRequest);
        Assert.True(flow.IsWebSocket);
        Assert.Equal(kind == SipTransportKind.Wss, flow.IsSecure);
    }

    [Fact]
    public async Task Options_BinaryAndFragmentedMessages_EachAnswered()
    {
        await using var harness = await TransportHarness.StartAsync([SipTransportKind.Ws]);
        using var client = await WebSocketTestClient.ConnectAsync(harness.EndPoint(SipTransportKind.Ws), secure: false);
        await WebSocketTestClient.SendTextAsync(client, SipText.Options("WS"), WebSocketMessageType.Binary);
        Assert.Equal(200, ((SipResponse)(await WebSocketTestClient.ReceiveAsync(client))!).StatusCode);

        var bytes = SipText.Bytes(SipText.Options("WS", body: new string('a', 6000)));
        await client.SendAsync(bytes.AsMemory(0, 100), WebSocketMessageType.Text, false, default);
        await client.SendAsync(bytes.AsMemory(100, 5000), WebSocketMessageType.Text, false, default);
        await client.SendAsync(bytes.AsMemory(5100), WebSocketMessageType.Text, true, default);
        Assert.Equal(200, ((SipResponse)(await WebSocketTestClient.ReceiveAsync(client))!).StatusCode);
    }

    [Theory]
    [InlineData(null, "400")]
    [InlineData("chat", "400")]
    public async Task Upgrade_WithoutSipSubprotocol_RefusedWithHttpError(string? subProtocol, string status)
    {
        await using var harness = await TransportHarness.StartAsync([SipTransportKind.Ws]);
        var response = await RawUpgradeAsync(harness, subProtocol, origin: null);
        Assert.StartsWith("HTTP/1.1 " + status, response, StringComparison.Ordinal);
        Assert.Equal(1, harness.Layer.Metrics.HandshakeFailures);
        await Assert.ThrowsAsync<WebSocketException>(() => WebSocketTestClient.ConnectAsync(harness.EndPoint(SipTransportKind.Ws), false, subProtocol));
    }

    [Fact]
    public async Task Upgrade_OriginAllowList_OthersRefused403()
    {
        await using var harness = await TransportHarness.StartAsync([SipTransportKind.Ws], o => o.Listeners[0].AllowedOrigins.Add("https://phone.example.com"));
        Assert.StartsWith("HTTP/1.1 403", await RawUpgradeAsync(harness, "sip", "https://evil.example.net"), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 403", await RawUpgradeAsync(harness, "sip", origin: null), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 101", await RawUpgradeAsync(harness, "sip", "https://phone.example.com"), StringComparison.Ordinal);
        using var client = await WebSocketTestClient.ConnectAsync(harness.EndPoint(SipTransportKind.Ws), false, origin: "https://phone.example.com");
        Assert.Equal(WebSocketState.Open, client.State);
    }

    [Fact]
    public async Task Upgrade_PlainHttpGet_Refused426()
    {
        await using var harness = await TransportHarness.StartAsync([SipTransportKind.Ws]);
        await using var raw = await SipStreamClient.ConnectAsync(harness.EndPoint(SipTransportKind.Ws));
        await raw.SendAsync("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 426", Encoding.ASCII.GetString(await raw.ReadRawAsync(12)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SipTransportKind.Ws)]
    [InlineData(SipTransportKind.Wss)]
    public async Task RequestToFlow_ClientRegisteredOverWebSocket_ServerReachesItThenFlowClosedFires(SipTransportKind kind)
    {
        await using var harness = await TransportHarness.StartAsync([kind]);
        var closed = new TaskCompletionSource<SipFlow>(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Layer.FlowClosed += flow => closed.TrySetResult(flow);
        using var browser = await WebSocketTestClient.ConnectAsync(harness.EndPoint(kind), kind == SipTransportKind.Wss);

        await WebSocketTestClient.SendTextAsync(browser, SipText.Register(kind.ToViaToken(), "df7jal23ls0d.invalid", "reg-call-0001"));
        Assert.Equal(200, ((SipResponse)(await WebSocketTestClient.ReceiveAsync(browser))!).StatusCode);
        var (registeredOn, _) = await harness.Responder.WaitAsync(m => m is SipRequest { Method.Name: "REGISTER" });

        // The registrar keeps a token; later a proxy resolves it and sends the request on that very connection.
        var token = harness.Layer.CreateFlowToken(registeredOn);
        Assert.True(harness.Layer.TryResolveFlowToken(token, out var flow));
        Assert.Same(registeredOn, flow);
        var message = SipMessageParser.Parse(SipText.Bytes(
            "MESSAGE sip:alice@df7jal23ls0d.invalid;transport=ws SIP/2.0\r\nVia: SIP/2.0/WSS gateway.invalid;branch=z9hG4bKmsg1\r\n" +
            "Max-Forwards: 70\r\nFrom: <sip:bob@example.com>;tag=b1\r\nTo: <sip:alice@example.com>\r\nCall-ID: msg-1\r\n" +
            "CSeq: 1 MESSAGE\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello")).Request!;
        Assert.True(await flow.SendAsync(message));
        var received = Assert.IsType<SipRequest>(await WebSocketTestClient.ReceiveAsync(browser));
        Assert.Equal("MESSAGE", received.Method.Name);
        Assert.Equal("hello", Encoding.UTF8.GetString(received.Body.Span));

        await browser.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", default);
        var closedFlow = await closed.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Same(registeredOn, closedFlow);
        Assert.True(closedFlow.IsClosed);
        Assert.False(harness.Layer.TryResolveFlowToken(token, out _));
        Assert.False(await closedFlow.SendAsync(message));
    }

    [Fact]
    public async Task KeepAlive_PeerNeverAnswersPings_DroppedWhileALivePeerStays()
    {
        await using var harness = await TransportHarness.StartAsync([SipTransportKind.Ws], o =>
        {
            // Real time on a shared 2-core machine: margins wide enough that a busy thread pool does not make the
            // live client miss its pong.
            o.Limits.WebSocketKeepAliveInterval = TimeSpan.FromMilliseconds(300);
            o.Limits.WebSocketKeepAliveTimeout = TimeSpan.FromMilliseconds(1500);
            o.Limits.IdleTimeout = TimeSpan.FromMilliseconds(500);
        });
        using var live = await WebSocketTestClient.ConnectAsync(harness.EndPoint(SipTransportKind.Ws), false);
        var liveReceive = WebSocketTestClient.ReceiveAsync(live, TimeSpan.FromSeconds(10));

        // A raw client completes the upgrade and then never reads: it cannot answer the server's PINGs.
        await using var dead = await SipStreamClient.ConnectAsync(harness.EndPoint(SipTransportKind.Ws));
        await dead.SendAsync(UpgradeRequest("sip", null));
        dead.Socket.ReceiveBufferSize = 1024;
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.Equal(1, harness.Layer.ConnectionCount);
        Assert.Equal(WebSocketState.Open, live.State);
        await WebSocketTestClient.SendTextAsync(live, SipText.Options("WS"));
        Assert.Equal(200, ((SipResponse)(await liveReceive)!).StatusCode);
    }

    internal static string UpgradeRequest(string? subProtocol, string? origin) =>
        "GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" +
        (subProtocol is null ? string.Empty : $"Sec-WebSocket-Protocol: {subProtocol}\r\n") +
        (origin is null ? string.Empty : $"Origin: {origin}\r\n") + "\r\n";

    private static async Task<string> RawUpgradeAsync(TransportHarness harness, string? subProtocol, string? origin)
    {
        await using var raw = await SipStreamClient.ConnectAsync(harness.EndPoint(SipTransportKind.Ws));
        await raw.SendAsync(UpgradeRequest(subProtocol, origin));
        return Encoding.ASCII.GetString(await raw.ReadRawAsync(12));
    }
}
