using System.Threading.Channels;
using Gateway.Core.Messages;
using Gateway.Core.Transport;

namespace Gateway.Transports.Tests.Infrastructure;

/// <summary>
/// A stateless test responder built on the public API: OPTIONS and REGISTER get 200, other requests 501, ACKs and
/// responses are only recorded. Every message is also written to <see cref="Received"/> with its flow.
/// </summary>
internal sealed class TestResponder : ISipMessageHandler
{
    public Channel<(SipFlow Flow, SipMessage Message)> Received { get; } = Channel.CreateUnbounded<(SipFlow, SipMessage)>();

    public async ValueTask OnMessageAsync(SipFlow flow, SipMessage message, CancellationToken cancellationToken)
    {
        Received.Writer.TryWrite((flow, message));
        if (message is not SipRequest request || request.Method.IsAck) return;
        var ok = request.Method == SipMethod.Options || request.Method == SipMethod.Register;
        var response = SipResponse.CreateFor(request, ok ? 200 : 501, ok ? "OK" : "Not Implemented");
        await flow.SendAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits for the next received message that satisfies <paramref name="match"/>.</summary>
    public async Task<(SipFlow Flow, SipMessage Message)> WaitAsync(Func<SipMessage, bool> match, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        while (true)
        {
            var item = await Received.Reader.ReadAsync(cts.Token);
            if (match(item.Message)) return item;
        }
    }
}
