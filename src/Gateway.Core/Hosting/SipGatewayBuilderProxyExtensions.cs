using Gateway.Core.Diagnostics;
using Gateway.Core.Hosting;
using Gateway.Core.Proxy;
using Gateway.Core.Routing;
using Gateway.Core.Transactions;
using Gateway.Core.Transport;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the transaction layer and the proxy pipeline.</summary>
public static class SipGatewayBuilderProxyExtensions
{
    /// <summary>
    /// Makes the gateway a proxy whose routing logic is the pipeline <paramref name="configure"/> composes (the
    /// OpenSIPS <c>route{}</c>); the stateful relay is appended as the last step. Registers the transaction layer as
    /// the transports' message handler. The pipeline is built once, when the proxy is first resolved.
    /// </summary>
    public static ISipGatewayBuilder UsePipeline(this ISipGatewayBuilder builder, Action<ISipApplicationBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<SipTransactionOptions>().Validate(o => OptionsValidation.Passes(o.Validate), "Invalid transaction options.");
        services.AddOptions<SipProxyOptions>().Validate(o => OptionsValidation.Passes(o.Validate), "Invalid proxy options.");
        services.TryAddSingleton<ISipTargetResolver, DnsSipTargetResolver>();
        services.TryAddSingleton<SipLocalAddresses>();
        services.TryAddSingleton(sp =>
        {
            var proxy = new SipProxy(
                sp,
                sp.GetRequiredService<ISipTransport>(),
                sp.GetRequiredService<SipLocalAddresses>(),
                sp.GetRequiredService<ISipTargetResolver>(),
                sp.GetRequiredService<IOptions<SipProxyOptions>>().Value,
                () => sp.GetRequiredService<SipTransactionLayer>(),
                sp.GetRequiredService<ILogger<SipProxy>>());
            proxy.UsePipeline(configure);
            return proxy;
        });
        services.TryAddSingleton(sp =>
        {
            var layer = new SipTransactionLayer(
                sp.GetRequiredService<SipProxy>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<IOptions<SipTransactionOptions>>().Value,
                sp.GetRequiredService<ILogger<SipTransactionLayer>>());
            layer.Metrics = sp.GetService<SipMetrics>();
            layer.Metrics?.Observe(layer);
            return layer;
        });
        services.TryAddSingleton<ISipMessageHandler>(sp => sp.GetRequiredService<SipTransactionLayer>());
        return builder;
    }
}
