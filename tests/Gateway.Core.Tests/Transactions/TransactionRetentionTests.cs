using System.Runtime.CompilerServices;
using Gateway.Core.Messages;
using Gateway.Core.Transactions;
using static Gateway.Core.Tests.Transactions.SipTestMessages;

namespace Gateway.Core.Tests.Transactions;

/// <summary>What a transaction keeps once it has its final response: no parsed messages, only what it still needs.</summary>
public sealed class TransactionRetentionTests
{
    [Fact]
    public async Task ServerTransaction_AfterFinal_ReleasesRequestButStillRetransmits()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        host.User.OnRequest = tx => tx.SendResponseAsync(tx.CreateResponse(486, "Busy Here"));
        var request = await ReceiveUnreferencedAsync(host, flow, "INVITE", "z9hG4bKr1");
        var tx = Assert.Single(host.User.Requests);

        Collect();
        Assert.False(request.TryGetTarget(out _));
        Assert.Equal(SipServerTransactionState.Completed, tx.State);
        Assert.Throws<InvalidOperationException>(() => tx.Request);
        Assert.Equal(486, tx.LastResponse!.StatusCode);

        // Timer G and a retransmitted INVITE still get the final, from its serialised bytes.
        host.Advance(0.5);
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKr1"));
        Assert.Equal([100, 486, 486, 486], flow.Responses.Select(r => r.StatusCode));
        Assert.All(flow.Responses.Skip(1), r => Assert.Equal(tx.LocalTag, r.To!.Tag));
    }

    [Fact]
    public async Task ServerTransaction_Accepted_ReleasesRequest()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        host.User.OnRequest = tx => tx.SendResponseAsync(tx.CreateResponse(200, "OK"));
        var request = await ReceiveUnreferencedAsync(host, flow, "INVITE", "z9hG4bKr2");
        var tx = Assert.Single(host.User.Requests);

        Collect();
        Assert.False(request.TryGetTarget(out _));
        Assert.Equal(SipServerTransactionState.Accepted, tx.State);
        var again = tx.CreateResponse(200, "OK");
        Assert.Equal("call-1@atlanta.example.com", again.CallId);
        Assert.Equal("z9hG4bKr2", again.TopVia!.Branch);
    }

    [Fact]
    public async Task ClientTransaction_AfterFinal_ReleasesRequestAndHandler()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        var (tx, request, handler) = StartUnreferenced(host, flow, "INVITE", "z9hG4bKr3");
        flow.Clear();

        await host.ReceiveAsync(flow, Response(Outbound("INVITE", "z9hG4bKr3"), 486, "Busy Here"));
        Collect();

        Assert.False(request.TryGetTarget(out _));
        Assert.False(handler.TryGetTarget(out _));
        Assert.Equal(SipClientTransactionState.Completed, tx.State);
        Assert.Throws<InvalidOperationException>(() => tx.Request);

        // A retransmitted 486 is still ACKed, from the serialised ACK.
        await host.ReceiveAsync(flow, Response(Outbound("INVITE", "z9hG4bKr3"), 486, "Busy Here"));
        Assert.Equal(2, flow.Requests.Count(r => r.Method.IsAck));
    }

    [Fact]
    public async Task ClientTransaction_Accepted_KeepsHandlerOnlyForLater2xx()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        var handler = host.Handler();
        var request = StartWithHandler(host, flow, handler, "INVITE", "z9hG4bKr4", out var tx);
        flow.Clear();

        await host.ReceiveAsync(flow, Response(Outbound("INVITE", "z9hG4bKr4"), 200, "OK"));
        await host.ReceiveAsync(flow, Response(Outbound("INVITE", "z9hG4bKr4"), 200, "OK"));
        Collect();

        Assert.False(request.TryGetTarget(out _));
        Assert.Equal(SipClientTransactionState.Accepted, tx.State);
        Assert.Equal(2, handler.Responses.Count(r => r.StatusCode == 200));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference<SipRequest>> ReceiveUnreferencedAsync(TransactionTestHost host, TimedFlow flow, string method, string branch)
    {
        var request = Request(method, branch);
        await host.ReceiveAsync(flow, request);
        return new WeakReference<SipRequest>(request);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (SipClientTransaction Tx, WeakReference<SipRequest> Request, WeakReference<RecordingClientHandler> Handler) StartUnreferenced(TransactionTestHost host, TimedFlow flow, string method, string branch)
    {
        var request = Outbound(method, branch);
        var handler = host.Handler();
        var tx = host.Layer.StartClientTransaction(request, flow, handler);
        return (tx, new WeakReference<SipRequest>(request), new WeakReference<RecordingClientHandler>(handler));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference<SipRequest> StartWithHandler(TransactionTestHost host, TimedFlow flow, RecordingClientHandler handler, string method, string branch, out SipClientTransaction tx)
    {
        var request = Outbound(method, branch);
        tx = host.Layer.StartClientTransaction(request, flow, handler);
        return new WeakReference<SipRequest>(request);
    }

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
