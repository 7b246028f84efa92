using Gateway.Core.Transactions;
using static Gateway.Core.Tests.Transactions.SipTestMessages;

namespace Gateway.Core.Tests.Transactions;

/// <summary>CANCEL on the server side: RFC 3261 §9.2.</summary>
public sealed class SipServerCancelTests
{
    [Fact]
    public async Task MatchedCancel_Answers200CancelsTokenAndCallsUser()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKc1"));
        var invite = Assert.Single(host.User.Requests);
        var callbacks = 0;
        using var registration = invite.Cancelled.Register(() => callbacks++);

        await host.ReceiveAsync(flow, Request("CANCEL", "z9hG4bKc1"));

        var ok = flow.Responses[^1];
        Assert.Equal(200, ok.StatusCode);
        Assert.Equal("CANCEL", ok.CSeq!.Method);
        Assert.Equal(invite.LocalTag, ok.To!.Tag);
        Assert.True(invite.Cancelled.IsCancellationRequested);
        Assert.Equal(1, callbacks);
        var (cancelled, cancel) = Assert.Single(host.User.Cancels);
        Assert.Same(invite, cancelled);
        Assert.True(cancel.Method.IsCancel);
        Assert.Single(host.User.Requests);
        Assert.Equal(2, host.Layer.ServerTransactionCount);

        // 487 is the transaction user's job; it carries the same To tag as the 200 to the CANCEL (§9.2).
        await invite.SendResponseAsync(invite.CreateResponse(487, "Request Terminated"));
        Assert.Equal(ok.To!.Tag, flow.Responses[^1].To!.Tag);
    }

    [Fact]
    public async Task RetransmittedCancel_Resends200AndDoesNotCallUserAgain()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKc2"));
        await host.ReceiveAsync(flow, Request("CANCEL", "z9hG4bKc2"));
        await host.ReceiveAsync(flow, Request("CANCEL", "z9hG4bKc2"));

        Assert.Equal([100, 200, 200], flow.Responses.Select(r => r.StatusCode));
        Assert.Single(host.User.Cancels);

        // The CANCEL's own transaction ends by Timer J (64*T1 on UDP).
        var invite = host.User.Requests.Single();
        await invite.SendResponseAsync(invite.CreateResponse(487, "Request Terminated"));
        await host.ReceiveAsync(flow, Request("ACK", "z9hG4bKc2", toTag: invite.LocalTag));
        host.Advance(32);
        Assert.Equal(0, host.Layer.ServerTransactionCount);
        Assert.Empty(host.User.Acks);
    }

    [Fact]
    public async Task UnmatchedCancel_Answers481AndIsNotPassedUp()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKc3"));
        flow.Clear();

        await host.ReceiveAsync(flow, Request("CANCEL", "z9hG4bKnothing"));
        await host.ReceiveAsync(flow, Request("CANCEL", "z9hG4bKc3", sentBy: "203.0.113.1:5060"));

        Assert.Equal([481, 481], flow.Responses.Select(r => r.StatusCode));
        Assert.Equal("Call/Transaction Does Not Exist", flow.Responses[0].ReasonPhrase);
        Assert.NotNull(flow.Responses[0].To!.Tag);
        Assert.Empty(host.User.Cancels);
        Assert.Single(host.User.Requests);
        Assert.False(host.User.Requests.Single().Cancelled.IsCancellationRequested);
        Assert.Equal(1, host.Layer.ServerTransactionCount);
    }

    [Fact]
    public async Task CancelAfterFinal_Answers200ButCancelsNothing()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        host.User.OnRequest = tx => tx.SendResponseAsync(tx.CreateResponse(486, "Busy Here"));
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKc4"));

        await host.ReceiveAsync(flow, Request("CANCEL", "z9hG4bKc4"));

        Assert.Equal(200, flow.Responses[^1].StatusCode);
        Assert.Empty(host.User.Cancels);
        Assert.False(host.User.Requests.Single().Cancelled.IsCancellationRequested);
    }

    [Fact]
    public async Task CancelAfterInviteTerminated_Answers481()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        host.User.OnRequest = tx => tx.SendResponseAsync(tx.CreateResponse(200, "OK"));
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKc5"));
        host.Advance(32);

        await host.ReceiveAsync(flow, Request("CANCEL", "z9hG4bKc5"));

        Assert.Equal(481, flow.Responses[^1].StatusCode);
    }

    [Fact]
    public async Task CancelledToken_AfterTermination_StillReadable()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKc6"));
        var invite = Assert.Single(host.User.Requests);
        await host.ReceiveAsync(flow, Request("CANCEL", "z9hG4bKc6"));
        await invite.SendResponseAsync(invite.CreateResponse(487, "Request Terminated"));
        host.Advance(40);

        Assert.Equal(SipServerTransactionState.Terminated, invite.State);
        Assert.True(invite.Cancelled.IsCancellationRequested);
        Assert.Equal(0, host.Layer.ServerTransactionCount);
    }
}
