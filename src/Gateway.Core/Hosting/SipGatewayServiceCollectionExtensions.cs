using Gateway.Core.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Gateway in a service collection.</summary>
public static class SipGatewayServiceCollectionExtensions
{
    /// <summary>
    /// Adds the SIP gateway's core services and options; chain transport, pipeline and media registrations on the
    /// returned builder. Options are validated when first resolved (at host start).
    /// </summary>
    public static ISipGatewayBuilder AddSipGateway(this IServiceCollection services, Action<SipGatewayOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SipGatewayOptions>();
        if (configure is not null) options.Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SipGatewayOptions>, SipGatewayOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        return new SipGatewayBuilder(services);
    }
}
