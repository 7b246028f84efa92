using System.Text;
using Gateway.Transports.WebSockets;

namespace Gateway.Transports.Tests;

public sealed class WebSocketHandshakeTests
{
    private const string Head = "GET /sip HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n" +
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: chat, sip";

    [Fact]
    public void Decide_Rfc6455SampleKey_AcceptsWithTheRfcAcceptValueAndSip()
    {
        var result = WebSocketHandshake.Decide(Head, []);
        Assert.True(result.Accepted);
        var response = Encoding.ASCII.GetString(result.Response);
        Assert.Contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n", response, StringComparison.Ordinal);
        Assert.Contains("Sec-WebSocket-Protocol: sip\r\n", response, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n", response, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8", 426)]
    [InlineData("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Key: short", 400)]
    [InlineData("Connection: keep-alive, Upgrade", "Connection: keep-alive", 400)]
    [InlineData("Upgrade: websocket", "Upgrade: h2c", 426)]
    [InlineData("chat, sip", "chat", 400)]
    [InlineData("GET /sip HTTP/1.1", "POST /sip HTTP/1.1", 405)]
    [InlineData("GET /sip HTTP/1.1", "GET /sip", 400)]
    public void Decide_RequirementMissing_Refused(string from, string to, int status)
    {
        var result = WebSocketHandshake.Decide(Head.Replace(from, to, StringComparison.Ordinal), []);
        Assert.False(result.Accepted);
        Assert.Equal(status, result.Status);
        Assert.StartsWith($"HTTP/1.1 {status} ", Encoding.ASCII.GetString(result.Response), StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_OriginAllowList_MatchesIgnoringCaseAndTrailingSlash()
    {
        string[] allowed = ["https://Phone.Example.com/"];
        Assert.True(WebSocketHandshake.Decide(Head + "\r\nOrigin: https://phone.example.com", allowed).Accepted);
        Assert.Equal(403, WebSocketHandshake.Decide(Head + "\r\nOrigin: https://evil.example.com", allowed).Status);
        Assert.Equal(403, WebSocketHandshake.Decide(Head, allowed).Status);
    }
}
