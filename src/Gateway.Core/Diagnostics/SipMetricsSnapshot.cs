namespace Gateway.Core.Diagnostics;

/// <summary>The counts of <see cref="SipMetrics"/> at one moment (see <see cref="SipMetrics.GetSnapshot"/>).</summary>
public sealed class SipMetricsSnapshot
{
    /// <summary>Requests received, by method (<see cref="SipMetrics.OtherMethod"/> for unknown ones); methods never seen are absent.</summary>
    public required IReadOnlyDictionary<string, long> RequestsReceived { get; init; }

    /// <summary>Requests sent in client transactions (relayed branches, CANCELs), by method.</summary>
    public required IReadOnlyDictionary<string, long> RequestsSent { get; init; }

    /// <summary>Responses received, by class (<c>1xx</c> … <c>6xx</c>, every class present).</summary>
    public required IReadOnlyDictionary<string, long> ResponsesReceived { get; init; }

    /// <summary>Responses sent (local and relayed, retransmissions not counted), by class.</summary>
    public required IReadOnlyDictionary<string, long> ResponsesSent { get; init; }

    /// <summary>Server transactions created since start.</summary>
    public long ServerTransactionsCreated { get; init; }

    /// <summary>Client transactions created since start.</summary>
    public long ClientTransactionsCreated { get; init; }

    /// <summary>Server transactions alive now.</summary>
    public long ServerTransactionsActive { get; init; }

    /// <summary>Client transactions alive now.</summary>
    public long ClientTransactionsActive { get; init; }

    /// <summary>Bindings in the location store now; <see langword="null"/> when no store is known or it cannot answer at once.</summary>
    public long? RegistrationsActive { get; init; }
}
