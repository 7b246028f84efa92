namespace Gateway.Core.Transactions;

/// <summary>What an INVITE server transaction did with an ACK that matched it.</summary>
internal enum ServerAckOutcome
{
    /// <summary>The ACK for a non-2xx final: hop by hop, consumed here (RFC 3261 §17.2.1).</summary>
    Absorbed,

    /// <summary>The ACK belongs to the transaction user (a 2xx ACK in the Accepted state, RFC 6026 §7.1).</summary>
    PassUp,

    /// <summary>The ACK makes no sense in the current state (no final sent yet) and is dropped.</summary>
    Drop,
}
