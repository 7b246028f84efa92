namespace Gateway.Core.Media;

/// <summary>
/// Core's media port: what the tutorial's <c>rtpengine_offer</c>, <c>rtpengine_answer</c> and
/// <c>rtpengine_delete</c> talk to. Implemented in-process by Gateway.Media's relay engine, or by an ng client that
/// drives rtpengine daemons (ours or the real one). Calls are keyed as rtpengine keys them (<see cref="MediaSessionKey"/>).
/// </summary>
/// <remarks>
/// Failures the caller should act on (no free port, unknown session, unparseable SDP, relay unreachable) come back
/// as a failed <see cref="MediaRelayResult"/>, never as an exception; only cancellation throws.
/// </remarks>
public interface IMediaRelay
{
    /// <summary>
    /// Handles an SDP offer: creates the session (or updates it for a re-offer: hold, ICE restart, DTLS role or
    /// codec change), allocates the relay's ports and returns the offer rewritten for its recipient as
    /// <see cref="MediaRelayRequest.Flags"/> ask.
    /// </summary>
    ValueTask<MediaRelayResult> OfferAsync(MediaRelayRequest request, CancellationToken cancellationToken = default);

    /// <summary>Handles the SDP answer to an earlier offer and returns it rewritten for the offerer.</summary>
    ValueTask<MediaRelayResult> AnswerAsync(MediaRelayRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the call's media session — found by Call-ID and, when not empty, a tag of either party
    /// (<see cref="MediaSessionKey.FromTag"/>) — and releases its ports at once; with
    /// <see cref="MediaSessionKey.ViaBranch"/> set only that forked branch goes. Returns whether anything was deleted.
    /// </summary>
    ValueTask<bool> DeleteAsync(MediaSessionKey key, CancellationToken cancellationToken = default);

    /// <summary>Returns the session's state and per-stream counters, or <see langword="null"/> when unknown.</summary>
    ValueTask<MediaSessionInfo?> QueryAsync(MediaSessionKey key, CancellationToken cancellationToken = default);

    /// <summary>Returns every active session (the call-ids of rtpengine's <c>list</c>, with their counters).</summary>
    ValueTask<IReadOnlyList<MediaSessionInfo>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Raised when the relay ends a session by itself (media timeout), so that the proxy can end the call.
    /// Raised on a relay thread; handlers must not block.
    /// </summary>
    event EventHandler<MediaSessionEndedEventArgs>? SessionEnded;
}
