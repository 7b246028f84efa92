namespace Gateway.Core.Nat;

/// <summary>Settings of <see cref="NatKeepAlive"/> (OpenSIPS' <c>natping_interval</c>, <c>natping_method</c>).</summary>
public sealed class NatKeepAliveOptions
{
    /// <summary>Whether to ping clients registered over UDP at all (default false).</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// Time between two rounds of pings (default 20 s, below the 30 s after which many NATs forget a UDP mapping).
    /// </summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>What to send (default <see cref="NatPingMethod.Crlf"/>).</summary>
    public NatPingMethod Method { get; set; } = NatPingMethod.Crlf;

    /// <summary>
    /// With <see cref="NatPingMethod.Options"/>: after this many rounds in a row without an answer, the bindings at that
    /// address are removed. 0 (the default) never removes: dead clients then go when their registration expires.
    /// Only use it when OPTIONS answers are passed to <see cref="NatKeepAlive.TryHandleResponse"/>.
    /// </summary>
    public int MaxMissedPings { get; set; }

    /// <summary>Throws when a setting is invalid.</summary>
    public void Validate()
    {
        if (Interval <= TimeSpan.Zero) throw new InvalidOperationException("NatKeepAliveOptions.Interval must be positive.");
        if (MaxMissedPings < 0) throw new InvalidOperationException("NatKeepAliveOptions.MaxMissedPings must not be negative.");
        if (MaxMissedPings > 0 && Method != NatPingMethod.Options)
        {
            throw new InvalidOperationException("NatKeepAliveOptions.MaxMissedPings needs Method = Options: CRLF pings get no answer.");
        }
    }
}
