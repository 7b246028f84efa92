using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ResidentialGateway.Management;

/// <summary>
/// The management endpoint: a Kestrel server of its own (not on the SIP listeners), started and stopped with the
/// gateway, serving read-only JSON: <c>/health</c>, <c>/registrations</c>, <c>/transactions</c>, <c>/calls</c>,
/// <c>/media</c>, <c>/statistics</c>. With a token configured every request needs <c>Authorization: Bearer …</c>.
/// </summary>
internal sealed partial class ManagementServer : IHostedService, IAsyncDisposable
{
    private readonly ManagementOptions _options;
    private readonly ManagementReports _reports;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<ManagementServer> _logger;
    private readonly byte[]? _expectedAuthorization;
    private WebApplication? _app;

    public ManagementServer(IOptions<ManagementOptions> options, ManagementReports reports, ILoggerFactory loggerFactory, ILogger<ManagementServer> logger)
    {
        _options = options.Value;
        _reports = reports;
        _loggerFactory = loggerFactory;
        _logger = logger;
        if (!string.IsNullOrEmpty(_options.Token)) _expectedAuthorization = Encoding.UTF8.GetBytes("Bearer " + _options.Token);
    }

    /// <summary>The address the endpoint listens on once started (the real port when 0 was configured).</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
        {
            Log.Disabled(_logger);
            return;
        }

        // The validator has accepted the URL already (ValidateOnStart runs before the hosted services start).
        if (!ManagementOptionsValidator.TryParseEndPoint(_options.Url, out var endPoint)) throw new InvalidOperationException("Invalid Gateway:Management:Url.");
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.Services.Replace(ServiceDescriptor.Singleton(_loggerFactory));
        builder.Services.Replace(ServiceDescriptor.Singleton<IHostLifetime, EmbeddedHostLifetime>());
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(endPoint);
        });
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ManagementJsonContext.Default));

        var app = builder.Build();
        if (_expectedAuthorization is not null) app.Use(RequireTokenAsync);
        Map(app);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var bound = addresses is { Count: > 0 } ? new Uri(addresses.First()) : new Uri(_options.Url);
        Address = bound;
        Log.Listening(_logger, bound, _expectedAuthorization is not null);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var app = Interlocked.Exchange(ref _app, null);
        if (app is null) return;
        await app.StopAsync(cancellationToken).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        var app = Interlocked.Exchange(ref _app, null);
        if (app is not null) await app.DisposeAsync().ConfigureAwait(false);
    }

    private void Map(WebApplication app)
    {
        var json = ManagementJsonContext.Default;
        app.MapGet("/health", () => TypedResults.Json(_reports.Health(), json.HealthReport));
        app.MapGet("/registrations", async (int? limit, string? aor, CancellationToken ct) =>
            TypedResults.Json(await _reports.RegistrationsAsync(ManagementReports.Limit(limit), aor, ct).ConfigureAwait(false), json.RegistrationsReport));
        app.MapGet("/transactions", (int? limit) => TypedResults.Json(_reports.Transactions(ManagementReports.Limit(limit)), json.TransactionsReport));
        app.MapGet("/calls", (int? limit) => TypedResults.Json(_reports.Calls(ManagementReports.Limit(limit)), json.CallsReport));
        app.MapGet("/media", async (CancellationToken ct) => TypedResults.Json(await _reports.MediaAsync(ct).ConfigureAwait(false), json.MediaReport));
        app.MapGet("/statistics", async (CancellationToken ct) => TypedResults.Json(await _reports.StatisticsAsync(ct).ConfigureAwait(false), json.StatisticsReport));
    }

    private Task RequireTokenAsync(HttpContext context, RequestDelegate next)
    {
        var header = context.Request.Headers.Authorization;
        if (header.Count == 1 && header[0] is { } value && Matches(value)) return next(context);
        Log.Refused(_logger, context.Connection.RemoteIpAddress?.ToString() ?? "?", context.Request.Path.Value ?? "/");
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    private bool Matches(string value)
    {
        var presented = Encoding.UTF8.GetBytes(value);
        return CryptographicOperations.FixedTimeEquals(presented, _expectedAuthorization);
    }

    private static partial class Log
    {
        [LoggerMessage(50, LogLevel.Information, "Management endpoint on {Address} (token required: {TokenRequired})")]
        public static partial void Listening(ILogger logger, Uri address, bool tokenRequired);

        [LoggerMessage(51, LogLevel.Information, "Management endpoint disabled (Gateway:Management:Enabled=false)")]
        public static partial void Disabled(ILogger logger);

        [LoggerMessage(52, LogLevel.Warning, "Management request from {Remote} to {Path} refused: missing or wrong bearer token")]
        public static partial void Refused(ILogger logger, string remote, string path);
    }
}
