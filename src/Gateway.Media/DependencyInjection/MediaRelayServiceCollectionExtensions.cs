using Gateway.Core.Hosting;
using Gateway.Core.Media;
using Gateway.Media.DependencyInjection;
using Gateway.Media.Relay;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers the in-process media relay as the gateway's <see cref="IMediaRelay"/>:
/// <c>services.AddSipGateway(…).AddMediaRelay(o => { o.MinPort = 30000; o.MaxPort = 40000; })</c>, or
/// <c>services.AddMediaRelay(…)</c> in a host without SIP (an ng daemon).
/// </summary>
public static class MediaRelayServiceCollectionExtensions
{
    /// <summary>
    /// Registers the relay engine (a singleton; disposing the container ends every session and releases every port)
    /// as <see cref="IMediaRelay"/>, with its options validated when the host starts.
    /// </summary>
    /// <param name="builder">The gateway builder.</param>
    /// <param name="configure">Sets <see cref="MediaRelayOptions"/> (port range, addresses, timeouts, certificate).</param>
    /// <returns>The builder.</returns>
    public static ISipGatewayBuilder AddMediaRelay(this ISipGatewayBuilder builder, Action<MediaRelayOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddMediaRelay(configure);
        return builder;
    }

    /// <summary>Registers the relay engine as <see cref="IMediaRelay"/> in a host without the SIP gateway.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets <see cref="MediaRelayOptions"/>.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddMediaRelay(this IServiceCollection services, Action<MediaRelayOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<MediaRelayOptions>();
        if (configure is not null) options.Configure(configure);
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MediaRelayOptions>, MediaRelayOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        MediaRelayLegRegistration.AddDefaultLegFactory(services);
        services.TryAddSingleton(static sp => new MediaRelayEngine(
            sp.GetRequiredService<IOptions<MediaRelayOptions>>().Value,
            sp.GetRequiredService<IMediaLegFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<MediaRelayEngine>>()));
        services.TryAddSingleton<IMediaRelay>(static sp => sp.GetRequiredService<MediaRelayEngine>());
        return services;
    }
}
