using System.Runtime.CompilerServices;
using System.Text;
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

/// <summary>A relayed call must not be kept alive by the proxy once its final response went upstream.</summary>
public sealed class SipProxyRetentionTests : IAsyncDisposable
{
    private readonly FakeTransport _transport = new();
    private readonly FakeTimeProvider _time = new();
    private ServiceProvider? _services;

    public async ValueTask DisposeAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
    }

    [Fact]
    public async Task Relay_After200_RequestAndPipelineStateCollectableWhileTransactionsLive()
    {
        var layer = Build(app =>
        {
            app.UseRecordRoute();
            app.Use((ctx, next) =>
            {
                ctx.Items["big"] = new byte[100_000];
                ctx.OnBranch(_ => Task.CompletedTask);
                ctx.OnFailure(_ => Task.CompletedTask);
                ctx.Targets.Add(new SipForwardTarget(SipUri.Parse("sip:bob@203.0.113.9:5070")));
                return next(ctx);
            });
        });
        var uac = _transport.Flow(SipTransportKind.Udp, "198.51.100.7:40000");
        var uas = _transport.Flow(SipTransportKind.Udp, "203.0.113.9:5070");
        var request = await SendInviteAsync(layer, uac);
        var forwarded = (SipRequest)uas.Snapshot()[0];
        await layer.OnMessageAsync(uas, Answer(forwarded, 200, "OK"), default);
        await layer.OnMessageAsync(uas, Answer(forwarded, 200, "OK"), default);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(request.TryGetTarget(out _));
        Assert.Equal(1, layer.ServerTransactionCount);
        Assert.Equal(1, layer.ClientTransactionCount);
        Assert.Equal(2, uac.Snapshot().OfType<SipResponse>().Count(r => r.StatusCode == 200));
    }

    private SipTransactionLayer Build(Action<ISipApplicationBuilder> pipeline)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton<ISipTransport>(_transport);
        services.AddSipGateway(o => o.LocalDomains.Add("example.com")).UsePipeline(pipeline);
        _services = services.BuildServiceProvider();
        return _services.GetRequiredService<SipTransactionLayer>();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference<SipRequest>> SendInviteAsync(SipTransactionLayer layer, SipFlow uac)
    {
        var invite = SipMessageParser.Parse(Encoding.UTF8.GetBytes("INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.7:40000;branch=z9hG4bKret1\r\nFrom: <sip:alice@example.com>;tag=a1\r\nTo: <sip:bob@example.com>\r\nCall-ID: ret-1\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContact: <sip:alice@198.51.100.7:40000>\r\nContent-Length: 0\r\n\r\n")).Request!;
        await layer.OnMessageAsync(uac, invite, default);
        return new WeakReference<SipRequest>(invite);
    }

    private static SipResponse Answer(SipRequest request, int status, string reason)
    {
        var response = SipResponse.CreateFor(request, status, reason);
        var to = response.To!;
        to.Tag = "b1";
        response.SetTo(to);
        return SipMessageParser.Parse(response.ToArray()).Response!;
    }
}
