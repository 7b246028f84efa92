using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ResidentialGateway;

/// <summary>
/// Logs the configuration at start and, when asked, stops the host once it has started.
/// The listeners are only reported for now: binding them waits for Gateway.Transports.
/// </summary>
internal sealed partial class GatewayHostedService : IHostedService
{
    private readonly GatewayOptions _options;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly IHostEnvironment _environment;
    private readonly ILogger<GatewayHostedService> _logger;

    public GatewayHostedService(
        IOptions<GatewayOptions> options,
        IHostApplicationLifetime lifetime,
        IHostEnvironment environment,
        ILogger<GatewayHostedService> logger)
    {
        _options = options.Value;
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

        foreach (var listen in _options.Listen)
        {
            Log.ListenerConfigured(_logger, listen);
        }

        if (_options.ExitAfterStart)
        {
            _lifetime.ApplicationStarted.Register(() =>
            {
                Log.ExitingAfterStart(_logger);
                _lifetime.StopApplication();
            });
        }
        else
        {
            Log.Running(_logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Log.Stopping(_logger);
        return Task.CompletedTask;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "ResidentialGateway starting (environment {Environment}); listen: {Listeners}")]
        public static partial void Starting(ILogger logger, string environment, string listeners);

        [LoggerMessage(2, LogLevel.Warning, "No listen addresses configured; add entries under {Section}:Listen")]
        public static partial void NoListeners(ILogger logger, string section);

        [LoggerMessage(3, LogLevel.Information, "Listener {Listen} configured (not bound yet: transports are on the roadmap)")]
        public static partial void ListenerConfigured(ILogger logger, string listen);

        [LoggerMessage(4, LogLevel.Information, "ResidentialGateway running; press Ctrl+C to stop")]
        public static partial void Running(ILogger logger);

        [LoggerMessage(5, LogLevel.Information, "ResidentialGateway started; exiting as asked (ExitAfterStart)")]
        public static partial void ExitingAfterStart(ILogger logger);

        [LoggerMessage(6, LogLevel.Information, "ResidentialGateway stopping")]
        public static partial void Stopping(ILogger logger);
    }
}
