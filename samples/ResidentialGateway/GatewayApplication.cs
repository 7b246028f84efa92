using Gateway.Core.Dialogs;
using Gateway.Core.Transactions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ResidentialGateway.Calls;
using ResidentialGateway.Management;
using ResidentialGateway.Media;

namespace ResidentialGateway;

/// <summary>
/// Composes the sample: configuration, options, the SIP gateway (listeners, registrar, the tutorial's route),
/// the call log and the management endpoint. <c>Program.cs</c> builds and runs it; the integration tests build the
/// very same host with port overrides on the command line.
/// </summary>
internal static class GatewayApplication
{
    /// <summary>The command-line switch that stops the host as soon as it has started (a smoke test).</summary>
    public const string ExitAfterStartSwitch = "--exit-after-start";

    /// <summary>
    /// Creates the host builder with every service registered. <paramref name="args"/> override
    /// <c>appsettings.json</c> and the environment (<c>--Gateway:Listen:0=udp:0.0.0.0:5060</c>).
    /// </summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="contentRoot">Where <c>appsettings.json</c> and relative certificate paths are found; next to the binary by default.</param>
    public static HostApplicationBuilder CreateBuilder(string[] args, string? contentRoot = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var exitAfterStart = false;
        var hostArgs = new List<string>(args.Length);
        foreach (var arg in args)
        {
            if (string.Equals(arg, ExitAfterStartSwitch, StringComparison.OrdinalIgnoreCase)) exitAfterStart = true;
            else hostArgs.Add(arg);
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [.. hostArgs],

            // appsettings.json is copied next to the binary, so the sample finds it from any working directory.
            ContentRootPath = contentRoot ?? AppContext.BaseDirectory,
        });

        if (exitAfterStart)
        {
            builder.Configuration.AddInMemoryCollection([new($"{GatewayOptions.SectionName}:{nameof(GatewayOptions.ExitAfterStart)}", "true")]);
        }

        // Relative certificate paths are relative to the content root (next to the binary), like appsettings.json.
        var gateway = builder.Configuration.GetSection(GatewayOptions.SectionName);
        var certificatePath = Rooted(builder, gateway["Tls:CertificatePath"]);
        var keyPath = Rooted(builder, gateway["Tls:KeyPath"]);
        builder.Configuration.AddInMemoryCollection(
        [
            new($"{GatewayOptions.SectionName}:Tls:CertificatePath", certificatePath),
            new($"{GatewayOptions.SectionName}:Tls:KeyPath", keyPath),
        ]);

        builder.Services.AddOptions<GatewayOptions>().Bind(gateway);
        builder.Services.AddOptions<SipTransactionOptions>().Bind(gateway.GetSection("Transactions")).ValidateOnStart();
        builder.Services.AddMediaOptions(gateway.GetSection(MediaOptions.SectionName));
        builder.Services.AddSingleton<CallTracker>();

        // The dialog module (create_dialog, dlg_end_dlg): dialogs are tracked so that a call whose media stopped can be
        // ended with a BYE to each party (MediaTimeoutService); Gateway:Dialogs sets lifetime and bound.
        builder.Services.AddOptions<SipDialogOptions>().Bind(gateway.GetSection("Dialogs"));
        builder.Services.AddHostedService<MediaTimeoutService>();
        builder.Services.AddHostedService<GatewayHostedService>();
        builder.Services.AddHostedService(sp => new DevelopmentCertificate(certificatePath, keyPath, sp.GetRequiredService<ILogger<DevelopmentCertificate>>()));
        builder.Services.AddSipGateway(o =>
            {
                // OpenSIPS's "myself": the domains this gateway serves (the listen addresses count too).
                foreach (var domain in gateway.GetSection("LocalDomains").GetChildren()) o.LocalDomains.Add(domain.Value!);
            })
            .AddTransportsFromConfiguration(gateway)
            .AddRegistrar()
            .AddDialogs()
            .AddResidentialMedia(gateway.GetSection(MediaOptions.SectionName))
            .UsePipeline(ResidentialRoute.Configure);

        // The tutorial's mi_fifo: JSON over HTTP on loopback, off the SIP listeners.
        builder.Services.AddManagementEndpoint(gateway.GetSection(ManagementOptions.SectionName));

        // The browser softphone page (WebPhone/, web/): HTTP and HTTPS on Gateway:WebPhone's ports.
        builder.Services.AddWebPhone(gateway.GetSection("WebPhone"), certificatePath, keyPath);
        return builder;
    }

    private static string? Rooted(HostApplicationBuilder builder, string? path) =>
        string.IsNullOrEmpty(path) ? null : Path.GetFullPath(path, builder.Environment.ContentRootPath);
}
