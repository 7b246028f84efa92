using Gateway.Core.Transactions;
using Gateway.Core.Transport;
using static Gateway.Core.Tests.Transactions.SipTestMessages;

namespace Gateway.Core.Tests.Transactions;

/// <summary>INVITE server transactions: RFC 3261 §17.2.1 with the Accepted state of RFC 6026 §7.1.</summary>
public sealed class SipServerInviteTransactionTests
{
    // Timer G from the final: T1, then doubling up to T2 (4 s), until Timer H = 64*T1 = 32 s.
    private static readonly double[] TimerGSchedule = [0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5];

    [Fact]
    public async Task NewInvite_AutoTrying_Sends100AtOnceAndPassesUp()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKa1"));

        var trying = Assert.Single(flow.Responses);
        Assert.Equal(100, trying.StatusCode);
        Assert.Null(trying.To!.Tag);
        var tx = Assert.Single(host.User.Requests);
        Assert.True(tx.IsInvite);
        Assert.Same(flow, tx.Flow);
        Assert.Equal(SipServerTransactionState.Proceeding, tx.State);
        Assert.Equal("z9hG4bKa1;198.51.100.7:40000;INVITE", tx.Id);
        Assert.Equal(1, host.Layer.ServerTransactionCount);
    }

    [Fact]
    public async Task NewInvite_AutoTryingOff_SendsNothingAndRetransmissionGetsNothing()
    {
        using var host = new TransactionTestHost(new SipTransactionOptions { AutoTrying = false });
        var flow = host.Flow();
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKa2"));
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKa2"));

        Assert.Empty(flow.Sent);
        Assert.Single(host.User.Requests);
    }

    [Fact]
    public async Task RetransmittedInvite_InProceeding_ResendsLastProvisional()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKa3"));
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKa3"));
        var tx = Assert.Single(host.User.Requests);
        await tx.SendResponseAsync(tx.CreateResponse(180, "Ringing"));
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKa3"));

        Assert.Equal([100, 100, 180, 180], flow.Responses.Select(r => r.StatusCode));
        Assert.Single(host.User.Requests);
    }

    [Fact]
    public async Task NonSuccessFinal_Udp_TimerGRetransmitsUntilTimerH()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        host.User.OnRequest = tx => tx.SendResponseAsync(tx.CreateResponse(486, "Busy Here"));
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKg1"));
        var tx = Assert.Single(host.User.Requests);
        Assert.Equal(SipServerTransactionState.Completed, tx.State);

        host.Advance(31.95);
        Assert.Equal(1, host.Layer.ServerTransactionCount);
        host.Advance(0.05);
        Assert.Equal(SipServerTransactionState.Terminated, tx.State);
        Assert.Equal(0, host.Layer.ServerTransactionCount);
        host.Advance(10);

        Assert.Equal(TimerGSchedule, flow.ResponseTimes(486));
        Assert.Equal([0.0], flow.ResponseTimes(100));
    }

    [Fact]
    public async Task NonSuccessFinal_Tcp_NoRetransmissionsAndTimerHStill64T1()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow(SipTransportKind.Tcp);
        host.User.OnRequest = tx => tx.SendResponseAsync(tx.CreateResponse(486, "Busy Here"));
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKg2", transport: "TCP"));

        host.Advance(31.95);
        Assert.Equal(1, host.Layer.ServerTransactionCount);
        host.Advance(0.05);
        Assert.Equal(0, host.Layer.ServerTransactionCount);
        Assert.Equal([0.0], flow.ResponseTimes(486));
    }

    [Fact]
    public async Task RetransmittedInvite_InCompleted_ResendsFinal()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow(SipTransportKind.Tcp);
        host.User.OnRequest = tx => tx.SendResponseAsync(tx.CreateResponse(603, "Decline"));
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKg3", transport: "TCP"));
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKg3", transport: "TCP"));

        Assert.Equal([100, 603, 603], flow.Responses.Select(r => r.StatusCode));
        Assert.Single(host.User.Requests);
    }

    [Fact]
    public async Task AckForNonSuccessFinal_Udp_AbsorbedConfirmedAndTimerITerminates()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        host.User.OnRequest = tx => tx.SendResponseAsync(tx.CreateResponse(486, "Busy Here"));
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKi1"));
        var tx = Assert.Single(host.User.Requests);
        var tag = tx.LastResponse!.To!.Tag;

        host.Advance(1.0);
        await host.ReceiveAsync(flow, Request("ACK", "z9hG4bKi1", toTag: tag));
        Assert.Equal(SipServerTransactionState.Confirmed, tx.State);
        host.Advance(1.0);
        await host.ReceiveAsync(flow, Request("ACK", "z9hG4bKi1", toTag: tag));
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKi1"));

        // Timer I = T4 = 5 s from the ACK at 1.0.
        host.Advance(3.95);
        Assert.Equal(SipServerTransactionState.Confirmed, tx.State);
        host.Advance(0.05);
        Assert.Equal(SipServerTransactionState.Terminated, tx.State);
        Assert.Equal(0, host.Layer.ServerTransactionCount);

        Assert.Equal([0, 0.5], flow.ResponseTimes(486));
        Assert.Empty(host.User.Acks);
    }

    [Fact]
    public async Task AckForNonSuccessFinal_Tcp_TimerIZeroTerminatesAtOnce()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow(SipTransportKind.Tcp);
        host.User.OnRequest = tx => tx.SendResponseAsync(tx.CreateResponse(486, "Busy Here"));
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKi2", transport: "TCP"));
        var tx = Assert.Single(host.User.Requests);

        await host.ReceiveAsync(flow, Request("ACK", "z9hG4bKi2", transport: "TCP", toTag: tx.LocalTag));

        Assert.Equal(SipServerTransactionState.Terminated, tx.State);
        Assert.Equal(0, host.Layer.ServerTransactionCount);
        Assert.Empty(host.User.Acks);
    }

    [Theory]
    [InlineData(SipTransportKind.Udp, "UDP")]
    [InlineData(SipTransportKind.Tcp, "TCP")]
    public async Task SuccessFinal_Accepted_AbsorbsInviteRetransmissionsUntilTimerL(SipTransportKind kind, string transport)
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow(kind);
        host.User.OnRequest = tx => tx.SendResponseAsync(tx.CreateResponse(200, "OK"));
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKl1", transport: transport));
        var tx = Assert.Single(host.User.Requests);
        Assert.Equal(SipServerTransactionState.Accepted, tx.State);

        host.Advance(1);
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKl1", transport: transport));
        host.Advance(1);

        // The TU (a proxy) passes 2xx retransmissions and forked 2xx through; the layer never retransmits on its own.
        await tx.SendResponseAsync(tx.CreateResponse(200, "OK"));
        Assert.Equal([0, 2.0], flow.ResponseTimes(200));

        host.Advance(29.95);
        Assert.Equal(SipServerTransactionState.Accepted, tx.State);
        host.Advance(0.05);
        Assert.Equal(SipServerTransactionState.Terminated, tx.State);
        Assert.Equal(0, host.Layer.ServerTransactionCount);
        Assert.Equal([0, 2.0], flow.ResponseTimes(200));
    }

    [Fact]
    public async Task AckForSuccess_NewBranchOrSameBranchInAccepted_PassedUp()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        host.User.OnRequest = tx => tx.SendResponseAsync(tx.CreateResponse(200, "OK"));
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKl2"));
        var tag = Assert.Single(host.User.Requests).LocalTag;

        await host.ReceiveAsync(flow, Request("ACK", "z9hG4bKack2xx", toTag: tag));
        await host.ReceiveAsync(flow, Request("ACK", "z9hG4bKl2", toTag: tag));

        Assert.Equal(2, host.User.Acks.Count);
        Assert.Equal(SipServerTransactionState.Accepted, host.User.Requests.Single().State);
    }

    [Fact]
    public async Task SendResponseAsync_AfterFinal_IgnoredExceptSuccessInAccepted()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKm1"));
        var tx = Assert.Single(host.User.Requests);
        await tx.SendResponseAsync(tx.CreateResponse(486, "Busy Here"));

        await tx.SendResponseAsync(tx.CreateResponse(180, "Ringing"));
        await tx.SendResponseAsync(tx.CreateResponse(200, "OK"));
        await tx.SendResponseAsync(tx.CreateResponse(500, "Server Internal Error"));

        Assert.Equal([100, 486], flow.Responses.Select(r => r.StatusCode));
        Assert.Equal(486, tx.LastResponse!.StatusCode);

        var other = host.Flow();
        await host.ReceiveAsync(other, Request("INVITE", "z9hG4bKm2"));
        var accepted = host.User.Requests.Last();
        await accepted.SendResponseAsync(accepted.CreateResponse(200, "OK"));
        await accepted.SendResponseAsync(accepted.CreateResponse(180, "Ringing"));
        await accepted.SendResponseAsync(accepted.CreateResponse(486, "Busy Here"));
        Assert.Equal([100, 200], other.Responses.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task CreateResponse_RequestWithoutToTag_StableTagAbove100()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKt1"));
        var tx = Assert.Single(host.User.Requests);

        var trying = tx.CreateResponse(100, "Trying");
        var ringing = tx.CreateResponse(180, "Ringing");
        var busy = tx.CreateResponse(486, "Busy Here");

        Assert.Null(trying.To!.Tag);
        Assert.False(string.IsNullOrEmpty(ringing.To!.Tag));
        Assert.Equal(ringing.To!.Tag, busy.To!.Tag);
        Assert.Equal(tx.LocalTag, busy.To!.Tag);
        Assert.Equal(tx.Request.CallId, busy.CallId);
        Assert.Equal("1 INVITE", busy.CSeq!.ToString());
        Assert.Equal(tx.Request.TopVia!.ToString(), busy.TopVia!.ToString());
    }

    [Fact]
    public async Task CreateResponse_RequestWithToTag_KeepsIt()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKt2", toTag: "dialog-tag"));
        var tx = Assert.Single(host.User.Requests);

        Assert.Equal("dialog-tag", tx.CreateResponse(200, "OK").To!.Tag);
    }

    [Fact]
    public async Task TryGetServerTransaction_RetransmissionAndAck_FindTheInvite()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKf1"));
        var tx = Assert.Single(host.User.Requests);

        Assert.True(host.Layer.TryGetServerTransaction(Request("INVITE", "z9hG4bKf1"), out var found));
        Assert.Same(tx, found);
        Assert.True(host.Layer.TryGetServerTransaction(Request("ACK", "z9hG4bKf1"), out found));
        Assert.Same(tx, found);
        Assert.True(host.Layer.TryGetServerTransaction(Request("CANCEL", "z9hG4bKf1"), out found));
        Assert.Same(tx, found);
        Assert.False(host.Layer.TryGetServerTransaction(Request("INVITE", "z9hG4bKf1", sentBy: "203.0.113.9:5060"), out _));
        Assert.False(host.Layer.TryGetServerTransaction(Request("INVITE", "z9hG4bKother"), out _));
        Assert.False(host.Layer.TryGetServerTransaction(Request("BYE", "z9hG4bKf1"), out _));
    }

    [Fact]
    public async Task SameBranchDifferentSentBy_TwoTransactions()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKs1"));
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKs1", sentBy: "203.0.113.9:5060"));

        Assert.Equal(2, host.User.Requests.Count);
        Assert.Equal(2, host.Layer.ServerTransactionCount);
    }

    [Fact]
    public async Task BranchComparison_CaseInsensitiveAndDefaultPort_MatchesRetransmission()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKCase1", sentBy: "UA.example.com"));
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKcase1", sentBy: "ua.example.com:5060"));

        Assert.Single(host.User.Requests);
        Assert.Equal(2, flow.ResponseTimes(100).Length);
    }
}
