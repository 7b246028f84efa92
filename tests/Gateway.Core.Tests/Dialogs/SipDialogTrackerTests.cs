using System.Text;
using Gateway.Core.Dialogs;
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

namespace Gateway.Core.Tests.Dialogs;

/// <summary>Dialog tracking and ending through the real proxy and transaction layer, in-memory flows, a fake clock.</summary>
public sealed class SipDialogTrackerTests : IAsyncDisposable
{
    private const string CalleeContact = "<sip:bob@203.0.113.9:5070>";
    private readonly FakeTransport _transport = new();
    private readonly FakeTimeProvider _time = new();
    private ServiceProvider? _services;
    private SipTransactionLayer _layer = null!;
    private SipDialogTracker _tracker = null!;
    private RecordingFlow _uac = null!;
    private RecordingFlow _uas = null!;

    public async ValueTask DisposeAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
    }

    private void Build(bool recordRoute = true, Action<SipDialogOptions>? configure = null)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton<ISipTransport>(_transport);
        services.AddSipGateway(o => o.LocalDomains.Add("example.com"))
            .AddDialogs(configure)
            .UsePipeline(app =>
            {
                app.UseDialogs();
                app.UseInDialog();
                if (recordRoute) app.UseRecordRoute();
                app.Use((ctx, next) =>
                {
                    if (ctx.Request.To?.Tag is null) ctx.Targets.Add(new SipForwardTarget(SipUri.Parse("sip:bob@203.0.113.9:5070")));
                    return next(ctx);
                });
            });
        _services = services.BuildServiceProvider();
        _layer = _services.GetRequiredService<SipTransactionLayer>();
        _tracker = _services.GetRequiredService<SipDialogTracker>();
        _uac = _transport.Flow(SipTransportKind.Udp, "198.51.100.7:40000");
        _uas = _transport.Flow(SipTransportKind.Udp, "203.0.113.9:5070");
    }

    private static SipRequest Request(string text) => SipMessageParser.Parse(Encoding.UTF8.GetBytes(text.Replace("\n", "\r\n", StringComparison.Ordinal))).Request!;

    private static SipRequest Invite(string extra = "") => Request(
        "INVITE sip:bob@example.com SIP/2.0\nVia: SIP/2.0/UDP 198.51.100.7:40000;branch=z9hG4bKuac1\nFrom: \"Alice\" <sip:alice@example.com>;tag=a1\nTo: <sip:bob@example.com>\nCall-ID: call-1\nCSeq: 7 INVITE\nMax-Forwards: 70\nContact: <sip:alice@198.51.100.7:40000>\n" + extra + "Content-Length: 0\n\n");

    /// <summary>The callee's answer to the forwarded INVITE: its tag and Contact, the Record-Route copied (with extra hops above).</summary>
    private static SipResponse Answer(SipRequest forwarded, int status, string reason, params string[] routesAbove)
    {
        var response = SipResponse.CreateFor(forwarded, status, reason);
        var to = response.To!;
        to.Tag = "b1";
        response.SetTo(to);
        if (status < 300)
        {
            response.Headers.Add("Contact", CalleeContact);
            foreach (var route in routesAbove) response.Headers.Add("Record-Route", route);
            if (forwarded.TryGetRecordRoutes(out var routes))
            {
                foreach (var route in routes) response.Headers.Add("Record-Route", route.ToString());
            }
        }

        return response;
    }

    private async Task<SipRequest> ConfirmAsync(string inviteExtra = "", params string[] routesAbove)
    {
        await _layer.OnMessageAsync(_uac, Invite(inviteExtra), default);
        var forwarded = _uas.Snapshot().OfType<SipRequest>().Single(r => r.Method.IsInvite);
        await _layer.OnMessageAsync(_uas, Answer(forwarded, 200, "OK", routesAbove), default);
        return forwarded;
    }

    private static SipResponse Ok(SipRequest request) => SipResponse.CreateFor(request, 200, "OK");

    [Fact]
    public async Task Invite_200RecordRouted_DialogTracked()
    {
        Build();
        await ConfirmAsync();

        Assert.Equal(1, _tracker.Count);
        Assert.True(_tracker.TryGet("call-1", out var dialog));
        Assert.Equal("a1", dialog.CallerTag);
        Assert.Equal("b1", dialog.CalleeTag);
        Assert.Equal("sip:alice@example.com", dialog.Caller);
        Assert.Equal("sip:bob@example.com", dialog.Callee);
        Assert.Equal(SipTransportKind.Udp, dialog.CallerTransport);
        Assert.Equal(_time.GetUtcNow(), dialog.ConfirmedAt);
        Assert.Single(_tracker.List(10));
    }

    [Fact]
    public async Task Invite_Failed_NoDialog()
    {
        Build();
        await _layer.OnMessageAsync(_uac, Invite(), default);
        var forwarded = _uas.Snapshot().OfType<SipRequest>().Single();
        await _layer.OnMessageAsync(_uas, Answer(forwarded, 486, "Busy Here"), default);
        Assert.Equal(0, _tracker.Count);
    }

    [Fact]
    public async Task Invite_NotRecordRouted_NoDialog()
    {
        Build(recordRoute: false);
        await ConfirmAsync();
        Assert.Equal(0, _tracker.Count);
    }

    [Fact]
    public async Task Bye_FromEitherParty_EndsDialog()
    {
        Build();
        var forwarded = await ConfirmAsync();
        var route = forwarded.Headers.GetFirstValue("Record-Route");
        var bye = Request($"BYE sip:alice@198.51.100.7:40000 SIP/2.0\nVia: SIP/2.0/UDP 203.0.113.9:5070;branch=z9hG4bKbye1\nRoute: {route}\nFrom: <sip:bob@example.com>;tag=b1\nTo: \"Alice\" <sip:alice@example.com>;tag=a1\nCall-ID: call-1\nCSeq: 1 BYE\nMax-Forwards: 70\nContent-Length: 0\n\n");
        await _layer.OnMessageAsync(_uas, bye, default);
        Assert.Equal(0, _tracker.Count);
        Assert.Contains(_uac.Snapshot(), m => m is SipRequest { Method.Name: "BYE" });
    }

    [Fact]
    public async Task EndAsync_Confirmed_ByeToEachPartyInItsDialogState()
    {
        Build();
        await ConfirmAsync();

        var ending = _tracker.EndAsync("call-1", "Q.850;cause=102;text=\"Media timeout\"");
        Assert.Equal(0, _tracker.Count);
        var toCallee = _uas.Snapshot().OfType<SipRequest>().Single(r => r.Method == SipMethod.Bye);
        var toCaller = _uac.Snapshot().OfType<SipRequest>().Single(r => r.Method == SipMethod.Bye);

        Assert.Equal("sip:bob@203.0.113.9:5070", toCallee.RequestUriText);
        Assert.Equal("a1", toCallee.From!.Tag);
        Assert.Equal("Alice", toCallee.From.DisplayName);
        Assert.Equal("b1", toCallee.To!.Tag);
        Assert.Equal("8 BYE", toCallee.CSeq!.ToString());
        Assert.Equal("call-1", toCallee.CallId);
        Assert.Equal(70, toCallee.MaxForwards);
        Assert.Equal("Q.850;cause=102;text=\"Media timeout\"", toCallee.Headers.GetFirstValue("Reason"));
        Assert.False(toCallee.Headers.Contains("Route"));
        Assert.True(toCallee.TryGetVias(out var calleeVias));
        Assert.Equal("192.0.2.10", Assert.Single(calleeVias).Host);

        Assert.Equal("sip:alice@198.51.100.7:40000", toCaller.RequestUriText);
        Assert.Equal("b1", toCaller.From!.Tag);
        Assert.Equal("a1", toCaller.To!.Tag);
        Assert.Equal("1 BYE", toCaller.CSeq!.ToString());

        await _layer.OnMessageAsync(_uas, Ok(toCallee), default);
        await _layer.OnMessageAsync(_uac, Ok(toCaller), default);
        var result = await ending.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(result.Found);
        Assert.True(result.BothAnswered);
    }

    [Fact]
    public async Task EndAsync_OtherProxiesRecordRouted_RouteSetTowardEachParty()
    {
        Build();
        await ConfirmAsync("Record-Route: <sip:edge.caller.example;lr>\n", "<sip:edge.callee.example;lr>");

        _ = _tracker.EndAsync("call-1");
        var toCallee = _uas.Snapshot().OfType<SipRequest>().Single(r => r.Method == SipMethod.Bye);
        var toCaller = _uac.Snapshot().OfType<SipRequest>().Single(r => r.Method == SipMethod.Bye);
        Assert.Equal(["<sip:edge.callee.example;lr>"], toCallee.Headers.GetValues("Route"));
        Assert.Equal(["<sip:edge.caller.example;lr>"], toCaller.Headers.GetValues("Route"));
    }

    [Fact]
    public async Task ReInvite_FromCaller_RefreshesTargetAndCSeq()
    {
        Build();
        var forwarded = await ConfirmAsync();
        var route = forwarded.Headers.GetFirstValue("Record-Route");
        var reInvite = Request($"INVITE sip:bob@203.0.113.9:5070 SIP/2.0\nVia: SIP/2.0/UDP 198.51.100.7:40000;branch=z9hG4bKre1\nRoute: {route}\nFrom: \"Alice\" <sip:alice@example.com>;tag=a1\nTo: <sip:bob@example.com>;tag=b1\nCall-ID: call-1\nCSeq: 20 INVITE\nMax-Forwards: 70\nContact: <sip:alice@198.51.100.8:40002>\nContent-Length: 0\n\n");
        await _layer.OnMessageAsync(_uac, reInvite, default);
        var reForwarded = _uas.Snapshot().OfType<SipRequest>().Last(r => r.Method.IsInvite);
        var answer = SipResponse.CreateFor(reForwarded, 200, "OK");
        answer.Headers.Add("Contact", "<sip:bob@203.0.113.99:5070>");
        await _layer.OnMessageAsync(_uas, answer, default);

        _ = _tracker.EndAsync("call-1");
        var toCallee = _uas.Snapshot().OfType<SipRequest>().Single(r => r.Method == SipMethod.Bye);
        var toCaller = _uac.Snapshot().OfType<SipRequest>().Single(r => r.Method == SipMethod.Bye);
        Assert.Equal("21 BYE", toCallee.CSeq!.ToString());
        Assert.Equal("sip:bob@203.0.113.99:5070", toCallee.RequestUriText);
        Assert.Equal("sip:alice@198.51.100.8:40002", toCaller.RequestUriText);
    }

    [Fact]
    public async Task InDialogRequest_Answered481_DialogForgotten()
    {
        Build();
        var forwarded = await ConfirmAsync();
        var route = forwarded.Headers.GetFirstValue("Record-Route");
        var info = Request($"INFO sip:bob@203.0.113.9:5070 SIP/2.0\nVia: SIP/2.0/UDP 198.51.100.7:40000;branch=z9hG4bKinfo1\nRoute: {route}\nFrom: \"Alice\" <sip:alice@example.com>;tag=a1\nTo: <sip:bob@example.com>;tag=b1\nCall-ID: call-1\nCSeq: 8 INFO\nMax-Forwards: 70\nContent-Length: 0\n\n");
        await _layer.OnMessageAsync(_uac, info, default);
        var relayed = _uas.Snapshot().OfType<SipRequest>().Single(r => r.Method.Name == "INFO");
        Assert.Equal(1, _tracker.Count);
        await _layer.OnMessageAsync(_uas, SipResponse.CreateFor(relayed, 481, "Call/Transaction Does Not Exist"), default);
        Assert.Equal(0, _tracker.Count);
    }

    [Fact]
    public async Task EndAsync_CallerOnWebSocket_ByeGoesOnItsConnectionWithAWsVia()
    {
        Build();
        var ws = _transport.Flow(SipTransportKind.Ws, "198.51.100.7:50123");
        var invite = Request("INVITE sip:bob@example.com SIP/2.0\nVia: SIP/2.0/WS abc.invalid;branch=z9hG4bKws1\nFrom: <sip:alice@example.com>;tag=a1\nTo: <sip:bob@example.com>\nCall-ID: call-ws\nCSeq: 3 INVITE\nMax-Forwards: 70\nContact: <sip:alice@abc.invalid;transport=ws>\nContent-Length: 0\n\n");
        await _layer.OnMessageAsync(ws, invite, default);
        var forwarded = _uas.Snapshot().OfType<SipRequest>().Single(r => r.CallId == "call-ws");
        await _layer.OnMessageAsync(_uas, Answer(forwarded, 200, "OK"), default);
        Assert.True(_tracker.TryGet("call-ws", out var dialog));
        Assert.Equal(SipTransportKind.Ws, dialog.CallerTransport);

        _ = _tracker.EndAsync("call-ws");
        var toCaller = ws.Snapshot().OfType<SipRequest>().Single(r => r.Method == SipMethod.Bye);
        Assert.Equal("sip:alice@abc.invalid;transport=ws", toCaller.RequestUriText);
        Assert.True(toCaller.TryGetVias(out var vias));
        Assert.Equal("WS", Assert.Single(vias).Transport);
        Assert.False(toCaller.Headers.Contains("Route"));
        Assert.Equal("4 BYE", _uas.Snapshot().OfType<SipRequest>().Single(r => r.Method == SipMethod.Bye).CSeq!.ToString());
    }

    [Fact]
    public async Task EndAsync_NobodyAnswers_408ForBoth()
    {
        Build();
        await ConfirmAsync();
        var ending = _tracker.EndAsync("call-1");
        for (var i = 0; i < 70 && !ending.IsCompleted; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
        }

        var result = await ending.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(new SipDialogEndResult(true, 408, 408), result);
    }

    [Fact]
    public async Task EndAsync_Unknown_NotFoundAndNothingSent()
    {
        Build();
        var result = await _tracker.EndAsync("nope");
        Assert.False(result.Found);
        Assert.Empty(_uas.Snapshot());
    }

    [Fact]
    public async Task Lifetime_Passed_DialogForgotten()
    {
        Build(configure: o => o.Lifetime = TimeSpan.FromMinutes(10));
        await ConfirmAsync();
        _time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(1, _tracker.Count);
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(0, _tracker.Count);
    }

    [Fact]
    public async Task MaxDialogs_Reached_NewCallRelayedButNotTracked()
    {
        Build(configure: o => o.MaxDialogs = 1);
        await ConfirmAsync();
        var second = Request("INVITE sip:bob@example.com SIP/2.0\nVia: SIP/2.0/UDP 198.51.100.7:40000;branch=z9hG4bKuac2\nFrom: <sip:alice@example.com>;tag=a2\nTo: <sip:bob@example.com>\nCall-ID: call-2\nCSeq: 1 INVITE\nMax-Forwards: 70\nContact: <sip:alice@198.51.100.7:40000>\nContent-Length: 0\n\n");
        await _layer.OnMessageAsync(_uac, second, default);
        var forwarded = _uas.Snapshot().OfType<SipRequest>().Single(r => r.CallId == "call-2");
        await _layer.OnMessageAsync(_uas, Answer(forwarded, 200, "OK"), default);
        Assert.Contains(_uac.Snapshot(), m => m is SipResponse { StatusCode: 200, CallId: "call-2" });
        Assert.Equal(1, _tracker.Count);
        Assert.Equal(1, _tracker.Untracked);
    }

    [Fact]
    public void Validate_BadOptions_Throw()
    {
        Assert.ThrowsAny<ArgumentException>(() => new SipDialogOptions { Lifetime = TimeSpan.Zero }.Validate());
        Assert.ThrowsAny<ArgumentException>(() => new SipDialogOptions { MaxDialogs = 0 }.Validate());
        Assert.ThrowsAny<ArgumentException>(() => new SipDialogOptions { ByeTimeout = TimeSpan.Zero }.Validate());
    }
}
