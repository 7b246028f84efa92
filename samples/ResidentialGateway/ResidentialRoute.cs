using Gateway.Core.Dialogs;
using Gateway.Core.Media;
using Gateway.Core.Messages;
using Gateway.Core.Nat;
using Gateway.Core.Proxy;
using Gateway.Core.Registrar;
using ResidentialGateway.Calls;

namespace ResidentialGateway;

/// <summary>
/// The OpenSIPS tutorial's residential <c>route{}</c>, statement by statement, as a Gateway pipeline. The media
/// statements (<c>rtpengine_offer/answer/delete</c> in <c>branch_route</c> / <c>onreply_route</c>) are in
/// <see cref="ResidentialMedia"/>, hooked in by <c>route[relay]</c> below.
/// </summary>
internal static class ResidentialRoute
{
    /// <summary><c>setflag(SRC_WS)</c>: the request came over WS or WSS.</summary>
    public static readonly SipFlag SrcWs = SipFlag.Define("SRC_WS");

    /// <summary><c>setbflag(DST_WS)</c>: stored with a WebSocket client's binding, restored on the branch lookup creates.</summary>
    public static readonly SipFlag DstWs = SipFlag.Define("DST_WS");

    public static void Configure(ISipApplicationBuilder app)
    {
        // xlog: one Debug line per routing decision, one Information line per call (the sample's acc).
        app.UseRoutingLog();

        // if (!mf_process_maxfwd_header("10")) { sl_send_reply("483","Too Many Hops"); exit; }
        app.UseMaxForwards(10);

        // create_dialog() for INVITEs (not in the tutorial's script; what the relay's media timeout needs to end a
        // call with a BYE to each party): tracks record-routed dialogs, their CSeq and targets, until the BYE.
        app.UseDialogs();

        // route[relay]'s hooks, registered up front because in-dialog requests (re-INVITE, BYE) reach route(relay)
        // from the has_totag() block below:
        //   if (is_method("INVITE")) { t_on_branch("handle_nat"); t_on_reply("handle_nat"); }
        //   else if (is_method("BYE|CANCEL")) rtpengine_delete();
        app.Use(async (ctx, next) =>
        {
            var method = ctx.Request.Method;
            if (method.IsInvite || method.IsAck)
            {
                ctx.OnBranch(ResidentialMedia.BranchRouteAsync);
                if (method.IsInvite)
                {
                    ctx.OnReply(ResidentialMedia.OnReplyRouteAsync);
                    ctx.OnFailure(ResidentialMedia.FailureRouteAsync);
                }
            }
            else if (method == SipMethod.Bye || method.IsCancel)
            {
                await ctx.DeleteMediaAsync().ConfigureAwait(false);
            }

            await next(ctx).ConfigureAwait(false);
        });

        // if (has_totag()) { if (loose_route()) { if INVITE record_route(); route(relay); }
        //                    else { ACK: t_check_trans() ? t_relay() : drop;  sl_send_reply("404","Not here"); } }
        app.UseInDialog();

        // if (is_method("CANCEL")) { if (t_check_trans()) t_relay(); exit; }
        app.UseCancel();

        // if (!is_method("REGISTER") && from_uri!=myself && !uri==myself) send_reply("403","Relay forbidden");
        app.UseRelayForbidden();

        // if (loose_route()) { if (!is_method("ACK")) sl_send_reply("403","Preload Route denied"); exit; }
        app.UseRejectPreloadedRoute();

        // if (!is_method("REGISTER|MESSAGE")) record_route();
        app.UseRecordRoute(SipMethod.Register, SipMethod.Message);

        // if (!uri==myself) { append_hf("P-hint: outbound\r\n"); route(relay); }
        app.Use((ctx, next) =>
        {
            if (ctx.IsForLocalDomain) return next(ctx);
            ctx.Request.Headers.Add("P-hint", "outbound");
            return ctx.RelayAsync();
        });

        // if (is_method("PUBLISH|SUBSCRIBE")) { sl_send_reply("503", "Service Unavailable"); exit; }
        app.UseReply(503, "Service Unavailable", SipMethod.Publish, SipMethod.Subscribe);

        // if (proto == WS || proto == WSS) setflag(SRC_WS);  fix_nated_contact();
        app.Use((ctx, next) =>
        {
            if (ctx.IsWebSocket) ctx.Flags.Set(SrcWs);

            // A REGISTER keeps its Contact: the registrar stores the source flow instead (fix_nated_register), and
            // must echo the Contact as the client wrote it.
            if (ctx.Request.Method != SipMethod.Register) NatHelper.FixContact(ctx.Request, ctx.Flow);
            return next(ctx);
        });

        // if (is_method("REGISTER")) { if (isflagset(SRC_WS)) setbflag(DST_WS); fix_nated_register(); save("location"); exit; }
        app.UseRegistrar(ctx =>
        {
            if (ctx.Flags.Has(SrcWs)) ctx.BranchFlags.Set(DstWs);
        });

        // if ($rU==NULL) sl_send_reply("484","Address Incomplete");  if (!lookup("location","m")) t_reply("404", "Not Found");
        app.UseLocationLookup(filterByMethod: true);

        // t_relay() — appended by UsePipeline as the terminal step (500 "Internal Error" when it fails).
    }
}
