using Gateway.Core.Messages;
using Gateway.Core.Transport;

namespace LoadHost;

/// <summary>Stateless OPTIONS → 200 (other requests → 501), the handler the load figures are measured with.</summary>
internal sealed class StatelessOptionsHandler : ISipMessageHandler
{
    public ValueTask OnMessageAsync(SipFlow flow, SipMessage message, CancellationToken cancellationToken)
    {
        if (message is not SipRequest request || request.Method.IsAck) return ValueTask.CompletedTask;
        var response = request.Method == SipMethod.Options ? SipResponse.CreateFor(request, 200, "OK") : SipResponse.CreateFor(request, 501, "Not Implemented");
        var send = flow.SendAsync(response, cancellationToken);
        return send.IsCompletedSuccessfully ? ValueTask.CompletedTask : AwaitAsync(send);
    }

    private static async ValueTask AwaitAsync(ValueTask<bool> send) => await send.ConfigureAwait(false);
}
