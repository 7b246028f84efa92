using Gateway.Core.Messages;
using Gateway.Core.Nat;
using Gateway.Core.Proxy;
using Gateway.Core.Registrar;
using ResidentialGateway.Calls;

namespace ResidentialGateway;

/// <summary>
/// The OpenSIPS tutorial's residential <c>route{}</c>, statement by statement, as a Gateway pipeline. The media part
/// (<c>rtpengine_offer/answer/delete</c> in <c>branch_route</c> / <c>onreply_route</c>) joins when the media relay
/// is wired in; everything else is here.
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

        // route[relay]: for INVITEs t_on_reply("handle_nat") → onreply_route: fix_nated_contact();
        app.Use((ctx, next) =>
        {
            if (ctx.Request.Method.IsInvite)
            {
                ctx.OnReply(static reply =>
                {
                    NatHelper.FixContact(reply.Response, reply.Branch.Flow);
                    return Task.CompletedTask;
                });
            }

            return next(ctx);
        });

        // t_relay() — appended by UsePipeline as the terminal step (500 "Internal Error" when it fails).
    }
}
