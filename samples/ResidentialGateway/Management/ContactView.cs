namespace ResidentialGateway.Management;

/// <summary>One binding of an AOR.</summary>
internal sealed class ContactView
{
    /// <summary>The contact URI as the client wrote it.</summary>
    public required string Contact { get; init; }

    /// <summary>When it expires.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Seconds left.</summary>
    public long ExpiresInSeconds { get; init; }

    /// <summary>The q-value, if given.</summary>
    public double? Q { get; init; }

    /// <summary>The Call-ID of the REGISTER.</summary>
    public required string CallId { get; init; }

    /// <summary>The CSeq number of the REGISTER.</summary>
    public uint CSeq { get; init; }

    /// <summary>Where the REGISTER came from (transport:address:port).</summary>
    public string? Received { get; init; }

    /// <summary>The flow the REGISTER came on (the only way back to a WebSocket client).</summary>
    public string? FlowId { get; init; }

    /// <summary>Whether that flow is still open on this node; null when unknown.</summary>
    public bool? FlowOpen { get; init; }

    /// <summary>The +sip.instance, if any.</summary>
    public string? Instance { get; init; }

    /// <summary>The reg-id, if any.</summary>
    public int? RegId { get; init; }

    /// <summary>The User-Agent of the REGISTER.</summary>
    public string? UserAgent { get; init; }

    /// <summary>Branch flags saved with the binding (DST_WS…).</summary>
    public ulong BranchFlags { get; init; }
}
