using Gateway.Core.Messages;
using Gateway.Core.Transport;
using Gateway.Core.Uris;

namespace Gateway.Core.Routing;

/// <summary>
/// Route-header processing of RFC 3261 §16.4 (OpenSIPS's <c>loose_route()</c>): removes the Route entries that name
/// this gateway (one, or two after a transport change), undoes a strict router's rewrite, and reports the flow a
/// flow token in our own entry points to.
/// </summary>
public static class LooseRouter
{
    /// <summary>
    /// Processes the Route set of <paramref name="request"/>. Returns true when the request carried at least one Route
    /// entry naming this gateway (so it followed a route set we are on). <paramref name="flow"/> is the flow named by
    /// the flow token of the last of our entries that was removed, when that flow is still open.
    /// </summary>
    public static bool Process(SipRequest request, SipLocalAddresses local, ISipTransport transport, out SipFlow? flow)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(transport);
        flow = null;

        // A strict router before us put our Record-Route URI into the Request-URI and the real target in the last
        // Route entry (§16.4): restore the Request-URI from that entry.
        if (request.TryGetRequestUri(out var requestUri) && requestUri.IsLooseRouter && local.IsMyself(requestUri)
            && request.TryGetRoutes(out var strictRoutes) && strictRoutes.Count > 0)
        {
            RemoveLastRoute(request);
            request.RequestUri = strictRoutes[^1].Uri;
            ResolveToken(requestUri, transport, ref flow);
        }

        var matched = false;
        while (request.TryGetRoutes(out var routes) && routes.Count > 0 && local.IsMyself(routes[0].Uri))
        {
            request.PopRoute();
            matched = true;

            // Only the last of our entries says where the request goes next: an entry without a token (the UDP side
            // of a double Record-Route) must not leave the flow of an earlier entry (the sender's own WS/TCP side).
            flow = null;
            ResolveToken(routes[0].Uri, transport, ref flow);
        }

        return matched;
    }

    /// <summary>True when the request has Route entries naming someone else after ours were removed.</summary>
    public static bool HasForeignRoute(SipRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.TryGetRoutes(out var routes) && routes.Count > 0;
    }

    private static void ResolveToken(SipUri uri, ISipTransport transport, ref SipFlow? flow)
    {
        if (uri.User is { Length: > 0 } token && transport.TryResolveFlowToken(token, out var resolved)) flow = resolved;
    }

    private static void RemoveLastRoute(SipRequest request)
    {
        var headers = request.Headers;
        var last = -1;
        for (var i = headers.IndexOf(SipHeaderId.Route); i >= 0; i = headers.IndexOf(SipHeaderId.Route, i + 1)) last = i;
        if (last < 0) return;
        var values = new List<SipNameAddress>();
        if (!SipNameAddress.TryParseList(headers[last].Value, values) || values.Count <= 1)
        {
            headers.RemoveAt(last);
            return;
        }

        values.RemoveAt(values.Count - 1);
        headers.SetValue(last, string.Join(", ", values));
    }
}
