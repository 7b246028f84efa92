using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ResidentialGateway.Media;

/// <summary>Binds and validates the sample's media settings (the relay itself is wired in with Gateway.Media).</summary>
internal static class MediaServiceCollectionExtensions
{
    public static IServiceCollection AddMediaOptions(this IServiceCollection services, IConfiguration section)
    {
        services.AddOptions<MediaOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MediaOptions>, MediaOptionsValidator>());
        return services;
    }
}
