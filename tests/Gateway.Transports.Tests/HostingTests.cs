using System.Net;
using System.Net.Sockets;
using Gateway.Core.Messages;
using Gateway.Core.Parsing;
using Gateway.Core.Transport;
using Gateway.Transports.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gateway.Transports.Tests;

public sealed class HostingTests
{
    [Fact]
    public async Task AddUdpAddTcp_HostStarted_ListenersBoundOnActualPortsAndServing()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<ISipMessageHandler, TestResponder>();
        builder.Services.AddSipGateway()
            .AddUdp(SipText.Loopback(), l => l.AdvertisedHost = "sip.example.com")
            .AddTcp(SipText.Loopback());
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var transport = host.Services.GetRequiredService<ISipTransport>();
            Assert.Equal(2, transport.Listeners.Count);
            var udp = transport.Listeners.Single(l => l.Kind == SipTransportKind.Udp);
            Assert.NotEqual(0, udp.EndPoint.Port);
            Assert.Equal("sip.example.com", udp.AdvertisedHost);
            Assert.Equal(udp.EndPoint.Port, udp.AdvertisedPort);

            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            client.Bind(SipText.Loopback());
            await client.SendToAsync(SipText.Bytes(SipText.Options("UDP")), udp.EndPoint);
            var buffer = new byte[4096];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var n = await client.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            Assert.Equal(200, SipMessageParser.Parse(buffer.AsSpan(0, n).ToArray()).Response!.StatusCode);
        }
        finally
        {
            await host.StopAsync();
        }

        Assert.True(host.Services.GetRequiredService<ISipTransport>().Listeners.Count == 2);
    }

    [Fact]
    public async Task StartAsync_NoMessageHandlerRegistered_FailsWithAClearMessage()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSipGateway().AddUdp(SipText.Loopback());
        using var host = builder.Build();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());
        Assert.Contains(nameof(ISipMessageHandler), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddTransportsFromConfiguration_StringsObjectsAndLimits_Bound()
    {
        var certificate = TestCertificate.Create(TestCertificate.NewDirectory(), "config");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:Listen:0"] = "udp:127.0.0.1:0",
            ["Gateway:Listen:1"] = "tls:127.0.0.1:0",
            ["Gateway:Listen:2:Protocol"] = "ws",
            ["Gateway:Listen:2:Address"] = "127.0.0.1",
            ["Gateway:Listen:2:Port"] = "0",
            ["Gateway:Listen:2:AdvertisedHost"] = "ws.example.com",
            ["Gateway:Listen:2:AdvertisedPort"] = "443",
            ["Gateway:Listen:2:AllowedOrigins:0"] = "https://phone.example.com",
            ["Gateway:Tls:CertificatePath"] = certificate.CertificatePath,
            ["Gateway:Tls:KeyPath"] = certificate.KeyPath,
            ["Gateway:Tls:ReloadInterval"] = "00:00:30",
            ["Gateway:Limits:MaxConnectionsPerAddress"] = "7",
            ["Gateway:Limits:IdleTimeout"] = "00:02:00",
            ["Gateway:Udp:ReceiveLoops"] = "1",
        }).Build();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<ISipMessageHandler, TestResponder>();
        builder.Services.AddSipGateway().AddTransportsFromConfiguration(configuration.GetSection("Gateway"));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var layer = host.Services.GetRequiredService<SipTransportLayer>();
            Assert.Same(layer, host.Services.GetRequiredService<ISipTransport>());
            Assert.Equal([SipTransportKind.Udp, SipTransportKind.Tls, SipTransportKind.Ws], layer.Listeners.Select(l => l.Kind));
            var ws = layer.Listeners[2];
            Assert.Equal(("ws.example.com", 443), (ws.AdvertisedHost, ws.AdvertisedPort));
            var options = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SipTransportOptions>>().Value;
            Assert.Equal(7, options.Limits.MaxConnectionsPerAddress);
            Assert.Equal(TimeSpan.FromMinutes(2), options.Limits.IdleTimeout);
            Assert.Equal(TimeSpan.FromSeconds(30), options.CertificateReloadInterval);
            Assert.Equal("https://phone.example.com", Assert.Single(options.Listeners[2].AllowedOrigins));

            await using var client = await SipStreamClient.ConnectAsync(layer.Listeners[1].EndPoint, tls: true);
            await client.SendAsync(SipText.Options("TLS"));
            Assert.Equal(200, Assert.IsType<SipResponse>(await client.ReceiveAsync()).StatusCode);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task StartAsync_TlsListenerWithoutCertificate_FailsWithAClearMessage()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<ISipMessageHandler, TestResponder>();
        builder.Services.AddSipGateway().AddTransports(o => o.Listeners.Add(SipListenerOptions.Parse("tls:127.0.0.1:0")));
        using var host = builder.Build();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());
        Assert.Contains("certificate", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("udp:127.0.0.1:5060", SipTransportKind.Udp, "127.0.0.1", 5060)]
    [InlineData("TCP:0.0.0.0:5060", SipTransportKind.Tcp, "0.0.0.0", 5060)]
    [InlineData("wss:[::1]:4443", SipTransportKind.Wss, "::1", 4443)]
    [InlineData(" ws:127.0.0.1:8080 ", SipTransportKind.Ws, "127.0.0.1", 8080)]
    public void Parse_ListenForm_ProtocolAddressPort(string text, SipTransportKind kind, string address, int port)
    {
        var listener = SipListenerOptions.Parse(text);
        Assert.Equal(kind, listener.Protocol);
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), listener.GetEndPoint());
    }

    [Theory]
    [InlineData("127.0.0.1:5060")]
    [InlineData("sctp:127.0.0.1:5060")]
    [InlineData("udp:127.0.0.1")]
    [InlineData("udp:[::1]")]
    [InlineData("udp:example.com:5060")]
    public void Parse_NotTheListenForm_Throws(string text) => Assert.Throws<FormatException>(() => SipListenerOptions.Parse(text));
}
