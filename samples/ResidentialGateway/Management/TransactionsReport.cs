namespace ResidentialGateway.Management;

/// <summary>GET /transactions: counts and a bounded list of live transactions (OpenSIPS <c>t_stats</c>).</summary>
internal sealed class TransactionsReport
{
    /// <summary>Server transactions alive.</summary>
    public int Server { get; init; }

    /// <summary>Client transactions alive.</summary>
    public int Client { get; init; }

    /// <summary>True when the limit cut the list.</summary>
    public bool Truncated { get; init; }

    /// <summary>Live transactions, server ones first.</summary>
    public required IReadOnlyList<TransactionView> Items { get; init; }
}
