using Gateway.Core.Nat;
using Gateway.Core.Registrar;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Core.Tests.Registrar;

public sealed class SipGatewayBuilderRegistrarExtensionsTests
{
    private static ServiceProvider Build(Action<ServiceCollection>? before = null, Action<SipRegistrarOptions>? configure = null, Action<InMemoryLocationStoreOptions>? configureStore = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        before?.Invoke(services);
        services.AddSipGateway().AddRegistrar(configure, configureStore);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public void AddRegistrar_Defaults_ResolvesRegistrarStoreAndKeepAlive()
    {
        using var provider = Build(configure: o => o.NodeId = "node-x", configureStore: o => o.MaxBindings = 10);

        var registrar = provider.GetRequiredService<SipRegistrar>();
        Assert.IsType<InMemoryLocationStore>(provider.GetRequiredService<ILocationStore>());
        Assert.Same(provider.GetRequiredService<ILocationStore>(), registrar.Store);
        Assert.Equal("node-x", registrar.Options.NodeId);
        Assert.Equal(10, provider.GetRequiredService<IOptions<InMemoryLocationStoreOptions>>().Value.MaxBindings);
        Assert.Contains(provider.GetServices<IHostedService>(), s => s is NatKeepAlive);
        Assert.Same(provider.GetRequiredService<NatKeepAlive>(), Assert.Single(provider.GetServices<IHostedService>()));
    }

    [Fact]
    public void AddRegistrar_StoreRegisteredFirst_Kept()
    {
        var custom = new FaultyLocationStore();
        using var provider = Build(before: s => s.AddSingleton<ILocationStore>(custom));

        Assert.Same(custom, provider.GetRequiredService<SipRegistrar>().Store);
    }

    [Fact]
    public void AddRegistrar_InvalidOptions_FailOnResolve()
    {
        using var provider = Build(configure: o => o.MinExpires = 7200);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<SipRegistrar>());
        Assert.Contains("MinExpires", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddRegistrar_KeepAliveEnabled_StartsOnTheInjectedClock()
    {
        var time = new FakeTimeProvider();
        var transport = new FakeSipTransport();
        using var provider = Build(
            before: s =>
            {
                s.AddSingleton<TimeProvider>(time);
                s.AddSingleton<Core.Transport.ISipTransport>(transport);
            },
            configure: o =>
            {
                o.NodeId = "node-a";
                o.KeepAlive.Enabled = true;
            });
        var store = provider.GetRequiredService<ILocationStore>();
        await store.UpsertAsync(new SipBinding
        {
            Aor = "sip:a@x",
            Contact = "sip:a@10.0.0.1",
            ExpiresAt = time.GetUtcNow().AddHours(1),
            CallId = "c",
            NodeId = "node-a",
            Received = new SipReceivedAddress(Core.Transport.SipTransportKind.Udp, System.Net.IPEndPoint.Parse("198.51.100.1:40000")),
        });

        foreach (var service in provider.GetServices<IHostedService>()) await service.StartAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(20));

        Assert.Single(Assert.Single(transport.Outbound).Value.Sent);
    }
}
