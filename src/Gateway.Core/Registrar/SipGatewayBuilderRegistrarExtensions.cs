using Gateway.Core.Hosting;
using Gateway.Core.Nat;
using Gateway.Core.Registrar;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the registrar, the location store and the NAT keep-alive.</summary>
public static class SipGatewayBuilderRegistrarExtensions
{
    /// <summary>
    /// Adds <see cref="SipRegistrar"/>, an <see cref="ILocationStore"/> (the <see cref="InMemoryLocationStore"/>
    /// unless one is already registered: register yours before or after, it wins either way with
    /// <c>services.Replace</c>) and <see cref="NatKeepAlive"/> as a hosted service, which does nothing unless
    /// <see cref="SipRegistrarOptions.KeepAlive"/> is enabled. Options are validated when first resolved.
    /// </summary>
    /// <param name="builder">The gateway builder.</param>
    /// <param name="configure">Configures the registrar (expiry bounds, limits, node id, keep-alive).</param>
    /// <param name="configureStore">Configures the in-memory store (capacity, sweep interval).</param>
    public static ISipGatewayBuilder AddRegistrar(this ISipGatewayBuilder builder, Action<SipRegistrarOptions>? configure = null, Action<InMemoryLocationStoreOptions>? configureStore = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<SipRegistrarOptions>();
        if (configure is not null) options.Configure(configure);
        var storeOptions = services.AddOptions<InMemoryLocationStoreOptions>();
        if (configureStore is not null) storeOptions.Configure(configureStore);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SipRegistrarOptions>, SipRegistrarOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InMemoryLocationStoreOptions>, SipRegistrarOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ILocationStore, InMemoryLocationStore>();
        services.TryAddSingleton<SipRegistrar>();
        services.TryAddSingleton<NatKeepAlive>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, NatKeepAlive>(static sp => sp.GetRequiredService<NatKeepAlive>()));
        return builder;
    }
}
