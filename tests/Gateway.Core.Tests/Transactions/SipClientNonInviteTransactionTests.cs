using Gateway.Core.Transactions;
using Gateway.Core.Transport;
using static Gateway.Core.Tests.Transactions.SipTestMessages;

namespace Gateway.Core.Tests.Transactions;

/// <summary>Non-INVITE client transactions: RFC 3261 §17.1.2 and OpenSIPS fr_timeout.</summary>
public sealed class SipClientNonInviteTransactionTests
{
    private static readonly SipTransactionOptions LongFrTimeout = new() { FinalResponseTimeout = TimeSpan.FromSeconds(60) };

    [Fact]
    public void NoResponse_Udp_TimerECappedAtT2UntilTimerF()
    {
        using var host = new TransactionTestHost(LongFrTimeout);
        var flow = host.Flow();
        var handler = host.Handler();
        var tx = host.Layer.StartClientTransaction(Outbound("OPTIONS", "z9hG4bKe1"), flow, handler);
        Assert.Equal(SipClientTransactionState.Trying, tx.State);

        host.Advance(31.95);
        Assert.Empty(handler.Timeouts);
        host.Advance(10);

        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5], flow.RequestTimes("OPTIONS"));
        Assert.Equal([TimeSpan.FromSeconds(32)], handler.Timeouts);
        Assert.Equal(SipClientTransactionState.Terminated, tx.State);
        Assert.Equal(0, host.Layer.ClientTransactionCount);
    }

    [Fact]
    public void NoResponse_Tcp_NoRetransmissionTimerFStill64T1()
    {
        using var host = new TransactionTestHost(LongFrTimeout);
        var flow = host.Flow(SipTransportKind.Tls);
        var handler = host.Handler();
        host.Layer.StartClientTransaction(Outbound("REGISTER", "z9hG4bKe2"), flow, handler);

        host.Advance(40);

        Assert.Equal([0.0], flow.RequestTimes("REGISTER"));
        Assert.Equal([TimeSpan.FromSeconds(32)], handler.Timeouts);
    }

    [Fact]
    public void NoResponse_FrTimeout_TimesOutAfter5Seconds()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        var handler = host.Handler();
        host.Layer.StartClientTransaction(Outbound("BYE", "z9hG4bKe3"), flow, handler);

        host.Advance(4.95);
        Assert.Empty(handler.Timeouts);
        host.Advance(5);

        Assert.Equal([0, 0.5, 1.5, 3.5], flow.RequestTimes("BYE"));
        Assert.Equal([TimeSpan.FromSeconds(5)], handler.Timeouts);
    }

    [Fact]
    public async Task Provisional_TimerEUsesT2AndFrTimeoutStillRuns()
    {
        using var host = new TransactionTestHost(LongFrTimeout);
        var flow = host.Flow();
        var handler = host.Handler();
        var request = Outbound("OPTIONS", "z9hG4bKe4");
        var tx = host.Layer.StartClientTransaction(request, flow, handler);

        host.Advance(0.7);
        await host.ReceiveAsync(flow, Response(request, 100, "Trying"));
        Assert.Equal(SipClientTransactionState.Proceeding, tx.State);
        host.Advance(40);

        // In Proceeding, Timer E fires every T2 (RFC 3261 §17.1.2.2); Timer F still ends it at 64*T1.
        Assert.Equal([0, 0.5, 1.5, 5.5, 9.5, 13.5, 17.5, 21.5, 25.5, 29.5], flow.RequestTimes("OPTIONS"));
        Assert.Equal([TimeSpan.FromSeconds(32)], handler.Timeouts);
        Assert.Equal(100, Assert.Single(handler.Responses).StatusCode);
    }

    [Fact]
    public async Task Final_Udp_StopsRetransmissionsAbsorbsRetransmittedFinalUntilTimerK()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        var handler = host.Handler();
        var request = Outbound("OPTIONS", "z9hG4bKk1");
        var tx = host.Layer.StartClientTransaction(request, flow, handler);

        host.Advance(1.0);
        await host.ReceiveAsync(flow, Response(request, 200, "OK"));
        Assert.Equal(SipClientTransactionState.Completed, tx.State);
        await host.ReceiveAsync(flow, Response(request, 200, "OK"));

        // Timer K = T4 = 5 s.
        host.Advance(4.95);
        Assert.Equal(SipClientTransactionState.Completed, tx.State);
        host.Advance(0.05);
        Assert.Equal(SipClientTransactionState.Terminated, tx.State);
        host.Advance(10);

        Assert.Equal([0, 0.5], flow.RequestTimes("OPTIONS"));
        Assert.Equal(200, Assert.Single(handler.Responses).StatusCode);
        Assert.Empty(handler.Timeouts);
        Assert.Equal(0, host.Layer.ClientTransactionCount);
    }

    [Fact]
    public async Task Final_Tcp_TimerKZeroTerminatesAtOnce()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow(SipTransportKind.Wss);
        var handler = host.Handler();
        var request = Outbound("MESSAGE", "z9hG4bKk2");
        var tx = host.Layer.StartClientTransaction(request, flow, handler);

        await host.ReceiveAsync(flow, Response(request, 202, "Accepted"));

        Assert.Equal(SipClientTransactionState.Terminated, tx.State);
        Assert.Equal(0, host.Layer.ClientTransactionCount);
        Assert.Single(handler.Responses);
    }

    [Fact]
    public async Task CancelAsync_NonInvite_NoOp()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        var request = Outbound("OPTIONS", "z9hG4bKk3");
        var tx = host.Layer.StartClientTransaction(request, flow, host.Handler());
        await host.ReceiveAsync(flow, Response(request, 100, "Trying"));

        await tx.CancelAsync();

        Assert.Empty(flow.RequestTimes("CANCEL"));
        Assert.False(tx.IsCancelRequested);
    }
}
