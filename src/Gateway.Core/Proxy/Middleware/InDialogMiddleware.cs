using Gateway.Core.Routing;

namespace Gateway.Core.Proxy.Middleware;

/// <summary>
/// The tutorial's <c>has_totag()</c> block: a request inside a dialog follows its route set (<c>loose_route()</c>,
/// re-record-routing re-INVITEs) and is relayed; one that does not name this proxy in its Route set is answered
/// 404 "Not here", and a stray ACK is dropped. Initial requests pass on.
/// </summary>
internal sealed class InDialogMiddleware(SipRequestDelegate next)
{
    public Task InvokeAsync(SipRequestContext context)
    {
        var request = context.Request;
        if (request.To?.Tag is null) return next(context);

        if (LooseRouter.Process(request, context.Proxy.LocalAddresses, context.Proxy.SipTransport, out var flow))
        {
            if (flow is not null) context.DestinationFlow = flow;

            // Some clients change the route set in re-INVITEs: record-route them too.
            if (request.Method.IsInvite) context.RecordRoute = true;
            return context.RelayAsync();
        }

        context.IsCompleted = true;
        if (request.Method.IsAck) return Task.CompletedTask;
        return context.ReplyAsync(404, "Not here");
    }
}
