using Gateway.Core.Messages;
using Gateway.Core.Proxy.Middleware;

namespace Gateway.Core.Proxy;

/// <summary>The tutorial's routing statements as pipeline steps.</summary>
public static class SipProxyApplicationBuilderExtensions
{
    /// <summary>
    /// <c>mf_process_maxfwd_header(limit)</c>: adds Max-Forwards = <paramref name="limit"/> when absent, answers
    /// 483 "Too Many Hops" at 0, else decrements.
    /// </summary>
    public static ISipApplicationBuilder UseMaxForwards(this ISipApplicationBuilder app, int limit = 70)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 255);
        return app.Use(next => new MaxForwardsMiddleware(next, limit).InvokeAsync);
    }

    /// <summary>
    /// Requests with a To tag: loose-route and relay them (record-routing re-INVITEs); answer 404 "Not here" when the
    /// route set does not name this proxy; drop a stray ACK.
    /// </summary>
    public static ISipApplicationBuilder UseInDialog(this ISipApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use(next => new InDialogMiddleware(next).InvokeAsync);
    }

    /// <summary>CANCEL: cancel the branches of the INVITE it matched; otherwise drop it.</summary>
    public static ISipApplicationBuilder UseCancel(this ISipApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use(next => new CancelMiddleware(next).InvokeAsync);
    }

    /// <summary>No open relay: 403 unless the From or the Request-URI is one of our domains (REGISTER exempt).</summary>
    public static ISipApplicationBuilder UseRelayForbidden(this ISipApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use(next => new RelayForbiddenMiddleware(next).InvokeAsync);
    }

    /// <summary>Initial requests: consume Route entries naming us; 403 "Preload Route denied" for any other Route.</summary>
    public static ISipApplicationBuilder UseRejectPreloadedRoute(this ISipApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use(next => new PreloadedRouteMiddleware(next).InvokeAsync);
    }

    /// <summary><c>record_route()</c> for every method except <paramref name="except"/>.</summary>
    public static ISipApplicationBuilder UseRecordRoute(this ISipApplicationBuilder app, params SipMethod[] except)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(except);
        return app.Use(next => new RecordRouteMiddleware(next, except).InvokeAsync);
    }

    /// <summary>Answers requests of the given methods with a fixed status (e.g. PUBLISH/SUBSCRIBE → 503).</summary>
    public static ISipApplicationBuilder UseReply(this ISipApplicationBuilder app, int statusCode, string reasonPhrase, params SipMethod[] methods)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(methods);
        return app.Use((context, next) =>
        {
            if (!context.Request.Method.IsAnyOf(methods)) return next(context);
            context.IsCompleted = true;
            return context.ReplyAsync(statusCode, reasonPhrase);
        });
    }
}
