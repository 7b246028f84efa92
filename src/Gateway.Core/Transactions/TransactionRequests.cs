using Gateway.Core.Messages;

namespace Gateway.Core.Transactions;

/// <summary>Builds the requests a client transaction generates itself: the hop-by-hop ACK and CANCEL.</summary>
internal static class TransactionRequests
{
    /// <summary>
    /// The ACK for a non-2xx final response to <paramref name="invite"/> (RFC 3261 §17.1.1.3): same Request-URI,
    /// Call-ID, From and CSeq number (method ACK), To from the response (with its tag), only the top Via, and the
    /// Route header fields of the INVITE.
    /// </summary>
    public static SipRequest CreateAck(SipRequest invite, SipResponse response)
    {
        var ack = new SipRequest(SipMethod.Ack, invite.RequestUri.Clone());
        CopyTopVia(invite, ack);
        CopyFirst(invite.Headers, ack.Headers, SipHeaderId.From);
        var to = response.Headers.GetFirstValue(SipHeaderId.To) ?? invite.Headers.GetFirstValue(SipHeaderId.To);
        if (to is not null) ack.Headers.Add(SipHeaderNames.GetName(SipHeaderId.To), to);
        CopyFirst(invite.Headers, ack.Headers, SipHeaderId.CallId);
        AddCSeq(invite, ack, "ACK");
        ack.Headers.Add(SipHeaderNames.GetName(SipHeaderId.MaxForwards), "70");
        CopyAll(invite.Headers, ack.Headers, SipHeaderId.Route);
        ack.Headers.Add(SipHeaderNames.GetName(SipHeaderId.ContentLength), "0");
        return ack;
    }

    /// <summary>
    /// The CANCEL for <paramref name="request"/> (RFC 3261 §9.1): same Request-URI, Call-ID, From, To and CSeq
    /// number (method CANCEL), a single Via equal to the request's top Via, and the request's Route header fields.
    /// </summary>
    public static SipRequest CreateCancel(SipRequest request)
    {
        var cancel = new SipRequest(SipMethod.Cancel, request.RequestUri.Clone());
        CopyTopVia(request, cancel);
        CopyFirst(request.Headers, cancel.Headers, SipHeaderId.From);
        CopyFirst(request.Headers, cancel.Headers, SipHeaderId.To);
        CopyFirst(request.Headers, cancel.Headers, SipHeaderId.CallId);
        AddCSeq(request, cancel, "CANCEL");
        cancel.Headers.Add(SipHeaderNames.GetName(SipHeaderId.MaxForwards), "70");
        CopyAll(request.Headers, cancel.Headers, SipHeaderId.Route);
        cancel.Headers.Add(SipHeaderNames.GetName(SipHeaderId.ContentLength), "0");
        return cancel;
    }

    private static void CopyTopVia(SipRequest from, SipRequest to)
    {
        var via = from.TopVia ?? throw new InvalidOperationException("The request has no valid top Via.");
        to.Headers.Add(SipHeaderNames.GetName(SipHeaderId.Via), via.ToString());
    }

    private static void AddCSeq(SipRequest from, SipRequest to, string method)
    {
        var cseq = from.CSeq ?? throw new InvalidOperationException("The request has no valid CSeq.");
        to.Headers.Add(SipHeaderNames.GetName(SipHeaderId.CSeq), new Headers.SipCSeq(cseq.Number, method).ToString());
    }

    private static void CopyFirst(SipHeaderCollection from, SipHeaderCollection to, SipHeaderId id)
    {
        var value = from.GetFirstValue(id);
        if (value is not null) to.Add(SipHeaderNames.GetName(id), value);
    }

    private static void CopyAll(SipHeaderCollection from, SipHeaderCollection to, SipHeaderId id)
    {
        for (var i = from.IndexOf(id); i >= 0; i = from.IndexOf(id, i + 1))
        {
            to.Add(SipHeaderNames.GetName(id), from.GetValue(i));
        }
    }
}
