using System.Net;
using Gateway.Core.Hosting;
using Gateway.Core.Transport;
using Gateway.Transports;
using Gateway.Transports.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers Gateway's transports: <c>services.AddSipGateway().AddUdp(5060).AddTls(5061, cert, key).AddWebSocket(8080)</c>.
/// The transport layer is a singleton (<see cref="ISipTransport"/>, <see cref="SipTransportLayer"/>) started and
/// stopped by a hosted service; at start it needs an <see cref="ISipMessageHandler"/> from the container.
/// </summary>
public static class SipGatewayBuilderTransportExtensions
{
    /// <summary>Registers the transport layer and its hosted service, and optionally configures its options.</summary>
    public static ISipGatewayBuilder AddTransports(this ISipGatewayBuilder builder, Action<SipTransportOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<SipTransportOptions>();
        if (configure is not null) services.Configure(configure);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SipTransportLayer>();
        services.TryAddSingleton<ISipTransport>(static sp => sp.GetRequiredService<SipTransportLayer>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SipTransportHostedService>());
        return builder;
    }

    /// <summary>
    /// Reads listeners, certificates and limits from <paramref name="configuration"/> (a section such as
    /// <c>Gateway</c>): a <c>Listen</c> array of <c>"udp:127.0.0.1:5060"</c> strings (OpenSIPS's <c>listen=</c>) or
    /// objects, and optional <c>Tls</c>, <c>Limits</c> and <c>Udp</c> sections.
    /// </summary>
    public static ISipGatewayBuilder AddTransportsFromConfiguration(this ISipGatewayBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return builder.AddTransports(options => SipTransportConfigurationReader.Read(configuration, options));
    }

    /// <summary>Adds a UDP listener on every IPv4 address at <paramref name="port"/>.</summary>
    public static ISipGatewayBuilder AddUdp(this ISipGatewayBuilder builder, int port, Action<SipListenerOptions>? configure = null) =>
        builder.AddListener(SipTransportKind.Udp, new IPEndPoint(IPAddress.Any, port), null, configure);

    /// <summary>Adds a UDP listener on <paramref name="endPoint"/> (IPv4 or IPv6).</summary>
    public static ISipGatewayBuilder AddUdp(this ISipGatewayBuilder builder, IPEndPoint endPoint, Action<SipListenerOptions>? configure = null) =>
        builder.AddListener(SipTransportKind.Udp, endPoint, null, configure);

    /// <summary>Adds a TCP listener on every IPv4 address at <paramref name="port"/>.</summary>
    public static ISipGatewayBuilder AddTcp(this ISipGatewayBuilder builder, int port, Action<SipListenerOptions>? configure = null) =>
        builder.AddListener(SipTransportKind.Tcp, new IPEndPoint(IPAddress.Any, port), null, configure);

    /// <summary>Adds a TCP listener on <paramref name="endPoint"/>.</summary>
    public static ISipGatewayBuilder AddTcp(this ISipGatewayBuilder builder, IPEndPoint endPoint, Action<SipListenerOptions>? configure = null) =>
        builder.AddListener(SipTransportKind.Tcp, endPoint, null, configure);

    /// <summary>Adds a TLS listener at <paramref name="port"/> presenting the PEM certificate and key given.</summary>
    public static ISipGatewayBuilder AddTls(this ISipGatewayBuilder builder, int port, string certificatePath, string keyPath, Action<SipListenerOptions>? configure = null) =>
        builder.AddListener(SipTransportKind.Tls, new IPEndPoint(IPAddress.Any, port), Files(certificatePath, keyPath), configure);

    /// <summary>Adds a TLS listener on <paramref name="endPoint"/> presenting the PEM certificate and key given.</summary>
    public static ISipGatewayBuilder AddTls(this ISipGatewayBuilder builder, IPEndPoint endPoint, string certificatePath, string keyPath, Action<SipListenerOptions>? configure = null) =>
        builder.AddListener(SipTransportKind.Tls, endPoint, Files(certificatePath, keyPath), configure);

    /// <summary>Adds a WebSocket (WS, RFC 7118) listener at <paramref name="port"/>.</summary>
    public static ISipGatewayBuilder AddWebSocket(this ISipGatewayBuilder builder, int port, Action<SipListenerOptions>? configure = null) =>
        builder.AddListener(SipTransportKind.Ws, new IPEndPoint(IPAddress.Any, port), null, configure);

    /// <summary>Adds a WebSocket (WS, RFC 7118) listener on <paramref name="endPoint"/>.</summary>
    public static ISipGatewayBuilder AddWebSocket(this ISipGatewayBuilder builder, IPEndPoint endPoint, Action<SipListenerOptions>? configure = null) =>
        builder.AddListener(SipTransportKind.Ws, endPoint, null, configure);

    /// <summary>Adds a secure WebSocket (WSS) listener at <paramref name="port"/> presenting the PEM certificate and key given.</summary>
    public static ISipGatewayBuilder AddSecureWebSocket(this ISipGatewayBuilder builder, int port, string certificatePath, string keyPath, Action<SipListenerOptions>? configure = null) =>
        builder.AddListener(SipTransportKind.Wss, new IPEndPoint(IPAddress.Any, port), Files(certificatePath, keyPath), configure);

    /// <summary>Adds a secure WebSocket (WSS) listener on <paramref name="endPoint"/> presenting the PEM certificate and key given.</summary>
    public static ISipGatewayBuilder AddSecureWebSocket(this ISipGatewayBuilder builder, IPEndPoint endPoint, string certificatePath, string keyPath, Action<SipListenerOptions>? configure = null) =>
        builder.AddListener(SipTransportKind.Wss, endPoint, Files(certificatePath, keyPath), configure);

    private static ISipGatewayBuilder AddListener(this ISipGatewayBuilder builder, SipTransportKind kind, IPEndPoint endPoint, SipCertificateFiles? certificate, Action<SipListenerOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(endPoint);
        var listener = new SipListenerOptions
        {
            Protocol = kind,
            Address = endPoint.Address.ToString(),
            Port = endPoint.Port,
            Certificate = certificate,
        };
        configure?.Invoke(listener);
        return builder.AddTransports(options => options.Listeners.Add(listener));
    }

    private static SipCertificateFiles Files(string certificatePath, string keyPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(certificatePath);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyPath);
        return new SipCertificateFiles { CertificatePath = certificatePath, KeyPath = keyPath };
    }
}
