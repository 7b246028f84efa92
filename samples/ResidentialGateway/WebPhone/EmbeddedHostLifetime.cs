using Microsoft.Extensions.Hosting;

namespace ResidentialGateway.WebPhone;

/// <summary>
/// The lifetime of the page's own web host, which runs inside the gateway's host: it neither waits for nor handles
/// Ctrl+C and SIGTERM (the outer host does, and stops the web host through <see cref="WebPhoneHostedService"/>).
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    /// <inheritdoc/>
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
