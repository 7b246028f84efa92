namespace Gateway.Media.Ice;

/// <summary>Options of an <see cref="IceLiteAgent"/>.</summary>
public sealed class IceLiteAgentOptions
{
    /// <summary>
    /// How long without a valid check before consent expires (RFC 7675 §5.1: 30 seconds). Peers send checks about
    /// every 5 seconds.
    /// </summary>
    public TimeSpan ConsentTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// When true, requests without FINGERPRINT are ignored (RFC 8445 §7.2.2 requires ICE agents to send it).
    /// Off by default, to be lenient with peers that omit it.
    /// </summary>
    public bool RequireFingerprint { get; init; }

    /// <summary>A SOFTWARE value to put in responses, or null for none.</summary>
    public string? Software { get; init; }
}
