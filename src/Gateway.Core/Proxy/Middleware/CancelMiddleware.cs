namespace Gateway.Core.Proxy.Middleware;

/// <summary>
/// The tutorial's CANCEL block: a CANCEL that matched an INVITE transaction cancels its pending branches
/// (<c>t_check_trans()</c> + <c>t_relay()</c>); any other CANCEL goes nowhere.
/// </summary>
internal sealed class CancelMiddleware(SipRequestDelegate next)
{
    public Task InvokeAsync(SipRequestContext context)
    {
        if (!context.Request.Method.IsCancel) return next(context);
        if (context.Transaction is not null) return context.RelayAsync();
        context.IsCompleted = true;
        return Task.CompletedTask;
    }
}
