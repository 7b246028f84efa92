using System.Collections.Concurrent;
using Gateway.Core.Transactions;
using static Gateway.Core.Tests.Transactions.SipTestMessages;

namespace Gateway.Core.Tests.Transactions;

/// <summary>Many transactions at once, with retransmissions, ACKs, CANCELs and timers racing (bounded in count and time).</summary>
public sealed class SipTransactionConcurrencyTests
{
    private const int Count = 400;

    [Fact]
    public async Task ServerTransactions_ParallelWithRetransmissionsAndTimers_EachPassedUpOnceAndAllEnd()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        host.User.OnRequest = tx => tx.SendResponseAsync(tx.CreateResponse(tx.Request.CSeq!.Number % 2 == 0 ? 486 : 200, "Final"));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ticking = Task.Run(() =>
        {
            for (var i = 0; i < 200 && !stop.IsCancellationRequested; i++) host.Time.Advance(TimeSpan.FromMilliseconds(10));
        });

        await Parallel.ForEachAsync(
            Enumerable.Range(0, Count),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = stop.Token },
            async (i, _) =>
            {
                var branch = "z9hG4bKpar" + i;
                var invites = Enumerable.Range(0, 3).Select(_ => host.ReceiveAsync(flow, Request("INVITE", branch, cseq: i, callId: "c" + i)).AsTask());
                await Task.WhenAll(invites);
                if (i % 3 == 0) await host.ReceiveAsync(flow, Request("CANCEL", branch, cseq: i, callId: "c" + i));
                await host.ReceiveAsync(flow, Request("ACK", branch, cseq: i, callId: "c" + i, toTag: "x"));
            });
        await ticking;

        Assert.Equal(Count, host.User.Requests.Count);
        Assert.Equal(Count, host.User.Requests.Select(t => t.Id).Distinct().Count());
        host.Advance(40);
        Assert.Equal(0, host.Layer.ServerTransactionCount);
        Assert.All(host.User.Requests, t => Assert.Equal(SipServerTransactionState.Terminated, t.State));
        var finals = flow.Responses.Where(r => r.StatusCode >= 200 && r.CSeq!.Method == "INVITE").Select(r => r.TopVia!.Branch).Distinct().Count();
        Assert.Equal(Count, finals);
    }

    [Fact]
    public async Task ClientTransactions_ParallelResponsesCancelsAndTimers_AllEndWithOneOutcomeEach()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        var handler = host.Handler();
        var transactions = new ConcurrentBag<(SipClientTransaction Tx, Gateway.Core.Messages.SipRequest Request)>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        await Parallel.ForEachAsync(
            Enumerable.Range(0, Count),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = stop.Token },
            (i, _) =>
            {
                var request = Outbound("INVITE", "z9hG4bKcpar" + i, cseq: i + 1);
                transactions.Add((host.Layer.StartClientTransaction(request, flow, handler), request));
                return ValueTask.CompletedTask;
            });

        var ticking = Task.Run(() =>
        {
            for (var i = 0; i < 200 && !stop.IsCancellationRequested; i++) host.Time.Advance(TimeSpan.FromMilliseconds(10));
        });
        await Parallel.ForEachAsync(
            transactions,
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = stop.Token },
            async (pair, _) =>
            {
                var (tx, request) = pair;
                var cancelFirst = request.CSeq!.Number % 2 == 0;
                var ringing = host.ReceiveAsync(flow, Response(request, 180, "Ringing")).AsTask();
                var cancel = cancelFirst ? tx.CancelAsync() : Task.CompletedTask;
                await Task.WhenAll(ringing, cancel);
                await Task.WhenAll(
                    host.ReceiveAsync(flow, Response(request, 487, "Request Terminated")).AsTask(),
                    host.ReceiveAsync(flow, Response(request, 487, "Request Terminated")).AsTask());
            });
        await ticking;
        host.Advance(70);

        Assert.Equal(0, host.Layer.ClientTransactionCount);
        Assert.All(transactions, p => Assert.Equal(SipClientTransactionState.Terminated, p.Tx.State));
        Assert.Equal(Count, handler.Responses.Count(r => r.StatusCode == 487));
        Assert.Equal(Count / 2, flow.Requests.Where(r => r.Method.IsCancel).Select(r => r.TopVia!.Branch).Distinct().Count());
        Assert.Equal(Count, flow.Requests.Where(r => r.Method.IsAck).Select(r => r.TopVia!.Branch).Distinct().Count());
        Assert.Empty(handler.Timeouts);
    }
}
