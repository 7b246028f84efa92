using System.Text;
using Gateway.Core.Hosting;
using Gateway.Core.Messages;
using Gateway.Core.Parsing;
using Gateway.Core.Proxy;
using Gateway.Core.Tests.Infrastructure;
using Gateway.Core.Transactions;
using Gateway.Core.Transport;
using Gateway.Core.Uris;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Core.Tests.Proxy;

/// <summary>The proxy core over an in-memory transport and the real transaction layer, timers on a fake clock.</summary>
public sealed class SipProxyTests : IAsyncDisposable
{
    private readonly FakeTransport _transport = new();
    private readonly FakeTimeProvider _time = new();
    private ServiceProvider? _services;

    private SipTransactionLayer Build(Action<ISipApplicationBuilder> pipeline)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton<ISipTransport>(_transport);
        services.AddSipGateway(o => o.LocalDomains.Add("example.com")).UsePipeline(pipeline);
        _services = services.BuildServiceProvider();
        return _services.GetRequiredService<SipTransactionLayer>();
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
    }

    private static SipRequest Request(string text) => SipMessageParser.Parse(Encoding.UTF8.GetBytes(text.Replace("\n", "\r\n", StringComparison.Ordinal))).Request!;

    private static SipRequest Invite(string ruri = "sip:bob@example.com", string branch = "z9hG4bKuac1", int maxForwards = 70, string extra = "") => Request(
        $"INVITE {ruri} SIP/2.0\nVia: SIP/2.0/UDP 198.51.100.7:40000;branch={branch}\nFrom: <sip:alice@example.com>;tag=a1\nTo: <sip:bob@example.com>\nCall-ID: call-{branch}\nCSeq: 1 INVITE\nMax-Forwards: {maxForwards}\nContact: <sip:alice@198.51.100.7:40000>\n{extra}Content-Length: 0\n\n");

    private static SipResponse Answer(SipMessage request, int status, string reason, string tag = "b1")
    {
        var response = SipResponse.CreateFor((SipRequest)request, status, reason);
        if (status > 100)
        {
            var to = response.To!;
            to.Tag = tag;
            response.SetTo(to);
        }

        return response;
    }

    private static void Target(ISipApplicationBuilder app, params string[] uris) => app.Use((ctx, next) =>
    {
        if (ctx.Request.To?.Tag is null && ctx.Request.Method.IsInvite)
        {
            foreach (var uri in uris) ctx.Targets.Add(new SipForwardTarget(SipUri.Parse(uri)));
        }

        return next(ctx);
    });

    [Fact]
    public async Task MaxForwardsZero_Answers483()
    {
        var layer = Build(app => app.UseMaxForwards(10));
        var uac = _transport.Flow(SipTransportKind.Udp, "198.51.100.7:40000");
        await layer.OnMessageAsync(uac, Invite(maxForwards: 0), default);
        var final = uac.Snapshot().OfType<SipResponse>().Last();
        Assert.Equal(483, final.StatusCode);
        Assert.Equal("Too Many Hops", final.ReasonPhrase);
    }

    [Fact]
    public async Task ForeignToForeign_Answers403()
    {
        var layer = Build(app => app.UseRelayForbidden());
        var uac = _transport.Flow(SipTransportKind.Udp, "198.51.100.7:40000");
        var request = Request("MESSAGE sip:x@elsewhere.net SIP/2.0\nVia: SIP/2.0/UDP 198.51.100.7:40000;branch=z9hG4bKm1\nFrom: <sip:eve@evil.net>;tag=e\nTo: <sip:x@elsewhere.net>\nCall-ID: m1\nCSeq: 1 MESSAGE\nMax-Forwards: 70\nContent-Length: 0\n\n");
        await layer.OnMessageAsync(uac, request, default);
        Assert.Equal(403, Assert.IsType<SipResponse>(Assert.Single(uac.Snapshot())).StatusCode);
    }

    [Fact]
    public async Task InDialogWithoutOurRoute_Answers404NotHere()
    {
        var layer = Build(app => app.UseInDialog());
        var uac = _transport.Flow(SipTransportKind.Udp, "198.51.100.7:40000");
        var bye = Request("BYE sip:bob@203.0.113.9 SIP/2.0\nVia: SIP/2.0/UDP 198.51.100.7:40000;branch=z9hG4bKb1\nFrom: <sip:alice@example.com>;tag=a1\nTo: <sip:bob@example.com>;tag=b1\nCall-ID: d1\nCSeq: 2 BYE\nMax-Forwards: 70\nContent-Length: 0\n\n");
        await layer.OnMessageAsync(uac, bye, default);
        var response = Assert.IsType<SipResponse>(Assert.Single(uac.Snapshot()));
        Assert.Equal(404, response.StatusCode);
        Assert.Equal("Not here", response.ReasonPhrase);
    }

    [Fact]
    public async Task Relay_SingleTarget_ForwardsAndReturnsResponses()
    {
        var layer = Build(app =>
        {
            app.UseMaxForwards(70);
            app.UseRecordRoute();
            Target(app, "sip:bob@203.0.113.9:5070");
        });
        var uac = _transport.Flow(SipTransportKind.Udp, "198.51.100.7:40000");
        await layer.OnMessageAsync(uac, Invite(), default);

        var uas = _transport.Flow(SipTransportKind.Udp, "203.0.113.9:5070");
        var forwarded = Assert.IsType<SipRequest>(Assert.Single(uas.Snapshot()));
        Assert.Equal("sip:bob@203.0.113.9:5070", forwarded.RequestUriText);
        Assert.Equal(69, forwarded.MaxForwards);
        Assert.True(forwarded.TryGetVias(out var vias));
        Assert.Equal(2, vias.Count);
        Assert.Equal("192.0.2.10", vias[0].Host);
        Assert.StartsWith("z9hG4bK", vias[0].Branch, StringComparison.Ordinal);
        Assert.True(forwarded.TryGetRecordRoutes(out var rr));
        Assert.Equal("<sip:192.0.2.10:5060;transport=udp;lr>", Assert.Single(rr).ToString());
        Assert.Contains(uac.Snapshot(), m => m is SipResponse { StatusCode: 100 });

        await layer.OnMessageAsync(uas, Answer(forwarded, 180, "Ringing"), default);
        await layer.OnMessageAsync(uas, Answer(forwarded, 200, "OK"), default);
        var upstream = uac.Snapshot().OfType<SipResponse>().Where(r => r.StatusCode > 100).ToList();
        Assert.Equal([180, 200], upstream.Select(r => r.StatusCode));
        Assert.All(upstream, r =>
        {
            Assert.True(r.TryGetVias(out var v));
            Assert.Equal("z9hG4bKuac1", Assert.Single(v).Branch);
        });
    }

    [Fact]
    public async Task Fork_OneBusyOneAnswers_200UpstreamAndLoserCancelled()
    {
        var layer = Build(app => Target(app, "sip:bob@203.0.113.1", "sip:bob@203.0.113.2"));
        var uac = _transport.Flow(SipTransportKind.Udp, "198.51.100.7:40000");
        await layer.OnMessageAsync(uac, Invite(), default);
        var uas1 = _transport.Flow(SipTransportKind.Udp, "203.0.113.1:5060");
        var uas2 = _transport.Flow(SipTransportKind.Udp, "203.0.113.2:5060");
        var invite1 = (SipRequest)Assert.Single(uas1.Snapshot());
        var invite2 = (SipRequest)Assert.Single(uas2.Snapshot());
        Assert.NotEqual(invite1.TopVia!.Branch, invite2.TopVia!.Branch);

        await layer.OnMessageAsync(uas1, Answer(invite1, 180, "Ringing", "t1"), default);
        await layer.OnMessageAsync(uas2, Answer(invite2, 200, "OK", "t2"), default);

        Assert.Contains(uac.Snapshot(), m => m is SipResponse { StatusCode: 200 });
        var cancel = uas1.Snapshot().OfType<SipRequest>().Single(r => r.Method.IsCancel);
        Assert.Equal(invite1.TopVia!.Branch, cancel.TopVia!.Branch);
    }

    [Fact]
    public async Task Fork_AllFail_BestResponseUpstream()
    {
        var layer = Build(app => Target(app, "sip:bob@203.0.113.1", "sip:bob@203.0.113.2"));
        var uac = _transport.Flow(SipTransportKind.Udp, "198.51.100.7:40000");
        await layer.OnMessageAsync(uac, Invite(), default);
        var uas1 = _transport.Flow(SipTransportKind.Udp, "203.0.113.1:5060");
        var uas2 = _transport.Flow(SipTransportKind.Udp, "203.0.113.2:5060");
        await layer.OnMessageAsync(uas1, Answer(uas1.Snapshot()[0], 503, "Service Unavailable", "t1"), default);
        Assert.DoesNotContain(uac.Snapshot(), m => m is SipResponse { StatusCode: >= 300 });
        await layer.OnMessageAsync(uas2, Answer(uas2.Snapshot()[0], 486, "Busy Here", "t2"), default);
        var final = uac.Snapshot().OfType<SipResponse>().Single(r => r.StatusCode >= 300);
        Assert.Equal(486, final.StatusCode);
    }

    [Fact]
    public async Task Fork_SixHundred_CancelsOthersAndWins()
    {
        var layer = Build(app => Target(app, "sip:bob@203.0.113.1", "sip:bob@203.0.113.2"));
        var uac = _transport.Flow(SipTransportKind.Udp, "198.51.100.7:40000");
        await layer.OnMessageAsync(uac, Invite(), default);
        var uas1 = _transport.Flow(SipTransportKind.Udp, "203.0.113.1:5060");
        var uas2 = _transport.Flow(SipTransportKind.Udp, "203.0.113.2:5060");
        await layer.OnMessageAsync(uas2, Answer(uas2.Snapshot()[0], 180, "Ringing", "t2"), default);
        await layer.OnMessageAsync(uas1, Answer(uas1.Snapshot()[0], 603, "Decline", "t1"), default);
        Assert.Contains(uas2.Snapshot(), m => m is SipRequest { Method.IsCancel: true });
        await layer.OnMessageAsync(uas2, Answer(uas2.Snapshot()[0], 487, "Request Terminated", "t2"), default);
        Assert.Equal(603, uac.Snapshot().OfType<SipResponse>().Single(r => r.StatusCode >= 300).StatusCode);
    }

    [Fact]
    public async Task Cancel_WhileRinging_BranchCancelledAnd487Upstream()
    {
        var layer = Build(app =>
        {
            app.UseCancel();
            Target(app, "sip:bob@203.0.113.1");
        });
        var uac = _transport.Flow(SipTransportKind.Udp, "198.51.100.7:40000");
        var invite = Invite();
        await layer.OnMessageAsync(uac, invite, default);
        var uas = _transport.Flow(SipTransportKind.Udp, "203.0.113.1:5060");
        var forwarded = (SipRequest)uas.Snapshot()[0];
        await layer.OnMessageAsync(uas, Answer(forwarded, 180, "Ringing"), default);

        var cancel = Request($"CANCEL sip:bob@example.com SIP/2.0\nVia: SIP/2.0/UDP 198.51.100.7:40000;branch=z9hG4bKuac1\nFrom: <sip:alice@example.com>;tag=a1\nTo: <sip:bob@example.com>\nCall-ID: call-z9hG4bKuac1\nCSeq: 1 CANCEL\nMax-Forwards: 70\nContent-Length: 0\n\n");
        await layer.OnMessageAsync(uac, cancel, default);
        Assert.Contains(uac.Snapshot(), m => m is SipResponse { StatusCode: 200, CSeq.Method: "CANCEL" });
        var downstreamCancel = uas.Snapshot().OfType<SipRequest>().Single(r => r.Method.IsCancel);
        await layer.OnMessageAsync(uas, Answer(downstreamCancel, 200, "OK"), default);
        await layer.OnMessageAsync(uas, Answer(forwarded, 487, "Request Terminated"), default);
        Assert.Contains(uac.Snapshot(), m => m is SipResponse { StatusCode: 487, CSeq.Method: "INVITE" });
        Assert.Contains(uas.Snapshot(), m => m is SipRequest { Method.IsAck: true });
    }

    [Fact]
    public async Task UnresponsiveCallee_FrTimeout_408Upstream()
    {
        var layer = Build(app => Target(app, "sip:bob@203.0.113.1"));
        var uac = _transport.Flow(SipTransportKind.Udp, "198.51.100.7:40000");
        await layer.OnMessageAsync(uac, Invite(), default);
        _time.Advance(TimeSpan.FromSeconds(6));
        await Task.Delay(50);
        Assert.Equal(408, uac.Snapshot().OfType<SipResponse>().Single(r => r.StatusCode >= 300).StatusCode);
    }

    [Fact]
    public async Task MiddlewareThrows_500AndNextRequestWorks()
    {
        var calls = 0;
        var layer = Build(app => app.Use((ctx, next) =>
        {
            if (Interlocked.Increment(ref calls) == 1) throw new InvalidOperationException("bug");
            return ctx.ReplyAsync(486, "Busy Here");
        }));
        var uac = _transport.Flow(SipTransportKind.Udp, "198.51.100.7:40000");
        await layer.OnMessageAsync(uac, Invite(branch: "z9hG4bKx1"), default);
        await layer.OnMessageAsync(uac, Invite(branch: "z9hG4bKx2"), default);
        var finals = uac.Snapshot().OfType<SipResponse>().Where(r => r.StatusCode >= 300).Select(r => r.StatusCode).ToList();
        Assert.Equal([500, 486], finals);
    }

    [Fact]
    public async Task WsToUdp_DoubleRecordRoute_InDialogRequestFindsTheWebSocket()
    {
        var layer = Build(app =>
        {
            app.UseInDialog();
            app.UseRecordRoute();
            Target(app, "sip:bob@203.0.113.9:5060");
        });
        var browser = _transport.Flow(SipTransportKind.Ws, "198.51.100.33:50123");
        var invite = Request("INVITE sip:bob@example.com SIP/2.0\nVia: SIP/2.0/WS df7jal23ls0d.invalid;branch=z9hG4bK56sdasks\nFrom: <sip:alice@example.com>;tag=asdyka899\nTo: <sip:bob@example.com>\nCall-ID: asidkj3ss\nCSeq: 1 INVITE\nMax-Forwards: 70\nContact: <sip:alice@df7jal23ls0d.invalid;transport=ws;ob>\nContent-Length: 0\n\n");
        await layer.OnMessageAsync(browser, invite, default);
        var bob = _transport.Flow(SipTransportKind.Udp, "203.0.113.9:5060");
        var forwarded = (SipRequest)bob.Snapshot()[0];
        Assert.True(forwarded.TryGetRecordRoutes(out var rr));
        Assert.Equal(2, rr.Count);
        Assert.Equal("udp", rr[0].Uri.Transport);
        Assert.Equal("ws", rr[1].Uri.Transport);
        Assert.NotNull(rr[1].Uri.User);

        // Bob hangs up: his route set is the Record-Route list in order.
        var bye = Request($"BYE sip:alice@df7jal23ls0d.invalid;transport=ws SIP/2.0\nVia: SIP/2.0/UDP 203.0.113.9:5060;branch=z9hG4bKbye1\nFrom: <sip:bob@example.com>;tag=b1\nTo: <sip:alice@example.com>;tag=asdyka899\nCall-ID: asidkj3ss\nCSeq: 1 BYE\nRoute: {rr[0]}, {rr[1]}\nMax-Forwards: 70\nContent-Length: 0\n\n");
        await layer.OnMessageAsync(bob, bye, default);
        var delivered = browser.Snapshot().OfType<SipRequest>().Single(r => r.Method == SipMethod.Bye);
        Assert.False(delivered.TryGetRoutes(out var left) && left.Count > 0);
        Assert.Equal("WS", delivered.TopVia!.Transport);
    }

    [Fact]
    public async Task LoopBackToItself_Answers482()
    {
        // A misconfigured next hop that points back at the proxy: the same request (same Request-URI) comes back.
        var layer = Build(app => app.Use((ctx, next) =>
        {
            ctx.Targets.Add(new SipForwardTarget(ctx.Request.RequestUri) { NextHop = SipUri.Parse("sip:192.0.2.10:5060") });
            return next(ctx);
        }));
        var uac = _transport.Flow(SipTransportKind.Udp, "198.51.100.7:40000");
        await layer.OnMessageAsync(uac, Invite(), default);
        var self = _transport.Flow(SipTransportKind.Udp, "192.0.2.10:5060");
        var looped = (SipRequest)self.Snapshot()[0];
        await layer.OnMessageAsync(self, SipMessageParser.Parse(looped.ToArray()).Request!, default);
        Assert.Contains(self.Snapshot(), m => m is SipResponse { StatusCode: 482 });
    }
}
