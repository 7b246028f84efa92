namespace ResidentialGateway.Management;

/// <summary>One live transaction.</summary>
internal sealed class TransactionView
{
    /// <summary><c>server</c> or <c>client</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The request method.</summary>
    public required string Method { get; init; }

    /// <summary>The RFC 3261 state.</summary>
    public required string State { get; init; }

    /// <summary>The request's Call-ID.</summary>
    public string? CallId { get; init; }

    /// <summary>The flow's transport.</summary>
    public required string Transport { get; init; }

    /// <summary>The peer's address.</summary>
    public required string Remote { get; init; }
}
