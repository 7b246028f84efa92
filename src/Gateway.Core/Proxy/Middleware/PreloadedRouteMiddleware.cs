using Gateway.Core.Routing;

namespace Gateway.Core.Proxy.Middleware;

/// <summary>
/// The tutorial's preloaded-route check: an initial request may name this proxy in its Route set (an outbound proxy
/// setting — those entries are consumed), but a Route toward anyone else is refused with 403 "Preload Route denied"
/// (an ACK is dropped instead).
/// </summary>
internal sealed class PreloadedRouteMiddleware(SipRequestDelegate next)
{
    public Task InvokeAsync(SipRequestContext context)
    {
        var request = context.Request;
        if (!request.Headers.Contains(Messages.SipHeaderId.Route)) return next(context);
        LooseRouter.Process(request, context.Proxy.LocalAddresses, context.Proxy.SipTransport, out var flow);
        if (!LooseRouter.HasForeignRoute(request))
        {
            if (flow is not null) context.DestinationFlow = flow;
            return next(context);
        }

        context.IsCompleted = true;
        if (request.Method.IsAck) return Task.CompletedTask;
        return context.ReplyAsync(403, "Preload Route denied");
    }
}
