using Gateway.Core.Messages;
using Gateway.Core.Transport;

namespace Gateway.Core.Transactions;

/// <summary>
/// The transaction user (RFC 3261 §5): what sits above the transaction layer — the proxy core. The layer absorbs
/// retransmissions and hop-by-hop ACKs, answers CANCEL, and calls these methods for everything else.
/// </summary>
public interface ISipTransactionUser
{
    /// <summary>
    /// A new request created <paramref name="transaction"/> (any method but ACK and CANCEL). For INVITE the 100 Trying
    /// has already been sent when <see cref="SipTransactionOptions.AutoTrying"/> is set. The layer awaits the returned
    /// task before it reads the next message of the same receive loop, so long work should not be awaited here.
    /// </summary>
    Task OnRequestAsync(SipServerTransaction transaction);

    /// <summary>
    /// A CANCEL matched the INVITE server <paramref name="inviteTransaction"/>; the layer has already answered the
    /// CANCEL with 200 (RFC 3261 §9.2) and cancelled <see cref="SipServerTransaction.Cancelled"/>. The proxy cancels
    /// its pending branches; the INVITE is then answered 487 by whoever holds it. Called once per INVITE, and only
    /// while it has no final response yet: a CANCEL arriving later is still answered 200 but has no effect (§9.2).
    /// </summary>
    Task OnCancelAsync(SipServerTransaction inviteTransaction, SipRequest cancel);

    /// <summary>
    /// An ACK that matched no INVITE server transaction in the Completed state: the ACK of a 2xx, which is end to end
    /// (RFC 3261 §17.2.1, RFC 6026), or a stray one. A proxy routes it statelessly.
    /// </summary>
    Task OnAckAsync(SipFlow flow, SipRequest ack);

    /// <summary>A response that matched no client transaction; a proxy forwards it statelessly (RFC 3261 §16.7 step 3 / §16.11).</summary>
    Task OnStrayResponseAsync(SipFlow flow, SipResponse response);
}
