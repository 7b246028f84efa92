using Gateway.Media.Relay;
using Gateway.Media.Relay.Legs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Gateway.Media.DependencyInjection;

/// <summary>Registers the packet path's leg factory: UDP sockets from the port range (<c>Relay/Legs/</c>).</summary>
internal static class MediaRelayLegRegistration
{
    /// <summary>Adds the default leg factory (and the receive threads its legs use) unless one is registered already.</summary>
    public static void AddDefaultLegFactory(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(static sp => MediaReceiveThreads.Start(
            sp.GetService<IOptions<MediaRelayOptions>>()?.Value.ReceiveThreads ?? 0,
            (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<MediaReceiveThreads>()));
        services.TryAddSingleton<IMediaLegFactory>(static sp => new UdpMediaLegFactory(
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance,
            sp.GetRequiredService<MediaReceiveThreads>()));
    }
}
