using Gateway.Core.Hosting;
using Gateway.Core.Media;
using Gateway.Media.Control.Ng;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers rtpengine's ng protocol: <c>AddRtpEngine(o => o.AddEndpoint("udp:127.0.0.1:22222"))</c> makes a farm of
/// rtpengine daemons the gateway's <see cref="IMediaRelay"/>; <c>AddNgServer()</c> exposes the registered
/// <see cref="IMediaRelay"/> on the ng protocol so Kamailio or OpenSIPS can drive it.
/// </summary>
public static class NgServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="NgMediaRelay"/> as the gateway's <see cref="IMediaRelay"/> (replacing any other), driving
    /// the rtpengine instances <paramref name="configure"/> lists.
    /// </summary>
    /// <param name="builder">The gateway builder.</param>
    /// <param name="configure">Adds the instances and sets timeouts.</param>
    /// <returns>The builder.</returns>
    public static ISipGatewayBuilder AddRtpEngine(this ISipGatewayBuilder builder, Action<NgClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<NgClientOptions>().Configure(configure).Validate(Validate, "NgClientOptions are invalid: add at least one endpoint and keep timeouts positive.");
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(static sp => new NgMediaRelay(
            sp.GetRequiredService<IOptions<NgClientOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<NgMediaRelay>>()));
        services.Replace(ServiceDescriptor.Singleton<IMediaRelay>(static sp => sp.GetRequiredService<NgMediaRelay>()));
        return builder;
    }

    /// <summary>
    /// Registers <see cref="NgServer"/> as a hosted service over the <see cref="IMediaRelay"/> in the container (the
    /// in-process engine, or any other), listening where <paramref name="configure"/> says (127.0.0.1:22222 by default).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the endpoint and limits; optional.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddNgServer(this IServiceCollection services, Action<NgServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<NgServerOptions>();
        if (configure is not null) options.Configure(configure);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(static sp => new NgServer(
            sp.GetRequiredService<IMediaRelay>(),
            sp.GetRequiredService<IOptions<NgServerOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<NgServer>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, NgServer>(static sp => sp.GetRequiredService<NgServer>()));
        return services;
    }

    private static bool Validate(NgClientOptions options)
    {
        try
        {
            options.Validate();
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
