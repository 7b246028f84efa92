namespace Gateway.Core.Media;

/// <summary>The outcome of an offer or answer: the rewritten SDP, or why there is none.</summary>
public sealed class MediaRelayResult
{
    private MediaRelayResult(bool succeeded, ReadOnlyMemory<byte> sdp, string? errorReason, string? warning)
    {
        Succeeded = succeeded;
        Sdp = sdp;
        ErrorReason = errorReason;
        Warning = warning;
    }

    /// <summary>Whether the relay handled the SDP.</summary>
    public bool Succeeded { get; }

    /// <summary>The rewritten SDP (empty when <see cref="Succeeded"/> is <see langword="false"/>).</summary>
    public ReadOnlyMemory<byte> Sdp { get; }

    /// <summary>Why it failed (rtpengine's <c>error-reason</c>), e.g. "Ran out of ports".</summary>
    public string? ErrorReason { get; }

    /// <summary>A non-fatal remark from the relay (rtpengine's <c>warning</c>).</summary>
    public string? Warning { get; }

    /// <summary>A success carrying the rewritten SDP.</summary>
    public static MediaRelayResult Ok(ReadOnlyMemory<byte> sdp, string? warning = null) => new(true, sdp, null, warning);

    /// <summary>A failure with its reason.</summary>
    public static MediaRelayResult Fail(string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return new(false, ReadOnlyMemory<byte>.Empty, reason, null);
    }
}
