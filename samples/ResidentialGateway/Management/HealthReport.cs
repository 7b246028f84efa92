namespace ResidentialGateway.Management;

/// <summary>GET /health: the gateway is up, since when, and what it listens on.</summary>
internal sealed class HealthReport
{
    /// <summary><c>healthy</c> while running, <c>stopping</c> once shutdown began.</summary>
    public required string Status { get; init; }

    /// <summary>When the management endpoint started (with the gateway).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Seconds since <see cref="StartedAt"/>.</summary>
    public double UptimeSeconds { get; init; }

    /// <summary>The bound SIP listeners.</summary>
    public required IReadOnlyList<ListenerView> Listeners { get; init; }
}
