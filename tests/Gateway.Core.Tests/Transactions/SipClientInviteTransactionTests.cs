using Gateway.Core.Messages;
using Gateway.Core.Transactions;
using Gateway.Core.Transport;
using static Gateway.Core.Tests.Transactions.SipTestMessages;

namespace Gateway.Core.Tests.Transactions;

/// <summary>INVITE client transactions: RFC 3261 §17.1.1, RFC 6026 §7.2, and OpenSIPS fr_timeout / fr_inv_timeout.</summary>
public sealed class SipClientInviteTransactionTests
{
    private static readonly SipTransactionOptions LongFrTimeout = new() { FinalResponseTimeout = TimeSpan.FromSeconds(60) };

    [Fact]
    public void NoResponse_Udp_TimerADoublesUntilTimerB()
    {
        using var host = new TransactionTestHost(LongFrTimeout);
        var flow = host.Flow();
        var handler = host.Handler();
        var tx = host.Layer.StartClientTransaction(Outbound("INVITE", "z9hG4bKca1"), flow, handler);
        Assert.Equal(SipClientTransactionState.Calling, tx.State);
        Assert.Equal("z9hG4bKca1", tx.Branch);
        Assert.Equal(1, host.Layer.ClientTransactionCount);

        host.Advance(31.95);
        Assert.Empty(handler.Timeouts);
        host.Advance(0.05);
        host.Advance(10);

        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5], flow.RequestTimes("INVITE"));
        Assert.Equal([TimeSpan.FromSeconds(32)], handler.Timeouts);
        Assert.Equal(SipClientTransactionState.Terminated, tx.State);
        Assert.Equal(0, host.Layer.ClientTransactionCount);
        Assert.Empty(flow.RequestTimes("CANCEL"));
    }

    [Fact]
    public void NoResponse_Tcp_NoRetransmissionTimerBStill64T1()
    {
        using var host = new TransactionTestHost(LongFrTimeout);
        var flow = host.Flow(SipTransportKind.Tcp);
        var handler = host.Handler();
        host.Layer.StartClientTransaction(Outbound("INVITE", "z9hG4bKca2"), flow, handler);

        host.Advance(40);

        Assert.Equal([0.0], flow.RequestTimes("INVITE"));
        Assert.Equal([TimeSpan.FromSeconds(32)], handler.Timeouts);
    }

    [Fact]
    public void NoProvisional_FrTimeout_TimesOutAfter5SecondsWithoutCancel()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        var handler = host.Handler();
        var tx = host.Layer.StartClientTransaction(Outbound("INVITE", "z9hG4bKfr1"), flow, handler);

        host.Advance(10);

        Assert.Equal([0, 0.5, 1.5, 3.5], flow.RequestTimes("INVITE"));
        Assert.Equal([TimeSpan.FromSeconds(5)], handler.Timeouts);
        Assert.Empty(flow.RequestTimes("CANCEL"));
        Assert.Equal(SipClientTransactionState.Terminated, tx.State);
    }

    [Fact]
    public async Task Provisional_FrInvTimeout_SendsCancelAndReportsTimeout()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        var handler = host.Handler();
        var invite = Outbound("INVITE", "z9hG4bKfr2");
        var tx = host.Layer.StartClientTransaction(invite, flow, handler);

        host.Advance(1.0);
        await host.ReceiveAsync(flow, Response(invite, 180, "Ringing"));
        Assert.Equal(SipClientTransactionState.Proceeding, tx.State);
        Assert.True(tx.HasProvisional);

        // fr_inv_timeout = 30 s from the first provisional (1.0): nothing happens before 31.0.
        await host.ReceiveAsync(flow, Response(invite, 183, "Session Progress"));
        host.Advance(29.95);
        Assert.Empty(handler.Timeouts);
        host.Advance(0.05);

        Assert.Equal([TimeSpan.FromSeconds(31)], handler.Timeouts);
        Assert.Equal([0, 0.5], flow.RequestTimes("INVITE"));
        Assert.Equal([31.0], flow.RequestTimes("CANCEL"));
        Assert.True(tx.IsCancelRequested);

        // The CANCEL is answered, then the INVITE's 487: ACKed by the layer but not reported (the branch already timed out).
        var cancel = flow.Requests.Single(r => r.Method.IsCancel);
        await host.ReceiveAsync(flow, Response(cancel, 200, "OK"));
        await host.ReceiveAsync(flow, Response(invite, 487, "Request Terminated"));

        Assert.Equal([180, 183], handler.Responses.Select(r => r.StatusCode));
        Assert.Equal([31.0], flow.RequestTimes("ACK"));
        Assert.Equal(SipClientTransactionState.Completed, tx.State);
        Assert.Single(handler.Timeouts);
        Assert.Empty(host.User.StrayResponses);
    }

    [Fact]
    public async Task FrInvTimeout_SuccessCrossesCancel_StillReported()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        var handler = host.Handler();
        var invite = Outbound("INVITE", "z9hG4bKfr4");
        var tx = host.Layer.StartClientTransaction(invite, flow, handler);
        await host.ReceiveAsync(flow, Response(invite, 180, "Ringing"));
        host.Advance(30);
        Assert.Single(handler.Timeouts);

        // The callee answered just as the CANCEL left: the 2xx must still reach the proxy (RFC 3261 §16.7 step 5).
        await host.ReceiveAsync(flow, Response(invite, 200, "OK"));

        Assert.Equal([180, 200], handler.Responses.Select(r => r.StatusCode));
        Assert.Equal(SipClientTransactionState.Accepted, tx.State);
        Assert.Empty(flow.RequestTimes("ACK"));
    }

    [Fact]
    public async Task FrInvTimeout_NoFinalAfterCancel_TerminatesAfter64T1AndReportsOnce()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow(SipTransportKind.Tcp);
        var handler = host.Handler();
        var invite = Outbound("INVITE", "z9hG4bKfr3");
        var tx = host.Layer.StartClientTransaction(invite, flow, handler);
        await host.ReceiveAsync(flow, Response(invite, 180, "Ringing"));

        host.Advance(30);
        Assert.Equal(SipClientTransactionState.Proceeding, tx.State);
        host.Advance(31.95);
        Assert.Equal(SipClientTransactionState.Proceeding, tx.State);
        host.Advance(0.05);

        Assert.Equal(SipClientTransactionState.Terminated, tx.State);
        Assert.Equal([TimeSpan.FromSeconds(30)], handler.Timeouts);
        Assert.Equal([30.0], flow.RequestTimes("CANCEL"));
        Assert.Equal(0, host.Layer.ClientTransactionCount);
    }

    [Fact]
    public async Task NonSuccessFinal_BuildsHopByHopAck()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        var handler = host.Handler();
        var invite = Outbound("INVITE", "z9hG4bKack1");
        host.Layer.StartClientTransaction(invite, flow, handler);

        await host.ReceiveAsync(flow, Response(invite, 486, "Busy Here", toTag: "callee-tag"));

        var ack = flow.Requests.Single(r => r.Method.IsAck);
        Assert.Equal(invite.RequestUriText, ack.RequestUriText);
        Assert.Equal(invite.CallId, ack.CallId);
        Assert.Equal(invite.From!.ToString(), ack.From!.ToString());
        Assert.Equal("callee-tag", ack.To!.Tag);
        Assert.Equal("7 ACK", ack.CSeq!.ToString());
        Assert.True(ack.TryGetVias(out var vias));
        var via = Assert.Single(vias);
        Assert.Equal(invite.TopVia!.ToString(), via.ToString());
        Assert.True(ack.TryGetRoutes(out var routes));
        Assert.Equal(["<sip:edge1.example.com;lr>", "<sip:edge2.example.com;lr>", "<sip:edge3.example.com;lr>"], routes.Select(r => r.ToString()));
        Assert.Equal(70, ack.MaxForwards);
        Assert.Null(ack.Headers.GetFirstValue(SipHeaderId.RecordRoute));
        Assert.Null(ack.Headers.GetFirstValue(SipHeaderId.Contact));
        Assert.Equal(0, ack.ContentLength);
        Assert.Equal(486, Assert.Single(handler.Responses).StatusCode);
    }

    [Fact]
    public async Task NonSuccessFinal_Udp_RetransmittedFinalReAckedUntilTimerD()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        var handler = host.Handler();
        var invite = Outbound("INVITE", "z9hG4bKd1");
        var tx = host.Layer.StartClientTransaction(invite, flow, handler);
        host.Advance(1.0);
        await host.ReceiveAsync(flow, Response(invite, 486, "Busy Here"));
        Assert.Equal(SipClientTransactionState.Completed, tx.State);

        host.Advance(1.0);
        await host.ReceiveAsync(flow, Response(invite, 486, "Busy Here"));

        // Timer D = 32 s from the final at 1.0.
        host.Advance(30.95);
        Assert.Equal(SipClientTransactionState.Completed, tx.State);
        host.Advance(0.05);
        Assert.Equal(SipClientTransactionState.Terminated, tx.State);
        Assert.Equal(0, host.Layer.ClientTransactionCount);

        // A final arriving after Timer D is stray.
        await host.ReceiveAsync(flow, Response(invite, 486, "Busy Here"));

        Assert.Equal([1.0, 2.0], flow.RequestTimes("ACK"));
        Assert.Equal([0, 0.5], flow.RequestTimes("INVITE"));
        Assert.Single(handler.Responses);
        Assert.Single(host.User.StrayResponses);
        Assert.Empty(handler.Timeouts);
    }

    [Fact]
    public async Task NonSuccessFinal_Tcp_TimerDZeroTerminatesAtOnce()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow(SipTransportKind.Tcp);
        var handler = host.Handler();
        var invite = Outbound("INVITE", "z9hG4bKd2");
        var tx = host.Layer.StartClientTransaction(invite, flow, handler);

        await host.ReceiveAsync(flow, Response(invite, 404, "Not Found"));

        Assert.Equal(SipClientTransactionState.Terminated, tx.State);
        Assert.Single(flow.RequestTimes("ACK"));
        Assert.Equal(0, host.Layer.ClientTransactionCount);
    }

    [Theory]
    [InlineData(SipTransportKind.Udp)]
    [InlineData(SipTransportKind.Tcp)]
    public async Task Success_Accepted_ReportsEvery2xxUntilTimerM(SipTransportKind kind)
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow(kind);
        var handler = host.Handler();
        var invite = Outbound("INVITE", "z9hG4bKm1");
        var tx = host.Layer.StartClientTransaction(invite, flow, handler);
        await host.ReceiveAsync(flow, Response(invite, 180, "Ringing"));
        await host.ReceiveAsync(flow, Response(invite, 200, "OK", toTag: "fork-a"));
        Assert.Equal(SipClientTransactionState.Accepted, tx.State);

        host.Advance(1);
        await host.ReceiveAsync(flow, Response(invite, 200, "OK", toTag: "fork-a"));
        await host.ReceiveAsync(flow, Response(invite, 200, "OK", toTag: "fork-b"));
        await host.ReceiveAsync(flow, Response(invite, 486, "Busy Here", toTag: "fork-c"));
        await host.ReceiveAsync(flow, Response(invite, 183, "Session Progress", toTag: "fork-c"));

        host.Advance(30.95);
        Assert.Equal(SipClientTransactionState.Accepted, tx.State);
        host.Advance(0.05);
        Assert.Equal(SipClientTransactionState.Terminated, tx.State);

        Assert.Equal([180, 200, 200, 200], handler.Responses.Select(r => r.StatusCode));
        Assert.Equal(["fork-a", "fork-a", "fork-b"], handler.Responses.Skip(1).Select(r => r.To!.Tag));
        Assert.Empty(flow.RequestTimes("ACK"));
        Assert.Empty(handler.Timeouts);
        Assert.Equal(0, host.Layer.ClientTransactionCount);
    }

    [Fact]
    public async Task ResponseMatching_SameBranchOtherMethod_NotThisTransaction()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        var handler = host.Handler();
        var invite = Outbound("INVITE", "z9hG4bKmm1");
        host.Layer.StartClientTransaction(invite, flow, handler);

        var bye = Outbound("BYE", "z9hG4bKmm1");
        await host.ReceiveAsync(flow, Response(bye, 200, "OK"));
        await host.ReceiveAsync(flow, Response(Outbound("INVITE", "z9hG4bKother"), 200, "OK"));

        Assert.Empty(handler.Responses);
        Assert.Equal(2, host.User.StrayResponses.Count);
    }

    [Fact]
    public async Task TryGetClientTransaction_ByBranchAndMethod()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        var tx = host.Layer.StartClientTransaction(Outbound("INVITE", "z9hG4bKg1"), flow, host.Handler());

        Assert.True(host.Layer.TryGetClientTransaction("z9hG4bKg1", SipMethod.Invite, out var found));
        Assert.Same(tx, found);
        Assert.False(host.Layer.TryGetClientTransaction("z9hG4bKg1", SipMethod.Cancel, out _));
        await Task.CompletedTask;
    }
}
