using System.Net;
using System.Text;

namespace Gateway.Transports.Tests.Infrastructure;

/// <summary>SIP requests as the tests send them.</summary>
internal static class SipText
{
    public static string Options(string transport = "TCP", string? callId = null, string? body = null, int? contentLength = null)
    {
        body ??= string.Empty;
        callId ??= Guid.NewGuid().ToString("N");
        var length = contentLength ?? Encoding.UTF8.GetByteCount(body);
        return "OPTIONS sip:gateway@127.0.0.1 SIP/2.0\r\n" +
            $"Via: SIP/2.0/{transport} 192.0.2.1:5060;branch=z9hG4bK{callId[..8]};rport\r\n" +
            "Max-Forwards: 70\r\n" +
            "From: <sip:test@example.com>;tag=1928301774\r\n" +
            "To: <sip:gateway@127.0.0.1>\r\n" +
            $"Call-ID: {callId}\r\n" +
            "CSeq: 1 OPTIONS\r\n" +
            $"Content-Length: {length}\r\n\r\n" + body;
    }

    public static string Register(string transport, string contactHost, string callId) =>
        "REGISTER sip:example.com SIP/2.0\r\n" +
        $"Via: SIP/2.0/{transport} {contactHost};branch=z9hG4bK{callId[..8]}\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: <sip:alice@example.com>;tag=reg1\r\n" +
        "To: <sip:alice@example.com>\r\n" +
        $"Call-ID: {callId}\r\n" +
        "CSeq: 1 REGISTER\r\n" +
        $"Contact: <sip:alice@{contactHost};transport={transport.ToLowerInvariant()}>;expires=600\r\n" +
        "Content-Length: 0\r\n\r\n";

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public static IPEndPoint Loopback(int port = 0) => new(IPAddress.Loopback, port);
}
