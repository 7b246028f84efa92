namespace Gateway.Core.Transactions;

/// <summary>States of a server transaction (RFC 3261 §17.2, with the Accepted state of RFC 6026 §7.1).</summary>
public enum SipServerTransactionState
{
    /// <summary>Non-INVITE only: the request arrived and nothing has been answered yet; retransmissions are absorbed.</summary>
    Trying,

    /// <summary>A provisional response was sent (for INVITE, the state it starts in); retransmissions get the last provisional again.</summary>
    Proceeding,

    /// <summary>
    /// A final response was sent (for INVITE: a non-2xx one). Retransmissions get it again; an INVITE transaction
    /// waits for the ACK (Timers G and H), a non-INVITE one lingers for Timer J.
    /// </summary>
    Completed,

    /// <summary>
    /// INVITE only (RFC 6026 §7.1): a 2xx was sent. INVITE retransmissions are absorbed, more 2xx from the transaction
    /// user are passed through, ACKs go to the transaction user, until Timer L fires.
    /// </summary>
    Accepted,

    /// <summary>INVITE only: the ACK for the non-2xx final arrived; later ACKs are absorbed until Timer I fires.</summary>
    Confirmed,

    /// <summary>The transaction is over and no longer matches anything.</summary>
    Terminated,
}
