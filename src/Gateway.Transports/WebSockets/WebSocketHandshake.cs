using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Transports.WebSockets;

/// <summary>
/// The server side of the WebSocket opening handshake (RFC 6455 §4.2) for SIP (RFC 7118 §4): reads the HTTP/1.1
/// GET head, checks <c>Upgrade: websocket</c>, <c>Connection: Upgrade</c>, <c>Sec-WebSocket-Version: 13</c> and the
/// key, the Origin against an allow-list, and requires the <c>sip</c> subprotocol; answers 101 with
/// <c>Sec-WebSocket-Accept</c> = base64(SHA-1(key + GUID)) and <c>Sec-WebSocket-Protocol: sip</c>, or refuses with
/// 400, 403 or 426. The frames that follow are the BCL's <see cref="System.Net.WebSockets.WebSocket"/>'s business.
/// </summary>
internal static class WebSocketHandshake
{
    public const string SubProtocol = "sip";
    private const string AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /// <summary>
    /// Reads the request head from <paramref name="stream"/> (at most <paramref name="maxHeadSize"/> octets; nothing
    /// may follow it, since a client must wait for the 101) and decides. Returns null when the peer closed first.
    /// </summary>
    public static async Task<WebSocketUpgradeResult?> ReadAsync(Stream stream, int maxHeadSize, IList<string> allowedOrigins, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(maxHeadSize);
        try
        {
            var length = 0;
            var headEnd = -1;
            while (headEnd < 0)
            {
                if (length == maxHeadSize) return Refuse(431, "Request Header Fields Too Large");
                var n = await stream.ReadAsync(buffer.AsMemory(length, maxHeadSize - length), cancellationToken).ConfigureAwait(false);
                if (n == 0) return null;
                var from = Math.Max(0, length - 3);
                length += n;
                var at = buffer.AsSpan(from, length - from).IndexOf("\r\n\r\n"u8);
                if (at >= 0) headEnd = from + at + 4;
            }

            if (headEnd != length) return Refuse(400, "Bad Request");
            return Decide(Encoding.Latin1.GetString(buffer, 0, headEnd - 4), allowedOrigins);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Decides on a request head (start line and header lines, CRLF-separated, without the final empty line).</summary>
    public static WebSocketUpgradeResult Decide(string head, IList<string> allowedOrigins)
    {
        var lines = head.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || !requestLine[2].StartsWith("HTTP/1.", StringComparison.Ordinal)) return Refuse(400, "Bad Request");
        if (!string.Equals(requestLine[0], "GET", StringComparison.Ordinal)) return Refuse(405, "Method Not Allowed", "Allow: GET\r\n");

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i < lines.Length; i++)
        {
            var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) return Refuse(400, "Bad Request");
            var name = lines[i][..colon].Trim();
            var value = lines[i][(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
        }

        if (!HasToken(headers, "Upgrade", "websocket")) return Refuse(426, "Upgrade Required", "Upgrade: websocket\r\nConnection: Upgrade\r\n");
        if (!HasToken(headers, "Connection", "upgrade")) return Refuse(400, "Bad Request");
        if (!headers.TryGetValue("Sec-WebSocket-Version", out var version) || version != "13")
        {
            return Refuse(426, "Upgrade Required", "Sec-WebSocket-Version: 13\r\n");
        }

        if (!headers.TryGetValue("Sec-WebSocket-Key", out var key) || !IsValidKey(key)) return Refuse(400, "Bad Request");
        if (allowedOrigins.Count > 0)
        {
            headers.TryGetValue("Origin", out var origin);
            if (origin is null || !Contains(allowedOrigins, origin)) return Refuse(403, "Forbidden");
        }

        // RFC 7118 §4.1: the client must offer "sip"; anything else is not a SIP connection.
        if (!HasToken(headers, "Sec-WebSocket-Protocol", SubProtocol)) return Refuse(400, "SIP WebSocket Subprotocol Required");

#pragma warning disable CA5350 // RFC 6455 §4.2.2 defines Sec-WebSocket-Accept with SHA-1; it is not used for security here.
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + AcceptGuid)));
#pragma warning restore CA5350
        var response = string.Create(CultureInfo.InvariantCulture, $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\nSec-WebSocket-Protocol: {SubProtocol}\r\n\r\n");
        return new WebSocketUpgradeResult(101, "Switching Protocols", Encoding.ASCII.GetBytes(response));
    }

    private static WebSocketUpgradeResult Refuse(int status, string reason, string extraHeaders = "")
    {
        var response = string.Create(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {reason}\r\n{extraHeaders}Connection: close\r\nContent-Length: 0\r\n\r\n");
        return new WebSocketUpgradeResult(status, reason, Encoding.ASCII.GetBytes(response));
    }

    private static bool HasToken(Dictionary<string, string> headers, string name, string token)
    {
        if (!headers.TryGetValue(name, out var value)) return false;
        foreach (var part in value.Split(','))
        {
            if (part.Trim().Equals(token, StringComparison.OrdinalIgnoreCase)) return true;
        }

        return false;
    }

    private static bool Contains(IList<string> origins, string origin)
    {
        foreach (var allowed in origins)
        {
            if (string.Equals(allowed.TrimEnd('/'), origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)) return true;
        }

        return false;
    }

    private static bool IsValidKey(string key)
    {
        Span<byte> decoded = stackalloc byte[24];
        return Convert.TryFromBase64String(key, decoded, out var n) && n == 16;
    }
}
