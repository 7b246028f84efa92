using System.Net;
using Gateway.Core.Proxy;
using Gateway.Core.Transactions;
using Gateway.Core.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>A gateway on 127.0.0.1 (UDP and TCP on ephemeral ports) running the pipeline a test composes.</summary>
internal sealed class GatewayHost : IAsyncDisposable
{
    private readonly IHost _host;

    private GatewayHost(IHost host)
    {
        _host = host;
        Transport = host.Services.GetRequiredService<ISipTransport>();
    }

    public ISipTransport Transport { get; }

    public IServiceProvider Services => _host.Services;

    public int Port(SipTransportKind kind)
    {
        foreach (var listener in Transport.Listeners)
        {
            if (listener.Kind == kind) return listener.EndPoint.Port;
        }

        throw new InvalidOperationException("No listener of kind " + kind);
    }

    public static async Task<GatewayHost> StartAsync(Action<ISipApplicationBuilder> pipeline, Action<SipTransactionOptions>? transactions = null, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSipGateway(o => o.LocalDomains.Add("127.0.0.1"))
            .AddUdp(new IPEndPoint(IPAddress.Loopback, 0))
            .AddTcp(new IPEndPoint(IPAddress.Loopback, 0))
            .AddWebSocket(new IPEndPoint(IPAddress.Loopback, 0))
            .AddRegistrar()
            .UsePipeline(pipeline);
        if (transactions is not null) builder.Services.Configure(transactions);
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new GatewayHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
