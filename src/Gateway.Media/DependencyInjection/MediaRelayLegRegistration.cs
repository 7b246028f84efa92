using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Media.DependencyInjection;

/// <summary>
/// Registers the packet path's leg factory. The UDP implementation lives in <c>Relay/Legs/</c>; until it is part of
/// the build (define <c>MEDIA_LEGS</c>), nothing is registered here and resolving the relay without an
/// <see cref="Relay.IMediaLegFactory"/> fails with a clear message.
/// </summary>
internal static class MediaRelayLegRegistration
{
    /// <summary>Adds the default leg factory unless one is registered already.</summary>
    public static void AddDefaultLegFactory(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
#if MEDIA_LEGS
        Microsoft.Extensions.DependencyInjection.Extensions.ServiceCollectionDescriptorExtensions.TryAddSingleton<Gateway.Media.Relay.IMediaLegFactory, Gateway.Media.Relay.Legs.UdpMediaLegFactory>(services);
#endif
    }
}
