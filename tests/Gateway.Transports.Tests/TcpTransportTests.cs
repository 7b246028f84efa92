using System.Net;
using Gateway.Core.Messages;
using Gateway.Core.Parsing;
using Gateway.Core.Transport;
using Gateway.Transports.Tests.Infrastructure;

namespace Gateway.Transports.Tests;

public sealed class TcpTransportTests
{
    [Fact]
    public async Task Options_SippOverTcp_Answered200()
    {
        await using var harness = await TransportHarness.StartAsync([SipTransportKind.Tcp]);
        var (exitCode, output) = await SippRunner.RunOptionsAsync(harness.EndPoint(SipTransportKind.Tcp), "t1", calls: 20);
        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task KeepAlive_CrlfCrlfPing_AnsweredWithCrlf()
    {
        await using var harness = await TransportHarness.StartAsync([SipTransportKind.Tcp]);
        await using var client = await SipStreamClient.ConnectAsync(harness.EndPoint(SipTransportKind.Tcp));
        await client.SendAsync("\r\n\r\n");
        Assert.Equal("\r\n"u8.ToArray(), await client.ReadRawAsync(2));
        await client.SendAsync(SipText.Options());
        var response = Assert.IsType<SipResponse>(await client.ReceiveAsync());
        Assert.Equal(200, response.StatusCode);
        Assert.Equal(1, harness.Layer.Metrics.KeepAlivesAnswered);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(100)]
    [InlineData(200)]
    public async Task Receive_MessageSplitAcrossWrites_FramedOnce(int splitAt)
    {
        await using var harness = await TransportHarness.StartAsync([SipTransportKind.Tcp]);
        await using var client = await SipStreamClient.ConnectAsync(harness.EndPoint(SipTransportKind.Tcp));
        var bytes = SipText.Bytes(SipText.Options(body: "v=0\r\n"));
        await client.SendAsync(bytes[..splitAt]);
        await Task.Delay(50);
        await client.SendAsync(bytes[splitAt..]);
        Assert.Equal(200, Assert.IsType<SipResponse>(await client.ReceiveAsync()).StatusCode);
    }

    [Fact]
    public async Task Receive_TwoMessagesInOneWrite_BothAnswered()
    {
        await using var harness = await TransportHarness.StartAsync([SipTransportKind.Tcp]);
        await using var client = await SipStreamClient.ConnectAsync(harness.EndPoint(SipTransportKind.Tcp));
        await client.SendAsync(SipText.Options(callId: "first-aaaaaaaa") + SipText.Options(callId: "second-bbbbbbbb"));
        Assert.Equal("first-aaaaaaaa", (await client.ReceiveAsync())!.CallId);
        Assert.Equal("second-bbbbbbbb", (await client.ReceiveAsync())!.CallId);
    }

    [Fact]
    public async Task GetFlowAsync_NoConnection_OpensOneAndReusesIt()
    {
        await using var server = await TransportHarness.StartAsync([SipTransportKind.Tcp]);
        await using var client = await TransportHarness.StartAsync([]);
        var target = server.EndPoint(SipTransportKind.Tcp);

        var flow = await client.Layer.GetFlowAsync(SipTransportKind.Tcp, target);
        Assert.NotNull(flow);
        Assert.Same(flow, await client.Layer.GetFlowAsync(SipTransportKind.Tcp, target));
        Assert.True(await flow.SendAsync(SipMessageParser.Parse(SipText.Bytes(SipText.Options())).Request!));

        var (_, response) = await client.Responder.WaitAsync(m => m is SipResponse);
        Assert.Equal(200, ((SipResponse)response).StatusCode);
        var (inbound, _) = await server.Responder.WaitAsync(m => m is SipRequest);
        Assert.Same(inbound, await server.Layer.GetFlowAsync(SipTransportKind.Tcp, inbound.RemoteEndPoint));
        Assert.Equal(1, client.Layer.Metrics.ConnectionsOpened);
    }

    [Fact]
    public async Task GetFlowAsync_NothingListening_ReturnsNull()
    {
        await using var client = await TransportHarness.StartAsync([]);
        using var probe = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        probe.Bind(SipText.Loopback());
        var unused = (IPEndPoint)probe.LocalEndPoint!;
        probe.Dispose();
        Assert.Null(await client.Layer.GetFlowAsync(SipTransportKind.Tcp, new IPEndPoint(IPAddress.Loopback, unused.Port)));
        Assert.Equal(0, client.Layer.ConnectionCount);
    }
}
