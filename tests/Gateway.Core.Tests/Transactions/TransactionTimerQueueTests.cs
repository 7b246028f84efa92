using Gateway.Core.Transactions;
using static Gateway.Core.Tests.Transactions.SipTestMessages;

namespace Gateway.Core.Tests.Transactions;

/// <summary>The layer's single timer queue: many transactions' timers interleaved, each on its exact schedule.</summary>
public sealed class TransactionTimerQueueTests
{
    [Fact]
    public void ManyClientTransactions_StaggeredStarts_EachKeepsExactTimerASchedule()
    {
        using var host = new TransactionTestHost(new SipTransactionOptions { FinalResponseTimeout = TimeSpan.FromSeconds(60) });
        var flows = new List<TimedFlow>();
        for (var i = 0; i < 5; i++)
        {
            var flow = host.Flow();
            flows.Add(flow);
            host.Layer.StartClientTransaction(Outbound("INVITE", $"z9hG4bKq{i}"), flow, host.Handler());
            host.Advance(0.25);
        }

        host.Advance(40);

        // Times are relative to each flow, made when its transaction started (0.25 s apart).
        foreach (var flow in flows) Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5], flow.RequestTimes("INVITE"));

        Assert.Equal(0, host.Layer.ClientTransactionCount);
    }

    [Fact]
    public async Task StoppedAndRestartedTimers_OnlyTheCurrentStartFires()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        var handler = host.Handler();
        host.Layer.StartClientTransaction(Outbound("INVITE", "z9hG4bKq9"), flow, handler);

        // A 180 at 0.25 s stops Timer A and replaces fr_timeout (5 s) with fr_inv_timeout (30 s).
        host.Advance(0.25);
        await host.ReceiveAsync(flow, Response(Outbound("INVITE", "z9hG4bKq9"), 180, "Ringing"));
        host.Advance(10);
        Assert.Equal([0], flow.RequestTimes("INVITE"));
        Assert.Empty(handler.Timeouts);

        host.Advance(20.2);
        Assert.Equal([TimeSpan.FromSeconds(30.25)], handler.Timeouts);
        Assert.Equal([30.25], flow.RequestTimes("CANCEL").Take(1));
    }

    [Fact]
    public async Task SameDueTime_FireInStartOrder()
    {
        using var host = new TransactionTestHost();
        var first = host.Flow();
        var second = host.Flow();
        host.User.OnRequest = tx => tx.SendResponseAsync(tx.CreateResponse(486, "Busy Here"));
        await host.ReceiveAsync(first, Request("INVITE", "z9hG4bKs1"));
        await host.ReceiveAsync(second, Request("INVITE", "z9hG4bKs2"));
        host.Advance(0.5);

        Assert.Equal([0, 0.5], first.ResponseTimes(486));
        Assert.Equal([0, 0.5], second.ResponseTimes(486));
    }
}
