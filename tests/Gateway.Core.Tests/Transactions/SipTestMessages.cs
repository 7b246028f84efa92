using System.Globalization;
using System.Text;
using Gateway.Core.Messages;
using Gateway.Core.Parsing;

namespace Gateway.Core.Tests.Transactions;

/// <summary>Builds requests and responses as they would arrive from the network (text parsed by the real parser).</summary>
internal static class SipTestMessages
{
    public static SipMessage Parse(string text)
    {
        var result = SipMessageParser.Parse(Encoding.UTF8.GetBytes(text));
        Assert.True(result.Success, "test message does not parse: " + result.Error.ReasonPhrase);
        var error = SipMessageValidator.Validate(result.Message!);
        Assert.False(error.IsError, "test message is not valid: " + error.ReasonPhrase);
        return result.Message!;
    }

    /// <summary>
    /// A request from a UAC at 198.51.100.7 (sent-by <paramref name="sentBy"/>) with the given branch; <paramref name="cseqMethod"/>
    /// defaults to the method, <paramref name="toTag"/> and <paramref name="extraHeaders"/> are optional.
    /// </summary>
    public static SipRequest Request(
        string method,
        string branch,
        int cseq = 1,
        string callId = "call-1@atlanta.example.com",
        string? toTag = null,
        string sentBy = "198.51.100.7:40000",
        string transport = "UDP",
        string requestUri = "sip:bob@biloxi.example.com",
        string extraHeaders = "")
    {
        var to = toTag is null ? "<sip:bob@biloxi.example.com>" : "<sip:bob@biloxi.example.com>;tag=" + toTag;
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"{method} {requestUri} SIP/2.0\r\nVia: SIP/2.0/{transport} {sentBy};branch={branch}\r\nMax-Forwards: 70\r\nTo: {to}\r\nFrom: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\nCall-ID: {callId}\r\nCSeq: {cseq} {method}\r\n{extraHeaders}Content-Length: 0\r\n\r\n");
        return (SipRequest)Parse(text);
    }

    /// <summary>
    /// A request the proxy sends downstream: its own Via (<paramref name="branch"/>) above the caller's, plus Route
    /// headers, as the pipeline would build it.
    /// </summary>
    public static SipRequest Outbound(string method, string branch, int cseq = 7, string callId = "out-1@gw.example.com")
    {
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"{method} sip:bob@192.0.2.50:5062;transport=udp SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch={branch}\r\nVia: SIP/2.0/UDP 198.51.100.7:40000;branch=z9hG4bKcaller;received=198.51.100.7;rport=40000\r\nMax-Forwards: 69\r\nRoute: <sip:edge1.example.com;lr>\r\nRoute: <sip:edge2.example.com;lr>, <sip:edge3.example.com;lr>\r\nRecord-Route: <sip:192.0.2.10;lr>\r\nTo: Bob <sip:bob@biloxi.example.com>\r\nFrom: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\nCall-ID: {callId}\r\nCSeq: {cseq} {method}\r\nContact: <sip:alice@198.51.100.7:40000>\r\nContent-Length: 0\r\n\r\n");
        return (SipRequest)Parse(text);
    }

    /// <summary>A response to <paramref name="request"/> as a downstream UAS would send it (To tag added above 100).</summary>
    public static SipResponse Response(SipRequest request, int statusCode, string reason, string? toTag = "uas-tag-1")
    {
        var response = SipResponse.CreateFor(request, statusCode, reason);
        if (statusCode > 100 && toTag is not null && response.To is { } to && to.Tag is null)
        {
            to.Tag = toTag;
            response.SetTo(to);
        }

        return (SipResponse)Parse(response.ToString());
    }
}
