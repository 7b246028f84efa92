using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using ResidentialGateway.WebPhone;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the sample's browser softphone page: <c>builder.Services.AddWebPhone(...)</c>, one line in Program.cs.</summary>
internal static class WebPhoneServiceCollectionExtensions
{
    /// <summary>
    /// Serves the softphone page and its <c>/config.json</c> from a Kestrel of its own, bound as
    /// <paramref name="section"/> (<c>Gateway:WebPhone</c>) says; HTTPS presents the PEM certificate and key given.
    /// Register it after the development certificate, so the files exist when it starts.
    /// </summary>
    public static IServiceCollection AddWebPhone(this IServiceCollection services, IConfiguration section, string? certificatePath, string? keyPath)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<WebPhoneOptions>().Bind(section);
        services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<WebPhoneHostedService>(sp, new WebPhoneCertificateFiles(certificatePath, keyPath)));
        return services;
    }
}
