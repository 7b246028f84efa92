namespace Gateway.Core.Transactions;

/// <summary>States of a client transaction (RFC 3261 §17.1, with the Accepted state of RFC 6026 §7.2).</summary>
public enum SipClientTransactionState
{
    /// <summary>INVITE only: the request was sent and nothing came back yet (Timers A and B run).</summary>
    Calling,

    /// <summary>Non-INVITE only: the request was sent and nothing came back yet (Timers E and F run).</summary>
    Trying,

    /// <summary>A provisional response arrived.</summary>
    Proceeding,

    /// <summary>
    /// A final response arrived (for INVITE: a non-2xx one, already ACKed by the layer); retransmissions of it are
    /// absorbed until Timer D (INVITE) or K (non-INVITE) fires.
    /// </summary>
    Completed,

    /// <summary>INVITE only (RFC 6026 §7.2): a 2xx arrived; every further 2xx is reported until Timer M fires.</summary>
    Accepted,

    /// <summary>The transaction is over (finished, timed out or failed) and no longer matches responses.</summary>
    Terminated,
}
