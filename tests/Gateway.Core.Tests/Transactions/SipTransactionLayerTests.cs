using Gateway.Core.Messages;
using Gateway.Core.Transactions;
using Gateway.Core.Transport;
using Gateway.Core.Uris;
using Microsoft.Extensions.Logging.Abstractions;
using static Gateway.Core.Tests.Transactions.SipTestMessages;

namespace Gateway.Core.Tests.Transactions;

/// <summary>The layer as a whole: dispatch, limits, failures of the TU and the transport, disposal.</summary>
public sealed class SipTransactionLayerTests
{
    [Fact]
    public async Task UnmatchedResponse_PassedUpAsStray()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        var response = Response(Outbound("INVITE", "z9hG4bKnobody"), 200, "OK");

        await host.ReceiveAsync(flow, response);

        Assert.Same(response, Assert.Single(host.User.StrayResponses));
    }

    [Fact]
    public async Task UnmatchedAck_PassedUp()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        await host.ReceiveAsync(flow, Request("ACK", "z9hG4bKstray", toTag: "t"));

        Assert.Single(host.User.Acks);
        Assert.Empty(flow.Sent);
        Assert.Empty(host.User.Requests);
    }

    [Fact]
    public async Task AckBeforeFinal_Dropped()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKearly"));
        await host.ReceiveAsync(flow, Request("ACK", "z9hG4bKearly"));

        Assert.Empty(host.User.Acks);
        Assert.Equal(SipServerTransactionState.Proceeding, host.User.Requests.Single().State);
    }

    [Fact]
    public async Task MaxTransactions_Reached_NewRequestGets503StatelesslyAndIsNotPassedUp()
    {
        using var host = new TransactionTestHost(new SipTransactionOptions { MaxTransactions = 2 });
        var flow = host.Flow();
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKmax1"));
        host.Layer.StartClientTransaction(Outbound("INVITE", "z9hG4bKmaxc"), flow, host.Handler());
        flow.Clear();

        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKmax2"));
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKmax1"));

        var unavailable = flow.Responses[0];
        Assert.Equal(503, unavailable.StatusCode);
        Assert.NotNull(unavailable.To!.Tag);
        Assert.Equal("z9hG4bKmax2", unavailable.TopVia!.Branch);
        Assert.Equal(100, flow.Responses[1].StatusCode);
        Assert.Single(host.User.Requests);
        Assert.Equal(1, host.Layer.ServerTransactionCount);
    }

    [Fact]
    public async Task TransactionUserThrows_LayerKeepsWorking()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        host.User.ThrowSync = true;
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKthrow1"));
        await host.ReceiveAsync(flow, Request("CANCEL", "z9hG4bKthrow1"));
        await host.ReceiveAsync(flow, Request("ACK", "z9hG4bKthrow2"));
        await host.ReceiveAsync(flow, Response(Outbound("BYE", "z9hG4bKthrow3"), 200, "OK"));
        host.User.ThrowSync = false;
        host.User.ThrowAsync = true;
        await host.ReceiveAsync(flow, Request("OPTIONS", "z9hG4bKthrow4"));
        await host.ReceiveAsync(flow, Request("ACK", "z9hG4bKthrow5"));
        host.User.ThrowAsync = false;
        await host.ReceiveAsync(flow, Request("OPTIONS", "z9hG4bKthrow6"));

        Assert.Equal(3, host.User.Requests.Count);
        Assert.Single(host.User.Cancels);
        Assert.Equal(2, host.User.Acks.Count);
        Assert.Single(host.User.StrayResponses);
        Assert.Equal([100, 200], flow.Responses.Select(r => r.StatusCode));
        Assert.True(host.User.Requests.First().Cancelled.IsCancellationRequested);
    }

    [Fact]
    public async Task CancelledCallbackThrows_LayerKeepsWorking()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKcb1"));
        using var registration = host.User.Requests.Single().Cancelled.Register(() => throw new InvalidOperationException("bad callback"));

        await host.ReceiveAsync(flow, Request("CANCEL", "z9hG4bKcb1"));

        Assert.Equal(200, flow.Responses[^1].StatusCode);
        Assert.Single(host.User.Cancels);
    }

    [Fact]
    public async Task ClientHandlerThrows_LayerKeepsWorking()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        var handler = host.Handler();
        handler.Throw = true;
        var invite = Outbound("INVITE", "z9hG4bKht1");
        var tx = host.Layer.StartClientTransaction(invite, flow, handler);
        await host.ReceiveAsync(flow, Response(invite, 180, "Ringing"));
        await host.ReceiveAsync(flow, Response(invite, 486, "Busy Here"));
        var other = host.Layer.StartClientTransaction(Outbound("OPTIONS", "z9hG4bKht2"), flow, handler);
        host.Advance(6);

        Assert.Equal(2, handler.Responses.Count);
        Assert.Single(handler.Timeouts);
        Assert.Equal(SipClientTransactionState.Completed, tx.State);
        Assert.Equal(SipClientTransactionState.Terminated, other.State);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void StartClientTransaction_SendFails_ReportsTransportErrorAndTerminates(bool throws)
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        flow.Mode = throws ? FlowSendMode.Throw : FlowSendMode.Fail;
        var handler = host.Handler();

        var tx = host.Layer.StartClientTransaction(Outbound("INVITE", "z9hG4bKte1"), flow, handler);

        Assert.Single(handler.TransportErrors);
        Assert.Equal(SipClientTransactionState.Terminated, tx.State);
        Assert.Equal(0, host.Layer.ClientTransactionCount);
        host.Advance(40);
        Assert.Empty(handler.Timeouts);
    }

    [Fact]
    public void Retransmission_SendFails_ReportsTransportError()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        var handler = host.Handler();
        var tx = host.Layer.StartClientTransaction(Outbound("OPTIONS", "z9hG4bKte2"), flow, handler);
        host.Advance(0.25);
        flow.Mode = FlowSendMode.Fail;
        host.Advance(0.25);

        Assert.Equal([TimeSpan.FromSeconds(0.5)], handler.TransportErrors);
        Assert.Equal(SipClientTransactionState.Terminated, tx.State);
        host.Advance(10);
        Assert.Empty(handler.Timeouts);
    }

    [Fact]
    public async Task ServerSendFails_NoThrow()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        flow.Mode = FlowSendMode.Throw;
        host.User.OnRequest = tx => tx.SendResponseAsync(tx.CreateResponse(486, "Busy Here"));

        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKsf1"));
        host.Advance(40);

        Assert.Equal(0, host.Layer.ServerTransactionCount);
    }

    [Fact]
    public void StartClientTransaction_BadArguments_Throw()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        var handler = host.Handler();
        host.Layer.StartClientTransaction(Outbound("INVITE", "z9hG4bKdup"), flow, handler);

        Assert.Throws<ArgumentException>(() => host.Layer.StartClientTransaction(Outbound("ACK", "z9hG4bKack"), flow, handler));
        var noVia = new SipRequest(SipMethod.Options, SipUri.Parse("sip:bob@example.com"));
        Assert.Throws<ArgumentException>(() => host.Layer.StartClientTransaction(noVia, flow, handler));
        Assert.Throws<InvalidOperationException>(() => host.Layer.StartClientTransaction(Outbound("INVITE", "z9hG4bKdup"), flow, handler));
        Assert.Throws<ArgumentNullException>(() => host.Layer.StartClientTransaction(Outbound("INVITE", "z9hG4bKn"), flow, null!));
    }

    [Fact]
    public async Task RequestWithoutVia_DroppedWithoutThrowing()
    {
        using var host = new TransactionTestHost();
        var flow = host.Flow();
        var request = new SipRequest(SipMethod.Options, SipUri.Parse("sip:bob@example.com"));

        await host.ReceiveAsync(flow, request);

        Assert.Empty(flow.Sent);
        Assert.Empty(host.User.Requests);
    }

    [Fact]
    public async Task Dispose_TerminatesEverythingAndIgnoresLaterMessages()
    {
        var host = new TransactionTestHost();
        var flow = host.Flow();
        var handler = host.Handler();
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKdsp1"));
        var client = host.Layer.StartClientTransaction(Outbound("INVITE", "z9hG4bKdsp2"), flow, handler);

        host.Dispose();
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKdsp3"));
        host.Advance(40);

        Assert.Equal(0, host.Layer.ServerTransactionCount);
        Assert.Equal(0, host.Layer.ClientTransactionCount);
        Assert.Equal(SipClientTransactionState.Terminated, client.State);
        Assert.Single(host.User.Requests);
        Assert.Empty(handler.Timeouts);
        Assert.Throws<ObjectDisposedException>(() => host.Layer.StartClientTransaction(Outbound("INVITE", "z9hG4bKdsp4"), flow, handler));
    }

    [Fact]
    public void Constructor_InvalidOptions_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SipTransactionLayer(
            new RecordingTransactionUser(),
            TimeProvider.System,
            new SipTransactionOptions { T2 = TimeSpan.FromMilliseconds(100) },
            NullLogger<SipTransactionLayer>.Instance));
    }

    [Fact]
    public async Task CustomT1_TimersScale()
    {
        using var host = new TransactionTestHost(new SipTransactionOptions { T1 = TimeSpan.FromMilliseconds(100), T2 = TimeSpan.FromMilliseconds(400), FinalResponseTimeout = TimeSpan.FromSeconds(60) });
        var flow = host.Flow();
        var handler = host.Handler();
        host.Layer.StartClientTransaction(Outbound("OPTIONS", "z9hG4bKt1"), flow, handler);
        host.User.OnRequest = tx => tx.SendResponseAsync(tx.CreateResponse(486, "Busy Here"));
        await host.ReceiveAsync(flow, Request("INVITE", "z9hG4bKt1s"));

        host.Advance(10);

        // Timer E: 0.1, 0.2, 0.4 (capped at T2), then every 0.4 until F = 6.4 s.
        Assert.Equal([0, 0.1, 0.3, 0.7, 1.1, 1.5, 1.9, 2.3, 2.7, 3.1, 3.5, 3.9, 4.3, 4.7, 5.1, 5.5, 5.9, 6.3], flow.RequestTimes("OPTIONS").Select(t => Math.Round(t, 2)));
        Assert.Equal([TimeSpan.FromSeconds(6.4)], handler.Timeouts);

        // Timer G likewise until H = 6.4 s.
        Assert.Equal([0, 0.1, 0.3, 0.7, 1.1, 1.5, 1.9, 2.3, 2.7, 3.1, 3.5, 3.9, 4.3, 4.7, 5.1, 5.5, 5.9, 6.3], flow.ResponseTimes(486).Select(t => Math.Round(t, 2)));
        Assert.Equal(0, host.Layer.ServerTransactionCount);
    }
}
