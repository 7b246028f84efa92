using System.Net;
using System.Net.Sockets;
using System.Text;
using Gateway.Core.Messages;
using Gateway.Core.Parsing;
using Gateway.Core.Transport;
using Gateway.Transports.Tests.Infrastructure;

namespace Gateway.Transports.Tests;

public sealed class UdpTransportTests
{
    [Fact]
    public async Task Options_SippOverUdp_Answered200()
    {
        await using var harness = await TransportHarness.StartAsync([SipTransportKind.Udp]);
        var (exitCode, output) = await SippRunner.RunOptionsAsync(harness.EndPoint(SipTransportKind.Udp), "u1", calls: 20);
        Assert.True(exitCode == 0, output);
        Assert.True(harness.Layer.Metrics.MessagesSent >= 20);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task Options_RawDatagram_Answered200OnSamePortWithRport(string address)
    {
        var ip = IPAddress.Parse(address);
        await using var harness = await TransportHarness.StartAsync([], o => o.Listeners.Add(new SipListenerOptions { Protocol = SipTransportKind.Udp, Address = address }));
        using var client = new Socket(ip.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(ip, 0));
        var server = harness.EndPoint(SipTransportKind.Udp);
        await client.SendToAsync(SipText.Bytes(SipText.Options("UDP")), server);

        var response = await ReceiveAsync(client);
        Assert.Equal(200, response.Message.StatusCode);
        Assert.Equal(server, response.From);
        var via = response.Message.TopVia!;
        Assert.Equal(((IPEndPoint)client.LocalEndPoint!).Port, via.RPort);
        Assert.Equal(address, via.Received);
    }

    [Fact]
    public async Task Receive_OversizedAndBlankDatagrams_DroppedAndListenerKeepsServing()
    {
        await using var harness = await TransportHarness.StartAsync([SipTransportKind.Udp], parser: new SipParserOptions { MaxMessageSize = 1024, MaxHeaderSectionSize = 1024 });
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(SipText.Loopback());
        var server = harness.EndPoint(SipTransportKind.Udp);
        await client.SendToAsync(SipText.Bytes(SipText.Options("UDP", body: new string('x', 2000))), server);
        await client.SendToAsync("\r\n\r\n"u8.ToArray(), server);
        await client.SendToAsync(Encoding.ASCII.GetBytes("garbage that is not SIP at all\r\n\r\n"), server);
        await client.SendToAsync(SipText.Bytes(SipText.Options("UDP")), server);

        var response = await ReceiveAsync(client);
        Assert.Equal(200, response.Message.StatusCode);
        Assert.Equal(2, harness.Layer.Metrics.DatagramsDropped);
        Assert.Equal(1, harness.Layer.Receiver!.Dropped);
    }

    [Fact]
    public async Task GetFlowAsync_NoFlowYet_SendsFromTheListeningSocket()
    {
        await using var harness = await TransportHarness.StartAsync([SipTransportKind.Udp]);
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(SipText.Loopback());
        var flow = await harness.Layer.GetFlowAsync(SipTransportKind.Udp, (IPEndPoint)peer.LocalEndPoint!);
        Assert.NotNull(flow);
        var request = SipMessageParser.Parse(SipText.Bytes(SipText.Options("UDP"))).Request!;
        Assert.True(await flow.SendAsync(request));

        var received = await ReceiveAsync(peer, expectResponse: false);
        Assert.Equal(harness.EndPoint(SipTransportKind.Udp), received.From);
        Assert.True(harness.Layer.TryGetFlow(flow.Id, out var again));
        Assert.Equal(flow.RemoteEndPoint, again.RemoteEndPoint);
        Assert.True(harness.Layer.TryResolveFlowToken(harness.Layer.CreateFlowToken(flow), out var resolved));
        Assert.Equal(flow.Id, resolved.Id);
    }

    private static async Task<(SipResponse Message, IPEndPoint From)> ReceiveAsync(Socket socket, bool expectResponse = true)
    {
        var buffer = new byte[65_536];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0), timeout.Token);
        var message = SipMessageParser.Parse(buffer.AsSpan(0, result.ReceivedBytes).ToArray()).Message;
        Assert.NotNull(message);
        if (expectResponse) return ((SipResponse)message, (IPEndPoint)result.RemoteEndPoint);
        return (null!, (IPEndPoint)result.RemoteEndPoint);
    }
}
