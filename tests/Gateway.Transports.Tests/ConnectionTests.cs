using Gateway.Core.Transport;
using Gateway.Transports.Connections;
using Gateway.Transports.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Transports.Tests;

public sealed class ConnectionTests
{
    [Fact]
    public async Task Heartbeat_NoTrafficForTheIdleTimeout_ClosesFlowAndRaisesFlowClosed()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = await TransportHarness.StartAsync([SipTransportKind.Tcp], o =>
        {
            o.Limits.IdleTimeout = TimeSpan.FromMinutes(10);
            o.Limits.HeartbeatInterval = TimeSpan.FromSeconds(1);
        }, timeProvider: time);
        var closed = new TaskCompletionSource<SipFlow>(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Layer.FlowClosed += flow => closed.TrySetResult(flow);
        await using var client = await WellBehavedClient.ConnectAsync(harness, SipTransportKind.Tcp);
        await client.AssertAnsweredAsync();

        time.Advance(TimeSpan.FromMinutes(9));
        await client.AssertAnsweredAsync();
        time.Advance(TimeSpan.FromMinutes(9));
        Assert.False(closed.Task.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(2));

        var flow = await closed.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(SipTransportKind.Tcp, flow.Kind);
        Assert.True(flow.IsClosed);
        Assert.Equal(1, harness.Layer.Metrics.Timeouts);
    }

    [Fact]
    public async Task Heartbeat_HandshakeNeverCompleted_ClosedAtTheHandshakeTimeout()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = await TransportHarness.StartAsync([SipTransportKind.Ws], o =>
        {
            o.Limits.HandshakeTimeout = TimeSpan.FromSeconds(10);
            o.Limits.HeartbeatInterval = TimeSpan.FromSeconds(1);
        }, timeProvider: time);
        await using var idle = await SipStreamClient.ConnectAsync(harness.EndPoint(SipTransportKind.Ws));
        for (var i = 0; i < 50 && harness.Layer.ConnectionCount == 0; i++) await Task.Delay(20);
        Assert.Equal(1, harness.Layer.ConnectionCount);

        time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, harness.Layer.Metrics.Timeouts);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(await idle.WaitClosedAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(1, harness.Layer.Metrics.Timeouts);
    }

    [Fact]
    public void FlowToken_RoundTrip_DecodesTheFlowId()
    {
        var codec = new FlowTokenCodec();
        var token = codec.Encode("wss-42");
        Assert.True(codec.TryDecode(token, out var id));
        Assert.Equal("wss-42", id);
        Assert.DoesNotContain('=', token);
        Assert.DoesNotContain('+', token);
        Assert.DoesNotContain('/', token);
    }

    [Fact]
    public void FlowToken_TamperedForgedOrForeign_Rejected()
    {
        var codec = new FlowTokenCodec();
        var token = codec.Encode("ws-7");
        var tampered = string.Concat(token[0] == 'A' ? "B" : "A", token.AsSpan(1));
        Assert.False(codec.TryDecode(tampered, out _));
        Assert.False(codec.TryDecode(token.AsSpan(0, token.Length - 1), out _));
        Assert.False(codec.TryDecode("not a token!", out _));
        Assert.False(codec.TryDecode(string.Empty, out _));
        Assert.False(new FlowTokenCodec().TryDecode(token, out _));
    }

    [Fact]
    public async Task TryGetFlow_UnknownIds_False()
    {
        await using var harness = await TransportHarness.StartAsync([SipTransportKind.Udp]);
        Assert.False(harness.Layer.TryGetFlow("tcp-999999", out _));
        Assert.False(harness.Layer.TryGetFlow("udp7-127.0.0.1:5060", out _));
        Assert.False(harness.Layer.TryGetFlow("udp0-nonsense", out _));
        Assert.False(harness.Layer.TryResolveFlowToken("AAAA", out _));
    }
}
