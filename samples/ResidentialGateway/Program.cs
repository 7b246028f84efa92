using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ResidentialGateway;

// The residential gateway sample: today a host that loads its listener configuration and waits for Ctrl+C.
// A later issue turns it into the OpenSIPS tutorial's route{} script written against Gateway's pipeline.
//
//   --exit-after-start            start, log, and stop at once (exit code 0): a smoke test for CI.
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

builder.Services.AddOptions<GatewayOptions>().Bind(builder.Configuration.GetSection(GatewayOptions.SectionName));
builder.Services.AddHostedService<GatewayHostedService>();

using var host = builder.Build();
await host.RunAsync().ConfigureAwait(false);
