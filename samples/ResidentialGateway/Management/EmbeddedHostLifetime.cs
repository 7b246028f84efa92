using Microsoft.Extensions.Hosting;

namespace ResidentialGateway.Management;

/// <summary>
/// The lifetime of the management endpoint's own web host: no Ctrl+C handling and no start-up banner of its own,
/// since the gateway's host owns the process and stops this one from its <see cref="ManagementServer"/>.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
