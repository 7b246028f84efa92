using Gateway.Core.Messages;

namespace Gateway.Core.Proxy.Middleware;

/// <summary>
/// No open relay: a request (other than REGISTER) whose From is not one of our domains must be addressed to one of
/// them, else it is answered 403 (the tutorial's <c>from_uri!=myself</c> / <c>uri!=myself</c> check).
/// </summary>
internal sealed class RelayForbiddenMiddleware(SipRequestDelegate next)
{
    public Task InvokeAsync(SipRequestContext context)
    {
        if (context.Request.Method == SipMethod.Register || context.IsFromLocalDomain || context.IsForLocalDomain) return next(context);
        context.IsCompleted = true;
        return context.ReplyAsync(403, "Relay Forbidden");
    }
}
