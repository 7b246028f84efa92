using System.Globalization;
using Gateway.Core.Transport;
using Microsoft.Extensions.Configuration;

namespace Gateway.Transports.Hosting;

/// <summary>
/// Reads <see cref="SipTransportOptions"/> from configuration without reflection (trim- and AOT-safe):
/// <code>
/// "Listen": [ "udp:127.0.0.1:5060", { "Protocol": "wss", "Address": "0.0.0.0", "Port": 4443, "AdvertisedHost": "sip.example.com",
///             "CertificatePath": "…", "KeyPath": "…", "AllowedOrigins": [ "https://app.example.com" ],
///             "ServerNames": { "b.example.com": { "CertificatePath": "…", "KeyPath": "…" } } } ],
/// "Tls":    { "CertificatePath": "…", "KeyPath": "…", "ReloadInterval": "00:00:05", "TrustedCaPath": "…",
///             "DangerousAcceptAnyServerCertificate": false },
/// "Limits": { "MaxConnections": 10000, "MaxConnectionsPerAddress": 64, "IdleTimeout": "00:10:00", … },
/// "Udp":    { "ReceiveLoops": 2, "SocketBufferSize": 4194304 }
/// </code>
/// </summary>
internal static class SipTransportConfigurationReader
{
    public static void Read(IConfiguration configuration, SipTransportOptions options)
    {
        foreach (var name in (ReadOnlySpan<string>)["Listen", "Listeners"])
        {
            foreach (var entry in configuration.GetSection(name).GetChildren())
            {
                options.Listeners.Add(entry.Value is { } text ? SipListenerOptions.Parse(text) : ReadListener(entry));
            }
        }

        var tls = configuration.GetSection("Tls");
        if (ReadFiles(tls) is { } certificate) options.Certificate = certificate;
        if (tls["ReloadInterval"] is { } reload) options.CertificateReloadInterval = ParseTime(reload, "Tls:ReloadInterval");
        if (tls["TrustedCaPath"] is { } ca) options.TlsClient.TrustedCaPath = ca;
        if (tls["DangerousAcceptAnyServerCertificate"] is { } any) options.TlsClient.DangerousAcceptAnyServerCertificate = ParseBool(any, "Tls:DangerousAcceptAnyServerCertificate");
        if (ReadFiles(tls.GetSection("ClientCertificate")) is { } client) options.TlsClient.ClientCertificate = client;

        var limits = configuration.GetSection("Limits");
        var l = options.Limits;
        l.MaxConnections = ReadInt(limits, nameof(l.MaxConnections), l.MaxConnections);
        l.MaxConnectionsPerAddress = ReadInt(limits, nameof(l.MaxConnectionsPerAddress), l.MaxConnectionsPerAddress);
        l.IdleTimeout = ReadTime(limits, nameof(l.IdleTimeout), l.IdleTimeout);
        l.MessageCompletionTimeout = ReadTime(limits, nameof(l.MessageCompletionTimeout), l.MessageCompletionTimeout);
        l.HandshakeTimeout = ReadTime(limits, nameof(l.HandshakeTimeout), l.HandshakeTimeout);
        l.ConnectTimeout = ReadTime(limits, nameof(l.ConnectTimeout), l.ConnectTimeout);
        l.WebSocketKeepAliveInterval = ReadTime(limits, nameof(l.WebSocketKeepAliveInterval), l.WebSocketKeepAliveInterval);
        l.WebSocketKeepAliveTimeout = ReadTime(limits, nameof(l.WebSocketKeepAliveTimeout), l.WebSocketKeepAliveTimeout);
        l.HeartbeatInterval = ReadTime(limits, nameof(l.HeartbeatInterval), l.HeartbeatInterval);

        var udp = configuration.GetSection("Udp");
        options.UdpReceiveLoops = ReadInt(udp, "ReceiveLoops", options.UdpReceiveLoops);
        options.UdpSocketBufferSize = ReadInt(udp, "SocketBufferSize", options.UdpSocketBufferSize);
    }

    private static SipListenerOptions ReadListener(IConfigurationSection entry)
    {
        var protocol = entry["Protocol"] ?? throw new FormatException($"{entry.Path}: Protocol is missing (udp, tcp, tls, ws or wss).");
        if (!SipTransportKindExtensions.TryParse(protocol, out var kind)) throw new FormatException($"{entry.Path}: unknown protocol '{protocol}'.");
        var listener = new SipListenerOptions
        {
            Protocol = kind,
            Address = entry["Address"] ?? "0.0.0.0",
            Port = ReadInt(entry, "Port", 0),
            AdvertisedHost = entry["AdvertisedHost"],
            AdvertisedPort = entry["AdvertisedPort"] is { } advertised ? ParseInt(advertised, entry.Path + ":AdvertisedPort") : null,
            Certificate = ReadFiles(entry),
        };
        foreach (var origin in entry.GetSection("AllowedOrigins").GetChildren())
        {
            if (origin.Value is { Length: > 0 } value) listener.AllowedOrigins.Add(value);
        }

        foreach (var name in entry.GetSection("ServerNames").GetChildren())
        {
            listener.ServerNameCertificates[name.Key] = ReadFiles(name) ?? throw new FormatException($"{name.Path}: CertificatePath and KeyPath are required.");
        }

        return listener;
    }

    private static SipCertificateFiles? ReadFiles(IConfiguration section)
    {
        var certificate = section["CertificatePath"];
        var key = section["KeyPath"];
        if (certificate is null && key is null) return null;
        return new SipCertificateFiles { CertificatePath = certificate ?? string.Empty, KeyPath = key ?? string.Empty };
    }

    private static int ReadInt(IConfigurationSection section, string key, int fallback) =>
        section[key] is { } text ? ParseInt(text, section.Path + ":" + key) : fallback;

    private static TimeSpan ReadTime(IConfigurationSection section, string key, TimeSpan fallback) =>
        section[key] is { } text ? ParseTime(text, section.Path + ":" + key) : fallback;

    private static int ParseInt(string text, string path) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw new FormatException($"{path}: '{text}' is not an integer.");

    private static TimeSpan ParseTime(string text, string path) =>
        TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value : throw new FormatException($"{path}: '{text}' is not a time span (hh:mm:ss).");

    private static bool ParseBool(string text, string path) =>
        bool.TryParse(text, out var value) ? value : throw new FormatException($"{path}: '{text}' is not true or false.");
}
