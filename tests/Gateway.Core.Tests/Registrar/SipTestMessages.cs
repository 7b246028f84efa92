using System.Text;
using Gateway.Core.Messages;
using Gateway.Core.Parsing;

namespace Gateway.Core.Tests.Registrar;

/// <summary>Builds REGISTER requests from text and re-parses responses, as they travel on the wire.</summary>
internal static class SipTestMessages
{
    public static SipRequest ParseRequest(string text)
    {
        var result = SipMessageParser.Parse(Encoding.ASCII.GetBytes(text));
        Assert.False(result.Error.IsError, result.Error.ReasonPhrase);
        return Assert.IsType<SipRequest>(result.Message);
    }

    public static SipResponse Reparse(SipResponse response)
    {
        var result = SipMessageParser.Parse(response.ToArray());
        Assert.False(result.Error.IsError, result.Error.ReasonPhrase);
        return Assert.IsType<SipResponse>(result.Message);
    }

    /// <summary>
    /// A REGISTER for <paramref name="aor"/>. <paramref name="contacts"/> are whole Contact field values (none: a
    /// query); <paramref name="headers"/> are extra "Name: value" lines.
    /// </summary>
    public static SipRequest Register(
        string[]? contacts = null,
        string callId = "reg-call-1",
        uint cseq = 1,
        string? expires = null,
        string aor = "sip:alice@example.com",
        int vias = 1,
        params string[] headers)
    {
        var builder = new StringBuilder();
        builder.Append("REGISTER sip:example.com SIP/2.0\r\n");
        for (var i = 0; i < vias; i++) builder.Append("Via: SIP/2.0/UDP 198.51.100.").Append(7 + i).Append(":40000;branch=z9hG4bK-").Append(callId).Append('-').Append(cseq).Append('-').Append(i).Append("\r\n");
        builder.Append("Max-Forwards: 70\r\n");
        builder.Append("From: <").Append(aor).Append(">;tag=from-1\r\n");
        builder.Append("To: <").Append(aor).Append(">\r\n");
        builder.Append("Call-ID: ").Append(callId).Append("\r\n");
        builder.Append("CSeq: ").Append(cseq).Append(" REGISTER\r\n");
        foreach (var contact in contacts ?? []) builder.Append("Contact: ").Append(contact).Append("\r\n");
        if (expires is not null) builder.Append("Expires: ").Append(expires).Append("\r\n");
        foreach (var header in headers) builder.Append(header).Append("\r\n");
        builder.Append("Content-Length: 0\r\n\r\n");
        return ParseRequest(builder.ToString());
    }

    /// <summary>The Contact values of a (re-parsed) response as (URI text, expires) pairs, in order.</summary>
    public static List<(string Uri, long? Expires)> ContactsOf(SipResponse response)
    {
        Assert.True(response.TryGetContacts(out var contacts));
        var list = new List<(string, long?)>();
        foreach (var c in contacts) list.Add((c.Uri.ToString(), c.Expires));
        return list;
    }
}
