using Gateway.Core.Messages;

namespace Gateway.Core.Transactions;

/// <summary>Receives what happens to one client transaction (one branch of a proxied request).</summary>
public interface ISipClientTransactionHandler
{
    /// <summary>
    /// A response arrived: every provisional, the final, and — for INVITE, in the Accepted state of RFC 6026 §7.2 —
    /// every retransmitted or additional 2xx (forked 2xx from other UAS), which a proxy forwards too.
    /// Retransmissions of a non-2xx final are absorbed by the layer (it re-sends the ACK) and not reported.
    /// </summary>
    Task OnResponseAsync(SipClientTransaction transaction, SipResponse response);

    /// <summary>
    /// No final response in time (Timer B/F, <c>fr_timeout</c>, or <c>fr_inv_timeout</c> after which the layer
    /// already sent CANCEL): the proxy treats the branch as a 408 (RFC 3261 §16.8).
    /// </summary>
    Task OnTimeoutAsync(SipClientTransaction transaction);

    /// <summary>The request could not be sent (flow closed, network error): the proxy treats the branch as a 503 (RFC 3261 §16.9).</summary>
    Task OnTransportErrorAsync(SipClientTransaction transaction);
}
