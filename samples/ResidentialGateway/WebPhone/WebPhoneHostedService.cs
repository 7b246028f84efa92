using System.Net;
using Gateway.Core.Hosting;
using Gateway.Core.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ResidentialGateway.WebPhone;

/// <summary>
/// Serves the browser softphone (the static files that web/build.mjs bundles into <c>wwwroot</c>) and its
/// <c>/config.json</c> over HTTP and HTTPS, from a Kestrel of its own that starts and stops with the gateway.
/// </summary>
internal sealed partial class WebPhoneHostedService : IHostedService, IAsyncDisposable
{
    private readonly WebPhoneOptions _options;
    private readonly WebPhoneCertificateFiles _certificate;
    private readonly ISipTransport _transport;
    private readonly SipGatewayOptions _gateway;
    private readonly IHostEnvironment _environment;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;
    private readonly ILogger<WebPhoneHostedService> _logger;
    private WebApplication? _app;
    private PemCertificateSource? _certificates;

    public WebPhoneHostedService(
        WebPhoneCertificateFiles certificate,
        IOptions<WebPhoneOptions> options,
        ISipTransport transport,
        IOptions<SipGatewayOptions> gateway,
        IHostEnvironment environment,
        ILoggerFactory loggerFactory,
        TimeProvider time)
    {
        _certificate = certificate;
        _options = options.Value;
        _transport = transport;
        _gateway = gateway.Value;
        _environment = environment;
        _loggerFactory = loggerFactory;
        _time = time;
        _logger = loggerFactory.CreateLogger<WebPhoneHostedService>();
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_options.Enabled || (_options.HttpPort == 0 && _options.HttpsPort == 0))
        {
            Log.Disabled(_logger);
            return;
        }

        if (!IPAddress.TryParse(_options.Address, out var address))
        {
            throw new InvalidOperationException($"Gateway:WebPhone:Address '{_options.Address}' is not an IP address.");
        }

        var webRoot = Path.GetFullPath(_options.WebRoot, _environment.ContentRootPath);
        if (!File.Exists(Path.Combine(webRoot, "index.html"))) Log.PageMissing(_logger, webRoot);
        Directory.CreateDirectory(webRoot);

        var https = _options.HttpsPort != 0;
        if (https && (_certificate.CertificatePath is null || _certificate.KeyPath is null))
        {
            Log.NoCertificate(_logger);
            https = false;
        }

        if (https) _certificates = new PemCertificateSource(_certificate.CertificatePath!, _certificate.KeyPath!, _time);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = _environment.ApplicationName,
            EnvironmentName = _environment.EnvironmentName,
            ContentRootPath = _environment.ContentRootPath,
            WebRootPath = webRoot,
        });
        builder.Services.AddSingleton(_loggerFactory);
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            if (_options.HttpPort != 0) kestrel.Listen(address, _options.HttpPort);
            if (_certificates is { } certificates)
            {
                kestrel.Listen(address, _options.HttpsPort, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificateSelector = (_, _) => certificates.Current,
                }));
            }
        });

        var app = builder.Build();
        app.Use(ServeConfigAsync);
        app.UseDefaultFiles();
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".map"] = "application/json";
        app.UseStaticFiles(new StaticFileOptions
        {
            ContentTypeProvider = types,
            OnPrepareResponse = static file =>
            {
                file.Context.Response.Headers.CacheControl = "no-cache";
                file.Context.Response.Headers.XContentTypeOptions = "nosniff";
            },
        });

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        if (_options.HttpPort != 0) Log.Serving(_logger, $"http://{Host(address)}:{_options.HttpPort}/");
        if (https) Log.Serving(_logger, $"https://{Host(address)}:{_options.HttpsPort}/");
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is { } app) await app.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.DisposeAsync().ConfigureAwait(false);
        }

        _certificates?.Dispose();
    }

    private Task ServeConfigAsync(HttpContext context, RequestDelegate next)
    {
        if (!context.Request.Path.Equals("/config.json", StringComparison.OrdinalIgnoreCase)) return next(context);
        var body = WebPhoneConfigDocument.Write(_transport.Listeners, _gateway.LocalDomains, context.Request.Host.Host);
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    private static string Host(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "[" + address + "]" : address.ToString();

    private static partial class Log
    {
        [LoggerMessage(40, LogLevel.Information, "Web phone at {Url}")]
        public static partial void Serving(ILogger logger, string url);

        [LoggerMessage(41, LogLevel.Information, "Web phone disabled (Gateway:WebPhone)")]
        public static partial void Disabled(ILogger logger);

        [LoggerMessage(42, LogLevel.Warning, "Web phone page not built: no index.html in {WebRoot}; build the sample with Node.js and npm installed (see the README)")]
        public static partial void PageMissing(ILogger logger, string webRoot);

        [LoggerMessage(43, LogLevel.Warning, "Web phone HTTPS is off: no certificate is configured under Gateway:Tls")]
        public static partial void NoCertificate(ILogger logger);
    }
}
