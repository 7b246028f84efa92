namespace ResidentialGateway.Management;

/// <summary>One call.</summary>
internal sealed class CallView
{
    /// <summary>The Call-ID.</summary>
    public required string CallId { get; init; }

    /// <summary>The caller.</summary>
    public required string From { get; init; }

    /// <summary>The callee.</summary>
    public required string To { get; init; }

    /// <summary>The transport the INVITE came on.</summary>
    public required string Transport { get; init; }

    /// <summary><c>ringing</c> or <c>established</c>.</summary>
    public required string State { get; init; }

    /// <summary>When the INVITE arrived.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When it was answered.</summary>
    public DateTimeOffset? AnsweredAt { get; init; }

    /// <summary>Seconds since the INVITE.</summary>
    public double DurationSeconds { get; init; }
}
