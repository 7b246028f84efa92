using System.Globalization;
using System.Net;
using Gateway.Media.Control.Ng;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MediaRelay;

/// <summary>Composes the daemon: the in-process relay engine behind an ng server, both set from the <c>MediaRelay</c> section.</summary>
internal static class RelayDaemonServiceCollectionExtensions
{
    /// <summary>The configuration section of the daemon.</summary>
    public const string Section = "MediaRelay";

    /// <summary>Adds the switches read by <see cref="RelayCommandLine"/> last, so that they win over files and environment.</summary>
    public static IConfigurationBuilder AddRelaySwitches(this IConfigurationBuilder configuration, Dictionary<string, string?> switches) =>
        configuration.AddInMemoryCollection(switches);

    /// <summary>Registers <c>AddMediaRelay</c> and <c>AddNgServer</c> with options read from <paramref name="configuration"/>.</summary>
    public static IServiceCollection AddRelayDaemon(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        services.AddMediaRelay(options =>
        {
            if (section["InterfaceAddress"] is { Length: > 0 } local) options.InterfaceAddress = local;
            if (section["AdvertisedAddress"] is { Length: > 0 } advertised) options.AdvertisedAddress = advertised;
            if (section["MinPort"] is { Length: > 0 } min) options.MinPort = ParseInt(min, "MinPort");
            if (section["MaxPort"] is { Length: > 0 } max) options.MaxPort = ParseInt(max, "MaxPort");
            if (section["TimeoutSeconds"] is { Length: > 0 } timeout) options.MediaTimeout = TimeSpan.FromSeconds(ParseInt(timeout, "TimeoutSeconds"));
            if (section["MaxSessions"] is { Length: > 0 } sessions) options.MaxSessions = ParseInt(sessions, "MaxSessions");
            if (section["ReceiveThreads"] is { Length: > 0 } threads) options.ReceiveThreads = ParseInt(threads, "ReceiveThreads");
            if (section["CertificatePath"] is { Length: > 0 } certificate) options.CertificatePath = certificate;
            if (section["PrivateKeyPath"] is { Length: > 0 } key) options.PrivateKeyPath = key;
        });
        services.AddNgServer(options =>
        {
            if (section["ListenNg"] is { Length: > 0 } listen) options.EndPoint = ParseEndPoint(listen);
        });
        return services;
    }

    private static int ParseInt(string value, string name) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var result)
            ? result
            : throw new FormatException($"{Section}:{name} must be an integer (was '{value}').");

    /// <summary>Reads rtpengine's <c>--listen-ng</c>: <c>IP:PORT</c>, <c>[IPv6]:PORT</c> or a bare port (on 127.0.0.1).</summary>
    internal static IPEndPoint ParseEndPoint(string value)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port)) return new IPEndPoint(IPAddress.Loopback, port);
        if (IPEndPoint.TryParse(value, out var endPoint)) return endPoint;
        throw new FormatException($"{Section}:ListenNg must be IP:PORT (was '{value}').");
    }
}
