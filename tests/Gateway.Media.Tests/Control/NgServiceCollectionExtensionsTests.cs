using System.Net;
using Gateway.Core.Media;
using Gateway.Media.Control.Ng;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Gateway.Media.Tests.Control;

/// <summary>
/// The DI registrations, checked through their descriptors with a minimal provider (the test project has no DI
/// container package; the factories are what a container would call).
/// </summary>
public sealed class NgServiceCollectionExtensionsTests
{
    [Fact]
    public void AddRtpEngine_WithEndpoints_RegistersNgMediaRelayAsTheMediaRelay()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IMediaRelay>(new NgFakeRelay());

        services.AddSipGateway().AddRtpEngine(o => o.AddEndpoint("udp:127.0.0.1:22222=2").AddEndpoint("udp:127.0.0.1:22223"));

        var relays = services.Where(d => d.ServiceType == typeof(IMediaRelay)).ToList();
        Assert.Single(relays);
        var provider = new DescriptorProvider(services);
        var relay = Assert.IsType<NgMediaRelay>(provider.GetService(typeof(IMediaRelay)));
        Assert.Same(relay, provider.GetService(typeof(NgMediaRelay)));
        relay.Dispose();
        var options = provider.Options<NgClientOptions>();
        Assert.Equal(2, options.Endpoints.Count);
        Assert.Equal(2, options.Endpoints[0].Weight);
    }

    [Fact]
    public async Task AddNgServer_WithRelay_HostedServiceServesPing()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IMediaRelay>(new NgFakeRelay());

        services.AddNgServer(o => o.EndPoint = new IPEndPoint(IPAddress.Loopback, 0));

        var provider = new DescriptorProvider(services);
        var hosted = Assert.IsType<NgServer>(provider.GetService(typeof(IHostedService)));
        Assert.Same(hosted, provider.GetService(typeof(NgServer)));
        await hosted.StartAsync(CancellationToken.None);
        try
        {
            using var client = new NgUdpPeer();
            var reply = await client.RequestAsync("h1 d7:command4:pinge"u8.ToArray(), hosted.LocalEndPoint!);
            Assert.Equal("h1 d6:result4:ponge"u8.ToArray(), reply);
        }
        finally
        {
            await hosted.DisposeAsync();
        }
    }

    [Fact]
    public void AddNgServer_Defaults_LoopbackPort22222()
    {
        var services = new ServiceCollection().AddNgServer();

        var options = new DescriptorProvider(services).Options<NgServerOptions>();

        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 22222), options.EndPoint);
    }

    /// <summary>Resolves singletons from descriptors (instance or factory) and options from their configure actions.</summary>
    private sealed class DescriptorProvider(IServiceCollection services) : IServiceProvider
    {
        private readonly Dictionary<ServiceDescriptor, object?> _built = [];

        public T Options<T>()
            where T : class, new()
        {
            var options = new T();
            foreach (var descriptor in services.Where(d => d.ServiceType == typeof(IConfigureOptions<T>)))
            {
                ((IConfigureOptions<T>)descriptor.ImplementationInstance!).Configure(options);
            }

            return options;
        }

        public object? GetService(Type serviceType)
        {
            if (serviceType == typeof(IOptions<NgClientOptions>)) return Microsoft.Extensions.Options.Options.Create(Options<NgClientOptions>());
            if (serviceType == typeof(IOptions<NgServerOptions>)) return Microsoft.Extensions.Options.Options.Create(Options<NgServerOptions>());
            var descriptor = services.LastOrDefault(d => d.ServiceType == serviceType);
            if (descriptor is null) return null;
            if (descriptor.ImplementationInstance is { } instance) return instance;
            if (!_built.TryGetValue(descriptor, out var built))
            {
                built = descriptor.ImplementationFactory?.Invoke(this);
                _built[descriptor] = built;
            }

            return built;
        }
    }
}
