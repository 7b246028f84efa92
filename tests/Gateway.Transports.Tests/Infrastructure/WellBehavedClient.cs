using System.Net.WebSockets;
using Gateway.Core.Messages;
using Gateway.Core.Transport;

namespace Gateway.Transports.Tests.Infrastructure;

/// <summary>A client that keeps asking OPTIONS over TCP, TLS, WS or WSS and expects 200 every time.</summary>
internal sealed class WellBehavedClient : IAsyncDisposable
{
    private readonly SipTransportKind _kind;
    private readonly SipStreamClient? _stream;
    private readonly ClientWebSocket? _webSocket;

    private WellBehavedClient(SipTransportKind kind, SipStreamClient? stream, ClientWebSocket? webSocket)
    {
        _kind = kind;
        _stream = stream;
        _webSocket = webSocket;
    }

    public static async Task<WellBehavedClient> ConnectAsync(TransportHarness harness, SipTransportKind kind)
    {
        var endPoint = harness.EndPoint(kind);
        return kind.IsWebSocket()
            ? new WellBehavedClient(kind, null, await WebSocketTestClient.ConnectAsync(endPoint, kind.IsSecure()))
            : new WellBehavedClient(kind, await SipStreamClient.ConnectAsync(endPoint, kind.IsSecure()), null);
    }

    public async Task AssertAnsweredAsync()
    {
        var request = SipText.Options(_kind.ToViaToken());
        SipMessage? response;
        if (_stream is not null)
        {
            await _stream.SendAsync(request);
            response = await _stream.ReceiveAsync();
        }
        else
        {
            await WebSocketTestClient.SendTextAsync(_webSocket!, request);
            response = await WebSocketTestClient.ReceiveAsync(_webSocket!);
        }

        Assert.Equal(200, Assert.IsType<SipResponse>(response).StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stream is not null) await _stream.DisposeAsync();
        _webSocket?.Dispose();
    }
}
