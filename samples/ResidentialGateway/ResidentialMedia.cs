using Gateway.Core.Media;
using Gateway.Core.Messages;
using Gateway.Core.Proxy;

namespace ResidentialGateway;

/// <summary>
/// The tutorial's media statements: <c>branch_route[handle_nat]</c> (<c>rtpengine_offer</c>),
/// <c>onreply_route[handle_nat]</c> (<c>rtpengine_answer</c>) and <c>rtpengine_delete()</c>, with the four
/// WS/non-WS flag combinations written out as the script writes them — plus late SDP (section 3.2): an INVITE without
/// SDP gets its offer from the 200 OK and its answer from the ACK.
/// </summary>
internal static class ResidentialMedia
{
    /// <summary>
    /// The flags for an SDP travelling from the caller's side to the callee's (the offer in an INVITE; the answer in
    /// the ACK of a late-SDP call): <c>branch_route[handle_nat]</c>'s table.
    /// </summary>
    public static string TowardCallee(bool srcWs, bool dstWs)
    {
        if (srcWs && dstWs) return "ICE=force-relay DTLS=passive";
        else if (srcWs && !dstWs) return "RTP/AVP replace-session-connection replace-origin ICE=remove";
        else if (!srcWs && dstWs) return "UDP/TLS/RTP/SAVPF ICE=force";
        else return "RTP/AVP replace-session-connection replace-origin ICE=remove";
    }

    /// <summary>
    /// The flags for an SDP travelling from the callee's side to the caller's (the answer in a reply; the offer in the
    /// 200 OK of a late-SDP call): <c>onreply_route[handle_nat]</c>'s table.
    /// </summary>
    public static string TowardCaller(bool srcWs, bool dstWs)
    {
        if (srcWs && dstWs) return "ICE=force-relay DTLS=passive";
        else if (srcWs && !dstWs) return "UDP/TLS/RTP/SAVPF ICE=force";
        else if (!srcWs && dstWs) return "RTP/AVP replace-session-connection replace-origin ICE=remove";
        else return "RTP/AVP replace-session-connection replace-origin ICE=remove";
    }
}
