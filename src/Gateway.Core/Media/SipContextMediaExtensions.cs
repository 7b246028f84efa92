using Gateway.Core.Proxy;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Core.Media;

/// <summary>
/// <c>rtpengine_offer</c>, <c>rtpengine_answer</c> and <c>rtpengine_delete</c> as verbs of the pipeline's contexts,
/// using the <see cref="IMediaRelay"/> registered in DI (<c>AddMediaRelay()</c> or an ng client).
/// </summary>
public static class SipContextMediaExtensions
{
    /// <summary>
    /// <c>rtpengine_offer(flags)</c> in a branch hook: rewrites the outgoing branch's SDP offer for its target.
    /// Returns <see langword="null"/> when the request carries no SDP (late-SDP INVITE).
    /// </summary>
    public static ValueTask<MediaRelayResult?> OfferMediaAsync(this SipBranchContext branch, string flags, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(branch);
        var context = branch.Context;
        return Relay(context).OfferAsync(branch.Request, MediaFlags.Parse(flags), context.Flow.RemoteEndPoint, cancellationToken);
    }

    /// <summary>
    /// <c>rtpengine_answer(flags)</c> in a branch hook of an ACK (late SDP: the ACK carries the caller's answer to the
    /// offer of the 200 OK): rewrites the answer for the callee.
    /// </summary>
    public static ValueTask<MediaRelayResult?> AnswerMediaAsync(this SipBranchContext branch, string flags, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(branch);
        var context = branch.Context;
        return Relay(context).AnswerAsync(branch.Request, MediaFlags.Parse(flags), context.Flow.RemoteEndPoint, cancellationToken);
    }

    /// <summary><c>rtpengine_answer(flags)</c> in a reply hook: rewrites the reply's SDP answer for the caller.</summary>
    public static ValueTask<MediaRelayResult?> AnswerMediaAsync(this SipReplyContext reply, string flags, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return Relay(reply.Context).AnswerAsync(reply.Response, MediaFlags.Parse(flags), reply.Branch.Flow.RemoteEndPoint, cancellationToken);
    }

    /// <summary><c>rtpengine_offer(flags)</c> in a reply hook (late SDP): the 200 OK to a body-less INVITE carries the offer.</summary>
    public static ValueTask<MediaRelayResult?> OfferMediaAsync(this SipReplyContext reply, string flags, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return Relay(reply.Context).OfferAsync(reply.Response, MediaFlags.Parse(flags), reply.Branch.Flow.RemoteEndPoint, cancellationToken);
    }

    /// <summary><c>rtpengine_offer(flags)</c> on the request itself (re-INVITE or UPDATE relayed in-dialog).</summary>
    public static ValueTask<MediaRelayResult?> OfferMediaAsync(this SipRequestContext context, string flags, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Relay(context).OfferAsync(context.Request, MediaFlags.Parse(flags), context.Flow.RemoteEndPoint, cancellationToken);
    }

    /// <summary><c>rtpengine_answer(flags)</c> on the request itself: the ACK that carries a late-SDP answer.</summary>
    public static ValueTask<MediaRelayResult?> AnswerMediaAsync(this SipRequestContext context, string flags, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Relay(context).AnswerAsync(context.Request, MediaFlags.Parse(flags), context.Flow.RemoteEndPoint, cancellationToken);
    }

    /// <summary><c>rtpengine_delete()</c>: ends the call's media session (BYE, CANCEL).</summary>
    public static ValueTask<bool> DeleteMediaAsync(this SipRequestContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Relay(context).DeleteAsync(context.Request, cancellationToken);
    }

    private static IMediaRelay Relay(SipRequestContext context) =>
        context.Services.GetService<IMediaRelay>()
        ?? throw new InvalidOperationException("No IMediaRelay is registered: call AddMediaRelay() (in-process) or AddRtpEngine() (ng) on the gateway builder.");
}
