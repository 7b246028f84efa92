using Gateway.Core.Messages;

namespace Gateway.Core.Transactions;

/// <summary>Receives what happens to one client transaction (one branch of a proxied request).</summary>
/// <remarks>
/// Calls come from the receive path or from timer callbacks, possibly concurrently for different transactions, and
/// possibly before <see cref="SipTransactionLayer.StartClientTransaction"/> has returned (a send that fails at once):
/// use the <see cref="SipClientTransaction"/> argument (or one handler per branch) to find the branch. Exceptions are
/// caught and logged by the layer.
/// </remarks>
public interface ISipClientTransactionHandler
{
    /// <summary>
    /// A response arrived: every provisional, the final, and — for INVITE, in the Accepted state of RFC 6026 §7.2 —
    /// every retransmitted or additional 2xx (forked 2xx from other UAS), which a proxy forwards too.
    /// Retransmissions of a non-2xx final are absorbed by the layer (it re-sends the ACK) and not reported.
    /// Once <see cref="OnTimeoutAsync"/> was reported for an INVITE (fr_inv_timeout), only 2xx are reported any more:
    /// the provisionals and the 487 that answer the layer's CANCEL are absorbed (the 487 is still ACKed).
    /// </summary>
    Task OnResponseAsync(SipClientTransaction transaction, SipResponse response);

    /// <summary>
    /// No final response in time (Timer B/F, <c>fr_timeout</c>, or <c>fr_inv_timeout</c> after which the layer
    /// already sent CANCEL): the proxy treats the branch as a 408 (RFC 3261 §16.8). Also reported, once, when a final
    /// response never followed a CANCEL within 64*T1 (RFC 3261 §9.1). Reported at most once per transaction.
    /// </summary>
    Task OnTimeoutAsync(SipClientTransaction transaction);

    /// <summary>The request could not be sent (flow closed, network error): the proxy treats the branch as a 503 (RFC 3261 §16.9).</summary>
    Task OnTransportErrorAsync(SipClientTransaction transaction);
}
