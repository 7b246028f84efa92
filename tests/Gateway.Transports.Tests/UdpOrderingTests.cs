using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Gateway.Core.Hosting;
using Gateway.Core.Messages;
using Gateway.Core.Transport;
using Gateway.Transports.Udp;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Gateway.Transports.Tests;

/// <summary>Several UDP receive threads still hand a dialog's messages to the handler in arrival order.</summary>
public sealed class UdpOrderingTests
{
    [Fact]
    public async Task ManyReceiveLoops_BackToBackMessagesOfADialog_HandledInArrivalOrder()
    {
        const int Dialogs = 150;
        var handler = new OrderRecorder();
        var options = new SipTransportOptions { UdpReceiveLoops = 4 };
        options.Listeners.Add(new SipListenerOptions { Protocol = SipTransportKind.Udp, Address = "127.0.0.1", Port = 0 });
        await using var layer = new SipTransportLayer(Options.Create(options), Options.Create(new SipGatewayOptions()), TimeProvider.System, NullLoggerFactory.Instance);
        await layer.StartAsync(handler);
        var server = layer.Listeners.First(l => l.Kind == SipTransportKind.Udp).EndPoint;

        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        for (var d = 0; d < Dialogs; d++)
        {
            // The first message of each dialog is slow to handle: without ordering another thread would take the second.
            for (var cseq = 1; cseq <= 3; cseq++) client.SendTo(Message(d, cseq), server);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (handler.Count < Dialogs * 3 && !timeout.IsCancellationRequested) await Task.Delay(20);

        Assert.Equal(Dialogs * 3, handler.Count);
        foreach (var (callId, order) in handler.Orders) Assert.True(order.SequenceEqual([1, 2, 3]), $"{callId}: {string.Join(",", order)}");
    }

    [Theory]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nCall-ID: abc@host\r\n\r\n", "abc@host")]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\ncall-id :  abc@host  \r\n\r\n", "abc@host")]
    [InlineData("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\ni: abc@host\r\n\r\n", "abc@host")]
    [InlineData("SIP/2.0 200 OK\nI:abc@host\n\n", "abc@host")]
    public void TryHashCallId_LongCompactAnyCase_SameHashAsValue(string text, string callId)
    {
        Assert.True(UdpDialogKey.TryHashCallId(Encoding.ASCII.GetBytes(text), out var hash));
        Assert.True(UdpDialogKey.TryHashCallId(Encoding.ASCII.GetBytes("OPTIONS x SIP/2.0\r\nCall-ID: " + callId + "\r\n\r\n"), out var expected));
        Assert.Equal(expected, hash);
    }

    [Theory]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nContent-Length: 12\r\n\r\nCall-ID: x\r\n")]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\nIn-Reply-To: x\r\nCall-Info: y\r\n\r\n")]
    [InlineData("Call-ID: x\r\n\r\n")]
    [InlineData("")]
    public void TryHashCallId_NoCallIdInHeaders_False(string text)
    {
        Assert.False(UdpDialogKey.TryHashCallId(Encoding.ASCII.GetBytes(text), out _));
    }

    private static byte[] Message(int dialog, int cseq) => Encoding.ASCII.GetBytes(
        $"OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bKo{dialog}x{cseq}\r\nMax-Forwards: 70\r\nFrom: <sip:a@127.0.0.1>;tag=f{dialog}\r\nTo: <sip:bob@127.0.0.1>\r\nCall-ID: order-{dialog}@test\r\nCSeq: {cseq} OPTIONS\r\nContent-Length: 0\r\n\r\n");

    private sealed class OrderRecorder : ISipMessageHandler
    {
        private int _count;

        public ConcurrentDictionary<string, List<long>> Orders { get; } = new();

        public int Count => Volatile.Read(ref _count);

        public ValueTask OnMessageAsync(SipFlow flow, SipMessage message, CancellationToken cancellationToken)
        {
            var cseq = message.CSeq!.Number;
            if (cseq == 1) Thread.Sleep(1);
            var list = Orders.GetOrAdd(message.CallId!, _ => []);
            lock (list) list.Add(cseq);
            Interlocked.Increment(ref _count);
            return ValueTask.CompletedTask;
        }
    }
}
