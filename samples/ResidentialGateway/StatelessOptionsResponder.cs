using Gateway.Core.Messages;
using Gateway.Core.Transport;

namespace ResidentialGateway;

/// <summary>
/// A stand-in until the proxy pipeline exists: a stateless handler that answers OPTIONS with 200 (a SIP ping, as
/// OpenSIPS answers it) and every other request with 501 Not Implemented. ACKs and responses are ignored; nothing is
/// remembered between messages.
/// </summary>
internal sealed class StatelessOptionsResponder : ISipMessageHandler
{
    public async ValueTask OnMessageAsync(SipFlow flow, SipMessage message, CancellationToken cancellationToken)
    {
        if (message is not SipRequest request || request.Method.IsAck) return;
        var response = request.Method == SipMethod.Options
            ? SipResponse.CreateFor(request, 200, "OK")
            : SipResponse.CreateFor(request, 501, "Not Implemented");
        await flow.SendAsync(response, cancellationToken).ConfigureAwait(false);
    }
}
