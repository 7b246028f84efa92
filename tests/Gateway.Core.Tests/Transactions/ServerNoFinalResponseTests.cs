using Gateway.Core.Transactions;
using static Gateway.Core.Tests.Transactions.SipTestMessages;

namespace Gateway.Core.Tests.Transactions;

/// <summary>The safety net for a transaction user that never answers a request (a pipeline step that drops it).</summary>
public sealed class ServerNoFinalResponseTests
{
    [Fact]
    public async Task Invite_NoFinalFromUser_Answers500AfterFrPlusFrInvPlus64T1()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKn1"));
        var tx = Assert.Single(host.User.Requests);

        // fr_timeout 5 s + fr_inv_timeout 30 s + 64*T1 32 s = 67 s.
        host.Advance(66.95);
        Assert.Equal([100], flow.Responses.Select(r => r.StatusCode));
        Assert.Equal(SipServerTransactionState.Proceeding, tx.State);
        host.Advance(0.05);

        Assert.Equal([100, 500], flow.Responses.Select(r => r.StatusCode));
        Assert.Equal(SipServerTransactionState.Completed, tx.State);
        Assert.Equal([67.0], flow.ResponseTimes(500).Take(1));

        // Then the ordinary Completed state: Timer H ends it 64*T1 later without an ACK.
        host.Advance(32);
        Assert.Equal(SipServerTransactionState.Terminated, tx.State);
        Assert.Equal(0, host.Layer.ServerTransactionCount);
    }

    [Fact]
    public async Task NonInvite_NoFinalFromUser_DestroyedAfter64T1WithoutAnswer()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        await host.ReceiveAsync(flow, Request("OPTIONS", "z9hG4bKn2"));
        var tx = Assert.Single(host.User.Requests);

        host.Advance(31.95);
        Assert.Equal(SipServerTransactionState.Trying, tx.State);
        Assert.Equal(1, host.Layer.ServerTransactionCount);
        host.Advance(0.05);

        Assert.Equal(SipServerTransactionState.Terminated, tx.State);
        Assert.Equal(0, host.Layer.ServerTransactionCount);
        Assert.Empty(flow.Responses);
    }

    [Fact]
    public async Task Invite_FinalInTime_SafetyTimerNeverFires()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKn3"));
        var tx = Assert.Single(host.User.Requests);
        host.Advance(60);
        await tx.SendResponseAsync(tx.CreateResponse(200, "OK"));

        host.Advance(20);
        Assert.Equal([100, 200], flow.Responses.Select(r => r.StatusCode));
        Assert.Equal(SipServerTransactionState.Accepted, tx.State);
        host.Advance(12);
        Assert.Equal(SipServerTransactionState.Terminated, tx.State);
    }
}
