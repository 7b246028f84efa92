using Gateway.Core.Headers;
using Gateway.Core.Transactions;
using static Gateway.Core.Tests.Transactions.SipTestMessages;

namespace Gateway.Core.Tests.Transactions;

/// <summary>CANCEL of an INVITE client transaction: RFC 3261 §9.1.</summary>
public sealed class SipClientCancelTests
{
    [Fact]
    public async Task CancelAsync_AfterProvisional_SendsCancelBuiltPerSection91()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        var handler = host.Handler();
        var invite = Outbound("INVITE", "z9hG4bKx1");
        var tx = host.Layer.StartClientTransaction(invite, flow, handler);
        await host.ReceiveAsync(flow, Response(invite, 180, "Ringing"));

        await tx.CancelAsync();

        var cancel = Assert.Single(flow.Requests, r => r.Method.IsCancel);
        Assert.Equal(invite.RequestUriText, cancel.RequestUriText);
        Assert.Equal(invite.CallId, cancel.CallId);
        Assert.Equal(invite.From!.ToString(), cancel.From!.ToString());
        Assert.Equal(invite.To!.ToString(), cancel.To!.ToString());
        Assert.Null(cancel.To!.Tag);
        Assert.Equal("7 CANCEL", cancel.CSeq!.ToString());
        Assert.True(cancel.TryGetVias(out var vias));
        Assert.Equal(invite.TopVia!.ToString(), Assert.Single(vias).ToString());
        Assert.True(cancel.TryGetRoutes(out var routes));
        Assert.Equal(3, routes.Count);
        Assert.Equal(70, cancel.MaxForwards);
        Assert.Equal(2, host.Layer.ClientTransactionCount);

        // The CANCEL's 200 goes to the CANCEL transaction; the 487 to the INVITE's handler, ACKed.
        await host.ReceiveAsync(flow, Response(cancel, 200, "OK"));
        await host.ReceiveAsync(flow, Response(invite, 487, "Request Terminated"));
        Assert.Equal([180, 487], handler.Responses.Select(r => r.StatusCode));
        Assert.Single(flow.Requests, r => r.Method.IsAck);
        Assert.Empty(host.User.StrayResponses);
        Assert.Empty(handler.Timeouts);
    }

    [Fact]
    public async Task CancelAsync_Twice_OneCancel()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        var invite = Outbound("INVITE", "z9hG4bKx2");
        var tx = host.Layer.StartClientTransaction(invite, flow, host.Handler());
        await host.ReceiveAsync(flow, Response(invite, 183, "Session Progress"));

        await tx.CancelAsync();
        await tx.CancelAsync();
        await host.ReceiveAsync(flow, Response(invite, 180, "Ringing"));

        Assert.Single(flow.Requests, r => r.Method.IsCancel);
    }

    [Fact]
    public async Task CancelAsync_BeforeProvisional_SentWhenFirstProvisionalArrives()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        var invite = Outbound("INVITE", "z9hG4bKx3");
        var tx = host.Layer.StartClientTransaction(invite, flow, host.Handler());

        await tx.CancelAsync();
        Assert.True(tx.IsCancelRequested);
        Assert.Empty(flow.RequestTimes("CANCEL"));

        host.Advance(0.6);
        await host.ReceiveAsync(flow, Response(invite, 100, "Trying"));
        await host.ReceiveAsync(flow, Response(invite, 180, "Ringing"));

        Assert.Equal([0.6], flow.RequestTimes("CANCEL"));
    }

    [Fact]
    public async Task CancelAsync_BeforeProvisionalThenFinal_NoCancel()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        var handler = host.Handler();
        var invite = Outbound("INVITE", "z9hG4bKx4");
        var tx = host.Layer.StartClientTransaction(invite, flow, handler);

        await tx.CancelAsync();
        await host.ReceiveAsync(flow, Response(invite, 486, "Busy Here"));
        await host.ReceiveAsync(flow, Response(invite, 180, "Ringing"));
        await tx.CancelAsync();

        Assert.Empty(flow.RequestTimes("CANCEL"));
        Assert.Single(flow.Requests, r => r.Method.IsAck);
        Assert.Equal(486, Assert.Single(handler.Responses).StatusCode);
    }

    [Fact]
    public async Task CancelAsync_AfterFinal_NoCancel()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        var invite = Outbound("INVITE", "z9hG4bKx5");
        var tx = host.Layer.StartClientTransaction(invite, flow, host.Handler());
        await host.ReceiveAsync(flow, Response(invite, 180, "Ringing"));
        await host.ReceiveAsync(flow, Response(invite, 200, "OK"));

        await tx.CancelAsync();

        Assert.Empty(flow.RequestTimes("CANCEL"));
    }

    [Fact]
    public async Task CancelAsync_NoFinalWithin64T1_TimesOut()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        var handler = host.Handler();
        var invite = Outbound("INVITE", "z9hG4bKx6");
        var tx = host.Layer.StartClientTransaction(invite, flow, handler);
        await host.ReceiveAsync(flow, Response(invite, 180, "Ringing"));
        host.Advance(2);
        await tx.CancelAsync();

        // The CANCEL's own transaction retransmits (Timer E) and times out by fr_timeout, silently.
        host.Advance(31.95);
        Assert.Empty(handler.Timeouts);
        host.Advance(0.05);

        Assert.Equal([TimeSpan.FromSeconds(34)], handler.Timeouts);
        Assert.Equal(SipClientTransactionState.Terminated, tx.State);
        Assert.Equal([2, 2.5, 3.5, 5.5], flow.RequestTimes("CANCEL"));
        Assert.Equal(0, host.Layer.ClientTransactionCount);
    }

    [Fact]
    public async Task CancelAsync_CancelHasOwnBranchKey_ResponsesSplitByCSeqMethod()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        var handler = host.Handler();
        var invite = Outbound("INVITE", "z9hG4bKx7");
        var tx = host.Layer.StartClientTransaction(invite, flow, handler);
        await host.ReceiveAsync(flow, Response(invite, 180, "Ringing"));
        await tx.CancelAsync();
        var cancel = flow.Requests.Single(r => r.Method.IsCancel);

        Assert.Equal(invite.TopVia!.Branch, cancel.TopVia!.Branch);
        Assert.True(SipCSeq.TryParse("7 CANCEL", out var expected));
        Assert.Equal(expected, cancel.CSeq);
        Assert.True(host.Layer.TryGetClientTransaction("z9hG4bKx7", Gateway.Core.Messages.SipMethod.Cancel, out var cancelTx));
        await host.ReceiveAsync(flow, Response(cancel, 200, "OK"));
        Assert.Equal(SipClientTransactionState.Completed, cancelTx.State);
        Assert.Single(handler.Responses);
    }
}
