using Gateway.Core.Media;
using Gateway.Core.Nat;
using Gateway.Core.Proxy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ResidentialGateway;

/// <summary>
/// The tutorial's media statements: <c>branch_route[handle_nat]</c> (<c>rtpengine_offer</c>),
/// <c>onreply_route[handle_nat]</c> (<c>fix_nated_contact</c>, <c>rtpengine_answer</c>) and <c>rtpengine_delete()</c>,
/// with the four WS/non-WS flag combinations written out as the script writes them — plus late SDP (section 3.2):
/// an INVITE without SDP gets its offer from the 200 OK (in the reply hook) and its answer from the ACK (in the
/// ACK's branch hook).
/// </summary>
internal static partial class ResidentialMedia
{
    /// <summary>
    /// The flags for an SDP travelling in the direction of the request (the offer in an INVITE; the answer in the ACK
    /// of a late-SDP call): <c>branch_route[handle_nat]</c>'s table. <paramref name="srcWs"/> is the request's sender,
    /// <paramref name="dstWs"/> its recipient.
    /// </summary>
    public static string TowardCallee(bool srcWs, bool dstWs)
    {
        if (srcWs && dstWs) return "ICE=force-relay DTLS=passive";
        else if (srcWs && !dstWs) return "RTP/AVP replace-session-connection replace-origin ICE=remove";
        else if (!srcWs && dstWs) return "UDP/TLS/RTP/SAVPF ICE=force";
        else return "RTP/AVP replace-session-connection replace-origin ICE=remove";
    }

    /// <summary>
    /// The flags for an SDP travelling back to the request's sender (the answer in a reply; the offer in the 200 OK of
    /// a late-SDP call): <c>onreply_route[handle_nat]</c>'s table.
    /// </summary>
    public static string TowardCaller(bool srcWs, bool dstWs)
    {
        if (srcWs && dstWs) return "ICE=force-relay DTLS=passive";
        else if (srcWs && !dstWs) return "UDP/TLS/RTP/SAVPF ICE=force";
        else if (!srcWs && dstWs) return "RTP/AVP replace-session-connection replace-origin ICE=remove";
        else return "RTP/AVP replace-session-connection replace-origin ICE=remove";
    }

    /// <summary>
    /// <c>branch_route[handle_nat]</c>: <c>if (!is_method("INVITE") || !has_body("application/sdp")) return;</c>
    /// then <c>rtpengine_offer($var(rtpengine_flags))</c>. An ACK with SDP answers a late-SDP offer.
    /// </summary>
    public static async Task BranchRouteAsync(SipBranchContext branch)
    {
        if (!branch.Request.HasSdp()) return;
        var (srcWs, dstWs) = Sides(branch);
        var flags = TowardCallee(srcWs, dstWs);
        var result = branch.Request.Method.IsAck
            ? await branch.AnswerMediaAsync(flags).ConfigureAwait(false)
            : await branch.OfferMediaAsync(flags).ConfigureAwait(false);
        Report(branch.Context, result, branch.Request.Method.IsAck ? "answer (ACK)" : "offer", flags);
    }

    /// <summary>
    /// <c>onreply_route[handle_nat]</c>: <c>fix_nated_contact(); if (!has_body("application/sdp")) return;</c> then
    /// <c>rtpengine_answer($var(rtpengine_flags))</c> — or, when the INVITE had no SDP, the reply's SDP is the offer.
    /// </summary>
    public static async Task OnReplyRouteAsync(SipReplyContext reply)
    {
        NatHelper.FixContact(reply.Response, reply.Branch.Flow);
        if (!reply.Response.HasSdp()) return;
        var (srcWs, dstWs) = Sides(reply.Branch);
        var flags = TowardCaller(srcWs, dstWs);
        var lateOffer = !reply.Branch.Request.HasSdp();
        var result = lateOffer
            ? await reply.OfferMediaAsync(flags).ConfigureAwait(false)
            : await reply.AnswerMediaAsync(flags).ConfigureAwait(false);
        Report(reply.Context, result, lateOffer ? "offer (reply)" : "answer", flags);
    }

    /// <summary>A call that failed for good (no branch answered 2xx) releases its media at once.</summary>
    public static async Task FailureRouteAsync(SipFailureContext failure)
    {
        // Only an initial INVITE: a failed re-INVITE (491, 488) leaves the established call and its media alone.
        if (failure.Context.Request.To?.Tag is not null) return;
        await failure.Context.DeleteMediaAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// <c>isflagset(SRC_WS)</c> / <c>isbflagset(DST_WS)</c>. In-dialog requests never pass the statements that set
    /// the flags (they are relayed from the has_totag() block), so the transports of the request and of the branch
    /// stand in for them there.
    /// </summary>
    private static (bool SrcWs, bool DstWs) Sides(SipBranchContext branch) =>
        (branch.Context.Flags.Has(ResidentialRoute.SrcWs) || branch.Context.IsWebSocket,
         branch.BranchFlags.Has(ResidentialRoute.DstWs) || branch.IsWebSocket);

    private static void Report(SipRequestContext context, MediaRelayResult? result, string what, string flags)
    {
        if (result is null || (result.Succeeded && result.Warning is null)) return;
        var logger = context.Services.GetService<ILoggerFactory>()?.CreateLogger(typeof(ResidentialMedia));
        if (logger is null) return;
        if (!result.Succeeded) LogFailed(logger, what, context.Request.CallId, flags, result.ErrorReason);
        else LogWarning(logger, what, context.Request.CallId, flags, result.Warning);
    }

    [LoggerMessage(EventId = 4100, Level = LogLevel.Warning, Message = "Media {What} for call {CallId} failed ({Flags}): {Reason}; the SDP goes on unchanged")]
    private static partial void LogFailed(ILogger logger, string what, string? callId, string flags, string? reason);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Media {What} for call {CallId} ({Flags}): {Warning}")]
    private static partial void LogWarning(ILogger logger, string what, string? callId, string flags, string? warning);
}
