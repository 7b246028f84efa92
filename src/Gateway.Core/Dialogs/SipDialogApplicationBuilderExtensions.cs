using Gateway.Core.Proxy;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Core.Dialogs;

/// <summary>Dialog tracking as a pipeline step.</summary>
public static class SipDialogApplicationBuilderExtensions
{
    /// <summary>
    /// OpenSIPS's <c>create_dialog()</c> for every INVITE, and the dialog's in-dialog bookkeeping (CSeq, target
    /// refresh, BYE): put it before the step that relays. Needs <c>AddDialogs()</c>; only record-routed dialogs are
    /// tracked (the proxy must see the BYE).
    /// </summary>
    public static ISipApplicationBuilder UseDialogs(this ISipApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var tracker = app.ApplicationServices.GetService<SipDialogTracker>()
            ?? throw new InvalidOperationException("UseDialogs() needs AddDialogs() on the gateway builder.");
        return app.Use((context, next) =>
        {
            tracker.Observe(context);
            return next(context);
        });
    }
}
