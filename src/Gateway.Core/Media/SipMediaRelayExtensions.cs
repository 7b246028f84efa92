using System.Net;
using Gateway.Core.Messages;

namespace Gateway.Core.Media;

/// <summary>
/// Offer and answer a SIP message's SDP through an <see cref="IMediaRelay"/>, keyed as rtpengine's SIP modules key
/// it: the session's <c>from-tag</c> is always the offerer's tag — the From tag for an offer in a request, the To tag
/// for an offer in a reply (late SDP) — and an answer carries the other side's tag as <c>to-tag</c>.
/// </summary>
public static class SipMediaRelayExtensions
{
    /// <summary>Whether the message carries an SDP body (<c>Content-Type: application/sdp</c> and a non-empty body).</summary>
    public static bool HasSdp(this SipMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return !message.Body.IsEmpty && message.ContentMediaType is { IsSdp: true };
    }

    /// <summary>
    /// Sends the message's SDP to the relay as an offer and replaces the body with the rewritten SDP.
    /// Returns <see langword="null"/> when the message has no SDP (nothing to do); on failure the body is left as it was.
    /// </summary>
    /// <param name="relay">The relay.</param>
    /// <param name="message">An INVITE/UPDATE/re-INVITE with an offer, or a 200 OK with the offer of a late-SDP call.</param>
    /// <param name="flags">How to rewrite the offer for its recipient.</param>
    /// <param name="receivedFrom">Where the message came from (the sender's public address behind NAT).</param>
    /// <param name="cancellationToken">Cancels the call to the relay.</param>
    public static ValueTask<MediaRelayResult?> OfferAsync(this IMediaRelay relay, SipMessage message, MediaFlags flags, IPEndPoint? receivedFrom = null, CancellationToken cancellationToken = default) =>
        ExchangeAsync(relay, message, flags, receivedFrom, offer: true, cancellationToken);

    /// <summary>
    /// Sends the message's SDP to the relay as the answer to an earlier offer and replaces the body with the rewritten
    /// SDP. Returns <see langword="null"/> when the message has no SDP; on failure the body is left as it was.
    /// </summary>
    /// <param name="relay">The relay.</param>
    /// <param name="message">A reply with the answer, or the ACK with the answer of a late-SDP call.</param>
    /// <param name="flags">How to rewrite the answer for its recipient (the offerer).</param>
    /// <param name="receivedFrom">Where the message came from.</param>
    /// <param name="cancellationToken">Cancels the call to the relay.</param>
    public static ValueTask<MediaRelayResult?> AnswerAsync(this IMediaRelay relay, SipMessage message, MediaFlags flags, IPEndPoint? receivedFrom = null, CancellationToken cancellationToken = default) =>
        ExchangeAsync(relay, message, flags, receivedFrom, offer: false, cancellationToken);

    /// <summary>Deletes the call's media session (BYE, CANCEL, a failed INVITE): keyed by Call-ID and the From tag.</summary>
    public static ValueTask<bool> DeleteAsync(this IMediaRelay relay, SipMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(relay);
        ArgumentNullException.ThrowIfNull(message);
        if (message.CallId is not { Length: > 0 } callId) return ValueTask.FromResult(false);
        return relay.DeleteAsync(new MediaSessionKey(callId, message.From?.Tag ?? string.Empty), cancellationToken);
    }

    /// <summary>
    /// The session key for an SDP in this message: the offerer's tag as <see cref="MediaSessionKey.FromTag"/>.
    /// For an offer in a request or an answer in a reply that is the From tag; for an offer in a reply or an answer
    /// in a request (late SDP: 200 OK offers, ACK answers) the tags swap.
    /// </summary>
    public static MediaSessionKey? GetMediaSessionKey(this SipMessage message, bool offer)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.CallId is not { Length: > 0 } callId) return null;
        var fromTag = message.From?.Tag ?? string.Empty;
        var toTag = message.To?.Tag;
        var swap = offer ? message is SipResponse : message is SipRequest;
        if (offer)
        {
            return swap ? new MediaSessionKey(callId, toTag ?? string.Empty) : new MediaSessionKey(callId, fromTag);
        }

        return swap ? new MediaSessionKey(callId, toTag ?? string.Empty, fromTag) : new MediaSessionKey(callId, fromTag, toTag);
    }

    private static async ValueTask<MediaRelayResult?> ExchangeAsync(IMediaRelay relay, SipMessage message, MediaFlags flags, IPEndPoint? receivedFrom, bool offer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relay);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(flags);
        if (!message.HasSdp() || message.GetMediaSessionKey(offer) is not { } key) return null;

        var request = new MediaRelayRequest(key, message.Body, flags) { ReceivedFrom = receivedFrom };
        var result = offer
            ? await relay.OfferAsync(request, cancellationToken).ConfigureAwait(false)
            : await relay.AnswerAsync(request, cancellationToken).ConfigureAwait(false);
        if (result.Succeeded) message.SetBody(result.Sdp, "application/sdp");
        return result;
    }
}
