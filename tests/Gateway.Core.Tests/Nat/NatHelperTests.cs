using System.Net;
using System.Text;
using Gateway.Core.Messages;
using Gateway.Core.Nat;
using Gateway.Core.Parsing;
using Gateway.Core.Tests.Infrastructure;
using Gateway.Core.Transport;

namespace Gateway.Core.Tests.Nat;

public sealed class NatHelperTests
{
    private static SipMessage Parse(string text)
    {
        var result = SipMessageParser.Parse(Encoding.ASCII.GetBytes(text));
        Assert.False(result.Error.IsError, result.Error.ReasonPhrase);
        return result.Message!;
    }

    private static SipMessage Invite(string contact, string via = "SIP/2.0/UDP 10.0.0.5:5060;rport;branch=z9hG4bK1") => Parse(
        "INVITE sip:bob@example.com SIP/2.0\r\n" +
        "Via: " + via + "\r\n" +
        "From: <sip:alice@example.com>;tag=1\r\nTo: <sip:bob@example.com>\r\nCall-ID: nat-1\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\n" +
        (contact.Length > 0 ? "Contact: " + contact + "\r\n" : string.Empty) +
        "Content-Length: 0\r\n\r\n");

    private static SipMessage Ok(string contact) => Parse(
        "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKgw\r\n" +
        "From: <sip:alice@example.com>;tag=1\r\nTo: <sip:bob@example.com>;tag=2\r\nCall-ID: nat-1\r\nCSeq: 1 INVITE\r\n" +
        "Contact: " + contact + "\r\nContent-Length: 0\r\n\r\n");

    private static string ContactOf(SipMessage message) => message.Headers.GetFirstValue(SipHeaderId.Contact)!;

    [Fact]
    public void FixContact_PrivateContact_RewrittenToSourceKeepingUserAndParameters()
    {
        var message = Invite("\"Alice\" <sip:alice@10.0.0.5:5060;transport=udp;ob>;expires=60;+sip.instance=\"<urn:uuid:1>\"");
        var flow = new RecordingFlow(SipTransportKind.Udp, "198.51.100.7:40000");

        Assert.True(NatHelper.FixContact(message, flow));

        Assert.Equal("\"Alice\" <sip:alice@198.51.100.7:40000;transport=udp;ob>;expires=60;+sip.instance=\"<urn:uuid:1>\"", ContactOf(message));
        var reparsed = SipMessageParser.Parse(message.ToArray()).Message!;
        Assert.True(reparsed.TryGetContacts(out var contacts));
        Assert.Equal("198.51.100.7", contacts[0].Uri.Host);
        Assert.Equal(40000, contacts[0].Uri.Port);
    }

    [Fact]
    public void FixContact_AppliedTwice_Idempotent()
    {
        var message = Invite("<sip:alice@10.0.0.5>");
        var flow = new RecordingFlow(SipTransportKind.Udp, "198.51.100.7:40000");

        Assert.True(NatHelper.FixContact(message, flow));
        var once = message.ToString();
        Assert.False(NatHelper.FixContact(message, flow));
        Assert.Equal(once, message.ToString());
    }

    [Fact]
    public void FixContact_WebSocketInvalidHost_RewrittenToTheConnectionsAddress()
    {
        var message = Invite("<sip:k3l2@df7jal23ls0d.invalid;transport=ws;ob>", "SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK1");
        var flow = new RecordingFlow(SipTransportKind.Wss, "198.51.100.9:61000");

        Assert.True(NatHelper.FixContact(message, flow));

        Assert.Equal("<sip:k3l2@198.51.100.9:61000;transport=ws;ob>", ContactOf(message));
    }

    [Fact]
    public void FixContact_ResponseFromUas_Rewritten()
    {
        var message = Ok("<sip:bob@192.168.1.20:5062>");
        Assert.True(NatHelper.FixContact(message, new RecordingFlow(SipTransportKind.Udp, "203.0.113.4:1024")));
        Assert.Equal("<sip:bob@203.0.113.4:1024>", ContactOf(message));
    }

    [Fact]
    public void FixContact_IPv6Source_Bracketed()
    {
        var message = Invite("<sip:alice@[fd00::5]:5060>");
        Assert.True(NatHelper.FixContact(message, new RecordingFlow(SipTransportKind.Udp, "[2001:db8::7]:40000")));
        Assert.Equal("<sip:alice@[2001:db8::7]:40000>", ContactOf(message));
    }

    [Fact]
    public void FixContact_SeveralValuesInOneField_OnlyTheFirstRewritten()
    {
        var message = Invite("<sip:a@10.0.0.5>, <sip:b@10.0.0.6>");
        Assert.True(NatHelper.FixContact(message, new RecordingFlow(SipTransportKind.Udp, "198.51.100.7:40000")));
        Assert.Equal("<sip:a@198.51.100.7:40000>, <sip:b@10.0.0.6>", ContactOf(message));
    }

    [Theory]
    [InlineData("")]
    [InlineData("*")]
    [InlineData("<tel:+15551234>")]
    public void FixContact_NothingToFix_FalseAndUnchanged(string contact)
    {
        var message = Invite(contact);
        var before = message.ToString();
        Assert.False(NatHelper.FixContact(message, new RecordingFlow()));
        Assert.Equal(before, message.ToString());
    }

    [Fact]
    public void FixContact_MalformedContactLeftAlone_False()
    {
        var message = Parse("INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.5;branch=z9hG4bK1\r\nFrom: <sip:a@example.com>;tag=1\r\nTo: <sip:bob@example.com>\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\nContact: <sip:alice@10.0.0.5\r\nContent-Length: 0\r\n\r\n");
        Assert.False(NatHelper.FixContact(message, new RecordingFlow()));
    }

    [Theory]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.16.0.1", true)]
    [InlineData("172.31.255.255", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("192.168.0.1", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("100.127.255.254", true)]
    [InlineData("100.128.0.1", false)]
    [InlineData("198.51.100.7", false)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("fd12:3456::1", true)]
    [InlineData("fc00::1", true)]
    [InlineData("2001:db8::1", false)]
    [InlineData("fe80::1", false)]
    public void IsPrivateAddress_Rfc1918Rfc6598AndUla(string address, bool expected)
    {
        Assert.Equal(expected, NatHelper.IsPrivateAddress(IPAddress.Parse(address)));
    }

    [Fact]
    public void IsBehindNat_PrivateContactAndVia_True()
    {
        var message = Invite("<sip:alice@10.0.0.5:5060>");
        var flow = new RecordingFlow(SipTransportKind.Udp, "198.51.100.7:40000");

        Assert.True(NatHelper.IsBehindNat(message, flow));
        Assert.True(NatHelper.IsBehindNat(message, flow, NatTests.ContactPrivate));
        Assert.True(NatHelper.IsBehindNat(message, flow, NatTests.ViaReceived));
        Assert.True(NatHelper.IsBehindNat(message, flow, NatTests.ViaPrivate));
        Assert.True(NatHelper.IsBehindNat(message, flow, NatTests.ViaPort));
        Assert.False(NatHelper.IsBehindNat(message, flow, NatTests.SourcePrivate | NatTests.WebSocket));
    }

    [Fact]
    public void IsBehindNat_PublicClientWritingItsRealAddress_False()
    {
        var message = Invite("<sip:alice@198.51.100.7:40000>", "SIP/2.0/UDP 198.51.100.7:40000;branch=z9hG4bK1");
        Assert.False(NatHelper.IsBehindNat(message, new RecordingFlow(SipTransportKind.Udp, "198.51.100.7:40000")));
    }

    [Fact]
    public void IsBehindNat_DefaultPortsInViaAndContact_ComparedAs5060()
    {
        var message = Invite("<sip:alice@198.51.100.7>", "SIP/2.0/UDP 198.51.100.7;branch=z9hG4bK1");
        Assert.False(NatHelper.IsBehindNat(message, new RecordingFlow(SipTransportKind.Udp, "198.51.100.7:5060")));
        Assert.True(NatHelper.IsBehindNat(message, new RecordingFlow(SipTransportKind.Udp, "198.51.100.7:5070"), NatTests.ContactPort));
    }

    [Fact]
    public void IsBehindNat_WebSocketFlow_True()
    {
        var message = Invite("<sip:alice@198.51.100.7:40000>", "SIP/2.0/WS 198.51.100.7:40000;branch=z9hG4bK1");
        var flow = new RecordingFlow(SipTransportKind.Ws, "198.51.100.7:40000");
        Assert.True(NatHelper.IsBehindNat(message, flow, NatTests.WebSocket));
        Assert.False(NatHelper.IsBehindNat(message, flow, NatTests.Default & ~NatTests.WebSocket));
    }

    [Fact]
    public void IsBehindNat_InvalidHostContact_ContactAddressFires()
    {
        var message = Invite("<sip:k@abc.invalid;transport=ws>", "SIP/2.0/UDP 198.51.100.7:40000;branch=z9hG4bK1");
        Assert.True(NatHelper.IsBehindNat(message, new RecordingFlow(SipTransportKind.Udp, "198.51.100.7:40000"), NatTests.ContactAddress));
    }

    [Fact]
    public void IsBehindNat_Response_ViaChecksSkipped()
    {
        var message = Ok("<sip:bob@203.0.113.4:1024>");
        var flow = new RecordingFlow(SipTransportKind.Udp, "203.0.113.4:1024");
        Assert.False(NatHelper.IsBehindNat(message, flow));
        Assert.True(NatHelper.IsBehindNat(Ok("<sip:bob@192.168.1.2:1024>"), flow));
    }

    [Fact]
    public void IsBehindNat_PrivateSource_OnlyWhenAsked()
    {
        var message = Invite("<sip:alice@10.0.0.5:5060>", "SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK1");
        var flow = new RecordingFlow(SipTransportKind.Udp, "10.0.0.5:5060");
        Assert.False(NatHelper.IsBehindNat(message, flow, NatTests.Default & ~NatTests.ContactPrivate & ~NatTests.ViaPrivate));
        Assert.True(NatHelper.IsBehindNat(message, flow, NatTests.SourcePrivate));
    }
}
