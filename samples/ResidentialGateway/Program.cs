using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ResidentialGateway;

// The residential gateway sample: binds the listeners of appsettings.json (the tutorial's listen= lines) and runs
// the OpenSIPS tutorial's route{} script written against Gateway's pipeline (ResidentialRoute.cs): registrar with
// NAT handling for WebSocket and UDP clients, lookup, record-routing stateful relay. Media relaying joins later.
//
//   --exit-after-start            start (binding every socket), log, and stop at once (exit code 0): a smoke test for CI.
//   Gateway__ExitAfterStart=true  the same, from the environment.
const string ExitAfterStartSwitch = "--exit-after-start";

var exitAfterStart = args.Contains(ExitAfterStartSwitch, StringComparer.OrdinalIgnoreCase);
var hostArgs = args.Where(a => !string.Equals(a, ExitAfterStartSwitch, StringComparison.OrdinalIgnoreCase)).ToArray();

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = hostArgs,
    // appsettings.json is copied next to the binary, so the sample finds it from any working directory.
    ContentRootPath = AppContext.BaseDirectory,
});

if (exitAfterStart)
{
    builder.Configuration.AddInMemoryCollection([new($"{GatewayOptions.SectionName}:{nameof(GatewayOptions.ExitAfterStart)}", "true")]);
}

// Relative certificate paths are relative to the content root (next to the binary), like appsettings.json.
var gateway = builder.Configuration.GetSection(GatewayOptions.SectionName);
var certificatePath = Rooted(gateway["Tls:CertificatePath"]);
var keyPath = Rooted(gateway["Tls:KeyPath"]);
builder.Configuration.AddInMemoryCollection(
[
    new($"{GatewayOptions.SectionName}:Tls:CertificatePath", certificatePath),
    new($"{GatewayOptions.SectionName}:Tls:KeyPath", keyPath),
]);

builder.Services.AddOptions<GatewayOptions>().Bind(gateway);
builder.Services.AddHostedService<GatewayHostedService>();
builder.Services.AddHostedService(sp => new DevelopmentCertificate(certificatePath, keyPath, sp.GetRequiredService<ILogger<DevelopmentCertificate>>()));
builder.Services.AddSipGateway(o =>
    {
        // OpenSIPS's "myself": the domains this gateway serves (the listen addresses count too).
        foreach (var domain in gateway.GetSection("LocalDomains").GetChildren()) o.LocalDomains.Add(domain.Value!);
    })
    .AddTransportsFromConfiguration(gateway)
    .AddRegistrar()
    .UsePipeline(ResidentialRoute.Configure);

// The browser softphone page (WebPhone/, web/): HTTP and HTTPS on Gateway:WebPhone's ports.
builder.Services.AddWebPhone(gateway.GetSection("WebPhone"), certificatePath, keyPath);

using var host = builder.Build();
await host.RunAsync().ConfigureAwait(false);

string? Rooted(string? path) => string.IsNullOrEmpty(path) ? null : Path.GetFullPath(path, builder.Environment.ContentRootPath);
