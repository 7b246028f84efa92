using System.Net;
using System.Net.WebSockets;
using System.Text;
using Gateway.Core.Messages;
using Gateway.Core.Parsing;

namespace Gateway.Transports.Tests.Infrastructure;

/// <summary>A browser-like SIP-over-WebSocket client: <see cref="ClientWebSocket"/> with the <c>sip</c> subprotocol.</summary>
internal static class WebSocketTestClient
{
    public static async Task<ClientWebSocket> ConnectAsync(IPEndPoint endPoint, bool secure, string? subProtocol = "sip", string? origin = null)
    {
        var client = new ClientWebSocket();
        if (subProtocol is not null) client.Options.AddSubProtocol(subProtocol);
        if (origin is not null) client.Options.SetRequestHeader("Origin", origin);
        client.Options.RemoteCertificateValidationCallback = static (_, certificate, _, _) => certificate is not null; // the test's self-signed certificate
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var uri = new Uri($"{(secure ? "wss" : "ws")}://{endPoint}/");
        await client.ConnectAsync(uri, timeout.Token);
        return client;
    }

    public static async Task SendTextAsync(WebSocket client, string text, WebSocketMessageType type = WebSocketMessageType.Text)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await client.SendAsync(Encoding.UTF8.GetBytes(text), type, true, timeout.Token);
    }

    /// <summary>Receives one whole WebSocket message and parses it; null when the server closed.</summary>
    public static async Task<SipMessage?> ReceiveAsync(WebSocket client, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        var buffer = new byte[65_536];
        var length = 0;
        while (true)
        {
            var result = await client.ReceiveAsync(buffer.AsMemory(length), cts.Token);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            length += result.Count;
            if (result.EndOfMessage) break;
        }

        return SipMessageParser.Parse(buffer.AsSpan(0, length).ToArray()).Message;
    }
}
