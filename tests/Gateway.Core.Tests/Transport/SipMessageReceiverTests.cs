using System.Net;
using System.Text;
using Gateway.Core.Messages;
using Gateway.Core.Parsing;
using Gateway.Core.Tests.Infrastructure;
using Gateway.Core.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Core.Tests.Transport;

public sealed class SipMessageReceiverTests
{
    private sealed class Handler : ISipMessageHandler
    {
        public List<SipMessage> Messages { get; } = [];

        public bool Throw { get; set; }

        public ValueTask OnMessageAsync(SipFlow flow, SipMessage message, CancellationToken cancellationToken)
        {
            if (Throw) throw new InvalidOperationException("boom");
            Messages.Add(message);
            return ValueTask.CompletedTask;
        }
    }

    private static (SipMessageReceiver Receiver, Handler Handler, RecordingFlow Flow) Create()
    {
        var handler = new Handler();
        return (new SipMessageReceiver(handler, SipParserOptions.Default, NullLogger<SipMessageReceiver>.Instance), handler, new RecordingFlow());
    }

    [Fact]
    public async Task ReceiveAsync_ValidRequestWithRport_StampsReceivedAndRport()
    {
        var (receiver, handler, flow) = Create();
        var text = "OPTIONS sip:gw@192.0.2.10 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.5:5060;rport;branch=z9hG4bK1\r\nFrom: <sip:a@example.com>;tag=1\r\nTo: <sip:gw@192.0.2.10>\r\nCall-ID: c1\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
        await receiver.ReceiveAsync(flow, Encoding.ASCII.GetBytes(text), framed: false);
        var via = Assert.Single(handler.Messages).TopVia!;
        Assert.Equal("198.51.100.7", via.Received);
        Assert.Equal(40000, via.RPort);
        Assert.Contains(";rport=40000;", handler.Messages[0].ToString(), StringComparison.Ordinal);
        Assert.Equal(1, receiver.Received);
    }

    [Fact]
    public async Task ReceiveAsync_SentByEqualsSource_NoReceived()
    {
        var (receiver, handler, flow) = Create();
        var text = "OPTIONS sip:gw@192.0.2.10 SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.7:40000;branch=z9hG4bK1\r\nFrom: <sip:a@example.com>;tag=1\r\nTo: <sip:gw@192.0.2.10>\r\nCall-ID: c1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
        var bytes = Encoding.ASCII.GetBytes(text);
        await receiver.ReceiveAsync(flow, bytes, framed: false);
        Assert.Null(Assert.Single(handler.Messages).TopVia!.Received);
        Assert.Equal(bytes, handler.Messages[0].ToArray());
    }

    [Fact]
    public async Task ReceiveAsync_MalformedRequest_Answers400OnTheFlow()
    {
        var (receiver, handler, flow) = Create();
        await receiver.ReceiveAsync(flow, TestData.Read("sip-torture", "mismatch01.dat"), framed: false);
        Assert.Empty(handler.Messages);
        var response = Assert.IsType<SipResponse>(Assert.Single(flow.Sent));
        Assert.Equal(400, response.StatusCode);
        Assert.Equal("CSeq Method Does Not Match: CSeq", response.ReasonPhrase);
        Assert.Equal(1, receiver.Rejected);
    }

    [Fact]
    public async Task ReceiveAsync_BadVersion_Answers505()
    {
        var (receiver, _, flow) = Create();
        await receiver.ReceiveAsync(flow, TestData.Read("sip-torture", "badvers.dat"), framed: false);
        Assert.Equal(505, Assert.IsType<SipResponse>(Assert.Single(flow.Sent)).StatusCode);
    }

    [Fact]
    public async Task ReceiveAsync_GarbageOrMalformedResponse_DroppedSilently()
    {
        var (receiver, handler, flow) = Create();
        await receiver.ReceiveAsync(flow, "\u0016\u0003\u0001garbage"u8.ToArray(), framed: false);
        await receiver.ReceiveAsync(flow, TestData.Read("sip-torture", "scalarlg.dat"), framed: false);
        Assert.Empty(handler.Messages);
        Assert.Empty(flow.Sent);
        Assert.Equal(2, receiver.Dropped);
    }

    [Fact]
    public async Task ReceiveAsync_HandlerThrows_CountedNotPropagated()
    {
        var (receiver, handler, flow) = Create();
        handler.Throw = true;
        await receiver.ReceiveAsync(flow, TestData.Read("sip-ws", "01-register-browser-to-proxy.sip"), framed: false);
        Assert.Equal(1, receiver.HandlerFailures);
    }

    [Theory]
    [InlineData("192.0.2.1", "192.0.2.1", null)]
    [InlineData("host.example.com", "192.0.2.1", "192.0.2.1")]
    [InlineData("[2001:db8::1]", "2001:db8::1", null)]
    [InlineData("[2001:db8::1]", "2001:db8::2", "2001:db8::2")]
    public void Apply_SentByVersusSource_ReceivedAsRfc3261Says(string sentBy, string source, string? expected)
    {
        var text = $"BYE sip:x@y SIP/2.0\r\nVia: SIP/2.0/UDP {sentBy};branch=z9hG4bK1\r\nContent-Length: 0\r\n\r\n";
        var request = SipMessageParser.Parse(Encoding.ASCII.GetBytes(text)).Request!;
        Assert.True(ViaReceivedStamp.Apply(request, new IPEndPoint(IPAddress.Parse(source), 5060)));
        Assert.Equal(expected, SipMessageParser.Parse(request.ToArray()).Message!.TopVia!.Received);
    }
}
