using Gateway.Core.Messages;
using Gateway.Core.Proxy;

namespace Gateway.Core.Registrar;

/// <summary>The registrar and lookup statements of the tutorial as pipeline steps.</summary>
public static class SipRegistrarApplicationBuilderExtensions
{
    /// <summary>
    /// REGISTER: runs <paramref name="beforeSave"/> (e.g. <c>ctx.BranchFlags.Set(DST_WS)</c> for WebSocket clients),
    /// then <c>save("location")</c> and answers; other requests pass on.
    /// </summary>
    public static ISipApplicationBuilder UseRegistrar(this ISipApplicationBuilder app, Action<SipRequestContext>? beforeSave = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use((context, next) =>
        {
            if (context.Request.Method != SipMethod.Register) return next(context);
            beforeSave?.Invoke(context);
            return context.SaveLocationAsync();
        });
    }

    /// <summary>
    /// <c>lookup("location", "m")</c>: 484 "Address Incomplete" without a user part, 404 "Not Found" without a
    /// reachable binding, else one target per contact and on to the relay.
    /// </summary>
    public static ISipApplicationBuilder UseLocationLookup(this ISipApplicationBuilder app, bool filterByMethod = true)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use(async (context, next) =>
        {
            switch (await context.LookupLocationAsync(filterByMethod).ConfigureAwait(false))
            {
                case SipLookupResult.NoUser:
                    await context.ReplyAsync(484, "Address Incomplete").ConfigureAwait(false);
                    break;
                case SipLookupResult.NotFound:
                    await context.ReplyAsync(404, "Not Found").ConfigureAwait(false);
                    break;
                default:
                    await next(context).ConfigureAwait(false);
                    break;
            }
        });
    }
}
