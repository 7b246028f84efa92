namespace Gateway.Core.Media;

/// <summary>Why the relay ended a session by itself.</summary>
public enum MediaSessionEndReason
{
    /// <summary>No media arrived on any stream for the configured timeout.</summary>
    MediaTimeout,

    /// <summary>The session outlived the relay's maximum session duration.</summary>
    MaxDuration,

    /// <summary>The relay is shutting down.</summary>
    Shutdown,
}

/// <summary>Reports a session the relay ended by itself (see <see cref="IMediaRelay.SessionEnded"/>).</summary>
/// <param name="key">The session.</param>
/// <param name="reason">Why it ended.</param>
/// <param name="final">Its counters at the end.</param>
public sealed class MediaSessionEndedEventArgs(MediaSessionKey key, MediaSessionEndReason reason, MediaSessionInfo? final) : EventArgs
{
    /// <summary>The session.</summary>
    public MediaSessionKey Key { get; } = key;

    /// <summary>Why it ended.</summary>
    public MediaSessionEndReason Reason { get; } = reason;

    /// <summary>The session's counters when it ended, when the relay has them.</summary>
    public MediaSessionInfo? Final { get; } = final;
}
