using System.Diagnostics.Metrics;
using Gateway.Core.Diagnostics;
using Gateway.Core.Hosting;
using Gateway.Core.Registrar;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Gateway in a service collection.</summary>
public static class SipGatewayServiceCollectionExtensions
{
    /// <summary>
    /// Adds the SIP gateway's core services and options; chain transport, pipeline and media registrations on the
    /// returned builder. Options are validated when first resolved (at host start). Also registers
    /// <see cref="SipMetrics"/> (meter <c>Gateway.Core</c>, from the host's <see cref="IMeterFactory"/> when there is one).
    /// </summary>
    public static ISipGatewayBuilder AddSipGateway(this IServiceCollection services, Action<SipGatewayOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SipGatewayOptions>();
        if (configure is not null) options.Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SipGatewayOptions>, SipGatewayOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(static sp =>
        {
            var metrics = new SipMetrics(sp.GetService<IMeterFactory>());
            metrics.ObserveRegistrations(sp.GetService<ILocationStore>);
            return metrics;
        });
        return new SipGatewayBuilder(services);
    }
}
