namespace ResidentialGateway.Management;

/// <summary>GET /media: the relay's sessions with per-stream counters (rtpengine's <c>list</c>/<c>query</c>).</summary>
internal sealed class MediaReport
{
    /// <summary>False when no media relay is registered (the list is then empty).</summary>
    public bool RelayConfigured { get; init; }

    /// <summary>Sessions listed.</summary>
    public int Count { get; init; }

    /// <summary>The sessions.</summary>
    public required IReadOnlyList<MediaSessionView> Items { get; init; }
}
