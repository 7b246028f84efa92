using System.Text;
using Gateway.Core.Headers;
using Gateway.Core.Messages;
using Gateway.Core.Parsing;
using Gateway.Core.Tests.Infrastructure;
using Gateway.Core.Uris;

namespace Gateway.Core.Tests.Messages;

public sealed class SipMessageEditTests
{
    private static SipRequest ParseRequest(string file)
    {
        var result = SipMessageParser.Parse(TestData.Read("sip-ws", file));
        Assert.True(result.Success, result.Error.ReasonPhrase);
        return Assert.IsType<SipRequest>(result.Message);
    }

    private static SipMessage Reparse(SipMessage message)
    {
        var result = SipMessageParser.Parse(message.ToArray());
        Assert.True(result.Success, result.Error.ReasonPhrase);
        Assert.Equal(SipParseError.None, SipMessageValidator.Validate(result.Message!));
        return result.Message!;
    }

    [Fact]
    public void ProxyHop_WsToUdp_ProducesTheForwardedInvite()
    {
        var invite = ParseRequest("03-invite-browser-to-proxy.sip");
        var originalText = Encoding.UTF8.GetString(invite.ToArray());

        Assert.Equal(70, invite.MaxForwards);
        invite.MaxForwards = invite.MaxForwards - 1;
        var route = invite.PopRoute();
        Assert.NotNull(route);
        Assert.True(route.Uri.IsLooseRouter);
        var received = invite.TopVia!;
        received.Received = "198.51.100.33";
        invite.SetTopVia(received);
        invite.PushVia(new SipVia("UDP", "proxy.example.com", null, "z9hG4bKhjhjqw32c"));
        invite.PrependRecordRoute(SipNameAddress.Parse("<sip:h7kjh12s@proxy.example.com:443;transport=ws;lr>"));
        invite.PrependRecordRoute(SipNameAddress.Parse("<sip:proxy.example.com;transport=udp;lr>"));
        invite.RequestUri = SipUri.Parse("sip:bob@203.0.113.22:5060;transport=udp");

        var forwarded = (SipRequest)Reparse(invite);
        Assert.Equal(69, forwarded.MaxForwards);
        Assert.Equal("sip:bob@203.0.113.22:5060;transport=udp", forwarded.RequestUriText);
        Assert.True(forwarded.TryGetVias(out var vias));
        Assert.Equal(2, vias.Count);
        Assert.Equal("z9hG4bKhjhjqw32c", vias[0].Branch);
        Assert.Equal("198.51.100.33", vias[1].Received);
        Assert.Equal("z9hG4bK56sdasks", vias[1].Branch);
        Assert.True(forwarded.TryGetRoutes(out var routes));
        Assert.Empty(routes);
        Assert.True(forwarded.TryGetRecordRoutes(out var recordRoutes));
        Assert.Equal(["<sip:proxy.example.com;transport=udp;lr>", "<sip:h7kjh12s@proxy.example.com:443;transport=ws;lr>"], recordRoutes.Select(r => r.ToString()));
        Assert.Equal(invite.Body.ToArray(), forwarded.Body.ToArray());

        // Fields the hop did not touch are copied byte for byte.
        var forwardedText = forwarded.ToString();
        foreach (var line in new[] { "From: sip:alice@example.com;tag=asdyka899\r\n", "Contact: <sip:alice@example.com;gr=urn:uuid:f81-7dec-14a06cf1;ob>\r\n", "Supported: path, outbound, gruu\r\n" })
        {
            Assert.Contains(line, originalText, StringComparison.Ordinal);
            Assert.Contains(line, forwardedText, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void PopVia_CombinedViaField_RemovesOnlyTheFirstValue()
    {
        var text = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP p1.example.com;branch=z9hG4bKa, SIP/2.0/UDP p2.example.com;branch=z9hG4bKb\r\nVia: SIP/2.0/UDP uac.example.com;branch=z9hG4bKc\r\nFrom: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>;tag=2\r\nCall-ID: x@y\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
        var response = SipMessageParser.Parse(Encoding.ASCII.GetBytes(text)).Message!;
        var popped = response.PopVia();
        Assert.Equal("p1.example.com", popped!.Host);
        var reparsed = Reparse(response);
        Assert.True(reparsed.TryGetVias(out var vias));
        Assert.Equal(["z9hG4bKb", "z9hG4bKc"], vias.Select(v => v.Branch));
        Assert.Equal("p2.example.com", reparsed.TopVia!.Host);
    }

    [Fact]
    public void PopVia_SingleViaField_RemovesTheField()
    {
        var response = SipMessageParser.Parse(TestData.Read("sip-ws", "06-200-ok-bob-to-proxy.sip")).Message!;
        Assert.True(response.TryGetVias(out var before));
        Assert.Equal(2, before.Count);
        response.PopVia();
        var reparsed = Reparse(response);
        Assert.True(reparsed.TryGetVias(out var after));
        Assert.Single(after);
        Assert.Equal("z9hG4bK56sdasks", after[0].Branch);
    }

    [Fact]
    public void MaxForwards_Absent_SetAddsIt()
    {
        var request = SipMessageParser.Parse(TestData.Read("sip-torture", "inv2543.dat")).Request!;
        Assert.Null(request.MaxForwards);
        request.MaxForwards = 70;
        Assert.Equal(70, Reparse(request).MaxForwards);
    }

    [Fact]
    public void SetBody_NewBody_ContentLengthFollows()
    {
        var invite = ParseRequest("03-invite-browser-to-proxy.sip");
        var sdp = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 30000 RTP/AVP 0\r\n"u8.ToArray();
        invite.SetBody(sdp, "application/sdp");
        var reparsed = Reparse(invite);
        Assert.Equal(sdp, reparsed.Body.ToArray());
        Assert.Equal(sdp.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), reparsed.Headers.GetFirstValue(SipHeaderId.ContentLength));
        Assert.Equal(1, reparsed.Headers.CountOf(SipHeaderId.ContentLength));
    }

    [Fact]
    public void Headers_AddRemoveSet_SerialiseInOrder()
    {
        var request = ParseRequest("01-register-browser-to-proxy.sip");
        request.Headers.Add("P-hint", "outbound");
        request.Headers.Set("User-Agent", "Gateway");
        Assert.Equal(1, request.Headers.RemoveAll("Supported"));
        var reparsed = Reparse(request);
        Assert.Equal("outbound", reparsed.Headers.GetFirstValue("p-HINT"));
        Assert.Equal("Gateway", reparsed.Headers.GetFirstValue(SipHeaderId.UserAgent));
        Assert.False(reparsed.Headers.Contains(SipHeaderId.Supported));
        Assert.Equal("P-hint", reparsed.Headers[reparsed.Headers.IndexOf("P-hint")].Name);
    }

    [Fact]
    public void Headers_ValueWithLineBreak_Refused()
    {
        var request = ParseRequest("01-register-browser-to-proxy.sip");
        Assert.Throws<ArgumentException>(() => request.Headers.Add("X-Evil", "a\r\nVia: injected"));
        Assert.Throws<ArgumentException>(() => request.Headers.Add("Bad Name", "x"));
    }

    [Fact]
    public void CreateFor_Request_CopiesTransactionHeaders()
    {
        var request = ParseRequest("03-invite-browser-to-proxy.sip");
        var response = SipResponse.CreateFor(request, 486, "Busy Here");
        var to = response.To!;
        to.Tag = "srv1";
        response.SetTo(to);
        var reparsed = (SipResponse)Reparse(response);
        Assert.Equal(486, reparsed.StatusCode);
        Assert.Equal("Busy Here", reparsed.ReasonPhrase);
        Assert.Equal("srv1", reparsed.To!.Tag);
        Assert.Equal(request.CallId, reparsed.CallId);
        Assert.Equal(request.TopVia!.Branch, reparsed.TopVia!.Branch);
        Assert.Equal("1 INVITE", reparsed.CSeq!.ToString());
    }

    [Fact]
    public void NewRequest_BuiltInCode_Parses()
    {
        var request = new SipRequest(SipMethod.Options, SipUri.Parse("sip:bob@example.com"));
        request.PushVia(new SipVia("UDP", "192.0.2.1", 5060, "z9hG4bK776asdhds"));
        request.Headers.Add("From", "<sip:alice@example.com>;tag=1928301774");
        request.Headers.Add("To", "<sip:bob@example.com>");
        request.Headers.Add("Call-ID", "a84b4c76e66710");
        request.Headers.Add("CSeq", "63104 OPTIONS");
        request.MaxForwards = 70;
        request.SetBody(ReadOnlyMemory<byte>.Empty);
        var reparsed = (SipRequest)Reparse(request);
        Assert.Equal(SipMethod.Options, reparsed.Method);
        Assert.StartsWith("OPTIONS sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds\r\n", reparsed.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_AfterEdit_ThenParse_EqualMessage()
    {
        foreach (var file in Directory.GetFiles(TestData.PathOf("sip-ws"), "*.sip"))
        {
            var message = SipMessageParser.Parse(File.ReadAllBytes(file)).Message!;
            message.Headers.Add("X-Trace", "1");
            var again = Reparse(message);
            Assert.Equal(message.ToArray(), again.ToArray());
            Assert.Equal(message.Headers.Count, again.Headers.Count);
            for (var i = 0; i < message.Headers.Count; i++)
            {
                Assert.Equal(message.Headers[i].Id, again.Headers[i].Id);
                Assert.Equal(message.Headers[i].Value, again.Headers[i].Value);
            }
        }
    }
}

public sealed class SipMessageTypedAccessTests
{
    [Fact]
    public void TokenHeaders_RegisterFromBrowser_Read()
    {
        var m = SipMessageParser.Parse(TestData.Read("sip-ws", "01-register-browser-to-proxy.sip")).Message!;
        var supported = new List<string>();
        Assert.True(m.TryGetTokens(SipHeaderId.Supported, supported));
        Assert.Equal(["path", "outbound", "gruu"], supported);
        Assert.True(m.HasToken(SipHeaderId.Supported, "outbound"));
        Assert.False(m.HasToken(SipHeaderId.Supported, "timer"));
        Assert.True(m.Allows(SipMethod.Invite));
        Assert.Equal(0, m.ContentLength);
        Assert.True(m.TryGetContacts(out var contacts));
        var contact = Assert.Single(contacts);
        Assert.Equal(1, contact.RegId);
        Assert.NotNull(contact.Instance);
    }

    [Fact]
    public void Allows_AllowHeaderWithoutMethod_False()
    {
        var m = SipMessageParser.Parse("OPTIONS sip:a@b SIP/2.0\r\nAllow: INVITE, ACK\r\nAllow: BYE\r\nContent-Length: 0\r\n\r\n"u8.ToArray()).Message!;
        Assert.True(m.Allows(SipMethod.Bye));
        Assert.False(m.Allows(SipMethod.Message));
    }

    [Fact]
    public void ContentMediaType_Sdp_Recognised()
    {
        var m = SipMessageParser.Parse(TestData.Read("sip-ws", "03-invite-browser-to-proxy.sip")).Message!;
        Assert.True(m.ContentMediaType!.IsSdp);
        Assert.Equal(871, m.ContentLength);
    }
}
