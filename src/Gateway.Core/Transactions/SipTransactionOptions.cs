namespace Gateway.Core.Transactions;

/// <summary>Transaction timers (RFC 3261 §17, Table 4) and OpenSIPS <c>tm</c>-style final-response timeouts.</summary>
public sealed class SipTransactionOptions
{
    /// <summary>T1, the round-trip estimate. Default 500 ms.</summary>
    public TimeSpan T1 { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>T2, the longest retransmit interval for non-INVITE requests and INVITE responses. Default 4 s.</summary>
    public TimeSpan T2 { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>T4, how long a message may remain in the network. Default 5 s.</summary>
    public TimeSpan T4 { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// OpenSIPS <c>fr_timeout</c>: how long a client transaction waits for a final response to a non-INVITE, or for
    /// the first provisional response to an INVITE, before it times out (the proxy then answers 408). Default 5 s.
    /// </summary>
    public TimeSpan FinalResponseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// OpenSIPS <c>fr_inv_timeout</c>: how long an INVITE client transaction waits for a final response once a
    /// provisional arrived; on expiry the branch is cancelled and times out (408). Default 30 s.
    /// </summary>
    public TimeSpan InviteFinalResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Send 100 Trying as soon as an INVITE server transaction is created (RFC 3261 §16.2, §17.2.1). Default true.</summary>
    public bool AutoTrying { get; set; } = true;

    /// <summary>
    /// Most server plus client transactions alive at once. When reached, a request that would create a new server
    /// transaction is answered 503 statelessly and not passed up; client transactions (branches of requests already
    /// accepted) and the transactions of matched CANCELs are never refused. Default 300,000: a relayed call keeps four
    /// transactions for about 101 transaction-seconds in all (Timers L, M and J at 64*T1, K at T4), i.e. ≈101,000 live
    /// transactions at 1,000 calls/s; once final, a transaction keeps about 1 KB (its serialised final response), not
    /// its parsed messages.
    /// </summary>
    public int MaxTransactions { get; set; } = 300_000;

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(T1, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(T2, T1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(T4, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(FinalResponseTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(InviteFinalResponseTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTransactions, 1);
    }
}
