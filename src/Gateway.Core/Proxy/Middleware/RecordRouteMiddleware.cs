using Gateway.Core.Messages;

namespace Gateway.Core.Proxy.Middleware;

/// <summary>
/// <c>record_route()</c>: asks the relay to insert Record-Route on every branch (two entries when the branch leaves on
/// another transport or interface), except for the listed methods.
/// </summary>
internal sealed class RecordRouteMiddleware(SipRequestDelegate next, SipMethod[] except)
{
    public Task InvokeAsync(SipRequestContext context)
    {
        var method = context.Request.Method;
        var skip = false;
        foreach (var m in except)
        {
            if (m == method)
            {
                skip = true;
                break;
            }
        }

        if (!skip) context.RecordRoute = true;
        return next(context);
    }
}
