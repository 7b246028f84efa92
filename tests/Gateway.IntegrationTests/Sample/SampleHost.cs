using System.Net.Http.Headers;
using Gateway.Core.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ResidentialGateway;
using ResidentialGateway.Management;

namespace Gateway.IntegrationTests.Sample;

/// <summary>
/// The ResidentialGateway sample, composed exactly as its Program.cs composes it
/// (<see cref="GatewayApplication.CreateBuilder"/>), with every listener and the management endpoint moved to
/// ephemeral ports on 127.0.0.1 by command-line overrides, and the development certificate in a temporary folder.
/// Logs are captured (Debug for the sample's own categories).
/// </summary>
internal sealed class SampleHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string _directory;

    private SampleHost(IHost host, string directory, CapturingLoggerProvider logs)
    {
        _host = host;
        _directory = directory;
        Logs = logs;
        Transport = host.Services.GetRequiredService<ISipTransport>();
        var address = host.Services.GetRequiredService<ManagementServer>().Address;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    public ISipTransport Transport { get; }

    public IServiceProvider Services => _host.Services;

    public CapturingLoggerProvider Logs { get; }

    /// <summary>A client for the management endpoint (no token set).</summary>
    public HttpClient Http { get; }

    /// <summary>The command-line overrides every sample host starts with (ports 0 on loopback, certificate in <paramref name="directory"/>).</summary>
    public static List<string> BaseArguments(string directory) =>
    [
        "--Gateway:Listen:0=udp:127.0.0.1:0",
        "--Gateway:Listen:1=tcp:127.0.0.1:0",
        "--Gateway:Listen:2=tls:127.0.0.1:0",
        "--Gateway:Listen:3=ws:127.0.0.1:0",
        "--Gateway:Listen:4=wss:127.0.0.1:0",
        "--Gateway:Management:Url=http://127.0.0.1:0",
        "--Gateway:WebPhone:Enabled=false",
        "--Gateway:Tls:CertificatePath=" + Path.Combine(directory, "gateway.crt"),
        "--Gateway:Tls:KeyPath=" + Path.Combine(directory, "gateway.key"),
    ];

    /// <summary>A fresh temporary folder for a host's certificate.</summary>
    public static string NewDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "gw-sample-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>Builds the sample's host with the base overrides plus <paramref name="extra"/> (later ones win).</summary>
    public static (IHost Host, CapturingLoggerProvider Logs, string Directory) Build(params string[] extra) => Build(null, extra);

    /// <summary>As <see cref="Build(string[])"/>, with <paramref name="services"/> registering more services after the sample's.</summary>
    public static (IHost Host, CapturingLoggerProvider Logs, string Directory) Build(Action<IServiceCollection>? services, params string[] extra)
    {
        var directory = NewDirectory();
        var builder = GatewayApplication.CreateBuilder([.. BaseArguments(directory), .. extra]);
        var logs = new CapturingLoggerProvider();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("ResidentialGateway", LogLevel.Debug);

        // appsettings.json keeps the routing decisions at Information (quiet); a later rule for the same category wins.
        builder.Logging.AddFilter("ResidentialGateway.Calls.RoutingLogMiddleware", LogLevel.Debug);
        services?.Invoke(builder.Services);
        return (builder.Build(), logs, directory);
    }

    public static Task<SampleHost> StartAsync(params string[] extra) => StartAsync(null, extra);

    public static async Task<SampleHost> StartAsync(Action<IServiceCollection>? services, params string[] extra)
    {
        var (host, logs, directory) = Build(services, extra);
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new SampleHost(host, directory, logs);
    }

    public int Port(SipTransportKind kind)
    {
        foreach (var listener in Transport.Listeners)
        {
            if (listener.Kind == kind) return listener.EndPoint.Port;
        }

        throw new InvalidOperationException("No listener of kind " + kind);
    }

    /// <summary>GETs <paramref name="path"/> and returns the status and body; <paramref name="token"/> goes in a Bearer header when given.</summary>
    public async Task<(System.Net.HttpStatusCode Status, string Body)> GetAsync(string path, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
        {
            await _host.StopAsync(cts.Token);
        }

        _host.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
