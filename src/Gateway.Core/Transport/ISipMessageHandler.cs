using Gateway.Core.Messages;

namespace Gateway.Core.Transport;

/// <summary>
/// Receives every well-formed message the transports take in: the transaction layer (or a test responder)
/// implements it. By the time it is called the message has been parsed and validated, and for a request the top
/// Via carries <c>received</c>/<c>rport</c> (RFC 3261 §18.2.1, RFC 3581 §4). Malformed requests never reach it:
/// the transport answers them with 400 (or 505) itself.
/// </summary>
public interface ISipMessageHandler
{
    /// <summary>Handles one inbound message that arrived on <paramref name="flow"/>.</summary>
    ValueTask OnMessageAsync(SipFlow flow, SipMessage message, CancellationToken cancellationToken);
}
