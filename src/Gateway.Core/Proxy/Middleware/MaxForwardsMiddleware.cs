namespace Gateway.Core.Proxy.Middleware;

/// <summary>
/// OpenSIPS's <c>mf_process_maxfwd_header(limit)</c>: adds Max-Forwards with <c>limit</c> when absent, answers
/// 483 "Too Many Hops" when it is 0, otherwise decrements it (RFC 3261 §16.3 step 3, §16.6 step 3).
/// </summary>
internal sealed class MaxForwardsMiddleware(SipRequestDelegate next, int limit)
{
    public Task InvokeAsync(SipRequestContext context)
    {
        var request = context.Request;
        context.Items[SipProxy.MaxForwardsProcessed] = null;
        var value = request.MaxForwards;
        if (value is null)
        {
            request.MaxForwards = limit;
            return next(context);
        }

        if (value == 0)
        {
            context.IsCompleted = true;
            return context.ReplyAsync(483, "Too Many Hops");
        }

        request.MaxForwards = value - 1;
        return next(context);
    }
}
