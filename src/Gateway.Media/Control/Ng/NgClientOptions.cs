namespace Gateway.Media.Control.Ng;

/// <summary>Options of <see cref="NgMediaRelay"/>: the rtpengine instances and how patiently to talk to them.</summary>
public sealed class NgClientOptions
{
    /// <summary>The instances; new calls are spread over them by weight, and a call stays on the one that took its offer.</summary>
    public IList<NgClientEndpoint> Endpoints { get; } = [];

    /// <summary>How long to wait for a reply before sending the same request (same cookie) again. 1 second by default.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Sends of one request to one instance, the first included (Kamailio's <c>rtpengine_retr</c>). 3 by default.</summary>
    public int AttemptsPerInstance { get; set; } = 3;

    /// <summary>How long an instance that timed out is passed over for new calls. 30 seconds by default.</summary>
    public TimeSpan DisableDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest datagram sent or accepted. 65,507 bytes by default.</summary>
    public int MaxDatagramSize { get; set; } = 65507;

    /// <summary>Calls whose instance is remembered at most (the oldest is forgotten beyond). 100,000 by default.</summary>
    public int MaxTrackedCalls { get; set; } = 100_000;

    /// <summary>How long a call's instance is remembered without any command for it. 12 hours by default.</summary>
    public TimeSpan CallAffinityLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Adds an instance (<c>udp:127.0.0.1:22222</c>, optional <c>=weight</c>).</summary>
    /// <param name="endpoint">The instance, as <see cref="NgClientEndpoint.Parse"/> reads it.</param>
    /// <returns>These options.</returns>
    public NgClientOptions AddEndpoint(string endpoint)
    {
        Endpoints.Add(NgClientEndpoint.Parse(endpoint));
        return this;
    }

    /// <summary>Throws when an option is out of range.</summary>
    public void Validate()
    {
        if (Endpoints.Count == 0) throw new ArgumentException("An ng client needs at least one endpoint.", nameof(Endpoints));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(AttemptTimeout, TimeSpan.Zero, nameof(AttemptTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(AttemptsPerInstance, 1, nameof(AttemptsPerInstance));
        ArgumentOutOfRangeException.ThrowIfLessThan(DisableDuration, TimeSpan.Zero, nameof(DisableDuration));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDatagramSize, 512, nameof(MaxDatagramSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxDatagramSize, 65507, nameof(MaxDatagramSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTrackedCalls, 1, nameof(MaxTrackedCalls));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(CallAffinityLifetime, TimeSpan.Zero, nameof(CallAffinityLifetime));
    }
}
