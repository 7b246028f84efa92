using Gateway.Core.Media;
using Gateway.Core.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ResidentialGateway;

/// <summary>
/// Logs the configuration at start, the bound listeners once the host has started (the transports bind them), and,
/// when asked, stops the host once it has started. At stop (Ctrl+C), after the listeners have closed (hosted
/// services stop in reverse order), deletes every media session so that no relay port stays allocated.
/// </summary>
internal sealed partial class GatewayHostedService : IHostedService
{
    private readonly GatewayOptions _options;
    private readonly ISipTransport _transport;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly IHostEnvironment _environment;
    private readonly ILogger<GatewayHostedService> _logger;
    private readonly IServiceProvider _services;

    public GatewayHostedService(
        IOptions<GatewayOptions> options,
        ISipTransport transport,
        IHostApplicationLifetime lifetime,
        IHostEnvironment environment,
        ILogger<GatewayHostedService> logger,
        IServiceProvider services)
    {
        _services = services;
        _options = options.Value;
        _transport = transport;
        _lifetime = lifetime;
        _environment = environment;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Log.Starting(_logger, _environment.EnvironmentName, string.Join(", ", _options.Listen));

        if (_options.Listen.Count == 0)
        {
            Log.NoListeners(_logger, GatewayOptions.SectionName);
        }

        _lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var listener in _transport.Listeners)
            {
                Log.ListenerBound(_logger, listener.Kind.ToUriParameter(), listener.EndPoint.ToString(), listener.AdvertisedHost, listener.AdvertisedPort);
            }

            if (_options.ExitAfterStart)
            {
                Log.ExitingAfterStart(_logger);
                _lifetime.StopApplication();
            }
            else
            {
                Log.Running(_logger);
            }
        });

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Log.Stopping(_logger);
        if (_services.GetService<IMediaRelay>() is not { } relay) return;
        try
        {
            var sessions = await relay.ListAsync(cancellationToken).ConfigureAwait(false);
            var deleted = 0;
            foreach (var session in sessions)
            {
                if (await relay.DeleteAsync(new MediaSessionKey(session.Key.CallId, string.Empty), cancellationToken).ConfigureAwait(false)) deleted++;
            }

            Log.MediaDeleted(_logger, deleted);
        }
        catch (OperationCanceledException)
        {
            Log.MediaDeleteCancelled(_logger);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "ResidentialGateway starting (environment {Environment}); listen: {Listeners}")]
        public static partial void Starting(ILogger logger, string environment, string listeners);

        [LoggerMessage(2, LogLevel.Warning, "No listen addresses configured; add entries under {Section}:Listen")]
        public static partial void NoListeners(ILogger logger, string section);

        [LoggerMessage(3, LogLevel.Information, "Listening on {Transport}:{EndPoint} (advertised {Host}:{Port})")]
        public static partial void ListenerBound(ILogger logger, string transport, string endPoint, string host, int port);

        [LoggerMessage(4, LogLevel.Information, "ResidentialGateway running; press Ctrl+C to stop")]
        public static partial void Running(ILogger logger);

        [LoggerMessage(5, LogLevel.Information, "ResidentialGateway started; exiting as asked (ExitAfterStart)")]
        public static partial void ExitingAfterStart(ILogger logger);

        [LoggerMessage(6, LogLevel.Information, "ResidentialGateway stopping")]
        public static partial void Stopping(ILogger logger);

        [LoggerMessage(7, LogLevel.Information, "Deleted {Count} media sessions")]
        public static partial void MediaDeleted(ILogger logger, int count);

        [LoggerMessage(8, LogLevel.Warning, "Shutdown timed out before every media session was deleted")]
        public static partial void MediaDeleteCancelled(ILogger logger);
    }
}
