namespace Gateway.Core.Media;

/// <summary>A media session as reported by <see cref="IMediaRelay.QueryAsync"/> and <see cref="IMediaRelay.ListAsync"/>.</summary>
public sealed class MediaSessionInfo
{
    /// <summary>The session's key (Call-ID and the tags known so far).</summary>
    public required MediaSessionKey Key { get; init; }

    /// <summary>When the first offer created it.</summary>
    public DateTimeOffset Created { get; init; }

    /// <summary>When the last packet went through any of its streams (<see cref="Created"/> if none yet).</summary>
    public DateTimeOffset LastActivity { get; init; }

    /// <summary>Which relay instance holds it (the ng endpoint for a farm; "local" in-process).</summary>
    public string? Instance { get; init; }

    /// <summary>One entry per stream and side: both legs of every m-line.</summary>
    public IReadOnlyList<MediaStreamStatistics> Streams { get; init; } = [];
}
