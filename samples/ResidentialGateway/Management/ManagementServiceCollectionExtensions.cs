using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ResidentialGateway.Management;

/// <summary>Registers the management endpoint (options validated at start, the reports, the Kestrel server).</summary>
internal static class ManagementServiceCollectionExtensions
{
    public static IServiceCollection AddManagementEndpoint(this IServiceCollection services, IConfiguration section)
    {
        services.AddOptions<ManagementOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ManagementOptions>, ManagementOptionsValidator>());
        services.TryAddSingleton<ManagementReports>();
        services.TryAddSingleton<ManagementServer>();
        services.AddHostedService(static sp => sp.GetRequiredService<ManagementServer>());
        return services;
    }
}
