using Gateway.Core.Transactions;
using Gateway.Core.Transport;
using static Gateway.Core.Tests.Transactions.SipTestMessages;

namespace Gateway.Core.Tests.Transactions;

/// <summary>Non-INVITE server transactions: RFC 3261 §17.2.2.</summary>
public sealed class SipServerNonInviteTransactionTests
{
    [Fact]
    public async Task NewRequest_NoAutoTrying_StartsTryingAndAbsorbsRetransmission()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        await host.ReceiveAsync(flow, Request("OPTIONS", "z9hG4bKn1"));
        await host.ReceiveAsync(flow, Request("OPTIONS", "z9hG4bKn1"));

        Assert.Empty(flow.Sent);
        var tx = Assert.Single(host.User.Requests);
        Assert.False(tx.IsInvite);
        Assert.Equal(SipServerTransactionState.Trying, tx.State);
        Assert.Equal(CancellationToken.None, tx.Cancelled);
    }

    [Fact]
    public async Task Retransmissions_ProceedingAndCompleted_ResendLastResponse()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        await host.ReceiveAsync(flow, Request("REGISTER", "z9hG4bKn2"));
        var tx = Assert.Single(host.User.Requests);

        await tx.SendResponseAsync(tx.CreateResponse(100, "Trying"));
        Assert.Equal(SipServerTransactionState.Proceeding, tx.State);
        await host.ReceiveAsync(flow, Request("REGISTER", "z9hG4bKn2"));
        await tx.SendResponseAsync(tx.CreateResponse(200, "OK"));
        Assert.Equal(SipServerTransactionState.Completed, tx.State);
        await host.ReceiveAsync(flow, Request("REGISTER", "z9hG4bKn2"));
        await tx.SendResponseAsync(tx.CreateResponse(500, "Server Internal Error"));

        Assert.Equal([100, 100, 200, 200], flow.Responses.Select(r => r.StatusCode));
        Assert.Single(host.User.Requests);
    }

    [Fact]
    public async Task Final_Udp_NoRetransmissionAndTimerJIs64T1()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        host.User.OnRequest = tx => tx.SendResponseAsync(tx.CreateResponse(200, "OK"));
        await host.ReceiveAsync(flow, Request("OPTIONS", "z9hG4bKj1"));
        var tx = Assert.Single(host.User.Requests);

        host.Advance(31.95);
        Assert.Equal(SipServerTransactionState.Completed, tx.State);
        await host.ReceiveAsync(flow, Request("OPTIONS", "z9hG4bKj1"));
        host.Advance(0.05);
        Assert.Equal(SipServerTransactionState.Terminated, tx.State);
        Assert.Equal(0, host.Layer.ServerTransactionCount);

        Assert.Equal([0, 31.95], flow.ResponseTimes(200));
    }

    [Fact]
    public async Task Final_Tcp_TimerJZeroTerminatesAtOnce()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow(SipTransportKind.Tcp);
        host.User.OnRequest = tx => tx.SendResponseAsync(tx.CreateResponse(200, "OK"));
        await host.ReceiveAsync(flow, Request("OPTIONS", "z9hG4bKj2", transport: "TCP"));

        Assert.Equal(SipServerTransactionState.Terminated, Assert.Single(host.User.Requests).State);
        Assert.Equal(0, host.Layer.ServerTransactionCount);
        Assert.Single(flow.Responses);
    }

    [Fact]
    public async Task RequestAfterTermination_IsNewTransaction()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow(SipTransportKind.Ws);
        host.User.OnRequest = tx => tx.SendResponseAsync(tx.CreateResponse(200, "OK"));
        await host.ReceiveAsync(flow, Request("MESSAGE", "z9hG4bKj3", transport: "WS"));
        await host.ReceiveAsync(flow, Request("MESSAGE", "z9hG4bKj3", transport: "WS"));

        Assert.Equal(2, host.User.Requests.Count);
    }
}
