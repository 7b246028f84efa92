using System.Net.Security;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;

namespace Gateway.Transports.Tls;

/// <summary>
/// Picks a listener's certificate for each TLS handshake from the server name the client sent (SNI, RFC 6066 §3):
/// an exact host entry, else a <c>*.domain</c> wildcard entry, else the listener's default certificate.
/// </summary>
internal sealed class ServerCertificateSelector
{
    private readonly PemCertificateSource _default;
    private readonly Dictionary<string, PemCertificateSource> _byName = new(StringComparer.OrdinalIgnoreCase);

    public ServerCertificateSelector(SipListenerOptions listener, SipTransportOptions options, TimeProvider timeProvider, ILogger logger)
    {
        var files = listener.Certificate ?? options.Certificate ?? throw new InvalidOperationException($"Listener {listener} has no certificate.");
        _default = new PemCertificateSource(files, options.CertificateReloadInterval, timeProvider, logger);
        _default.LoadInitial();
        foreach (var (name, sni) in listener.ServerNameCertificates)
        {
            var source = new PemCertificateSource(sni, options.CertificateReloadInterval, timeProvider, logger);
            source.LoadInitial();
            _byName[name] = source;
        }
    }

    /// <summary>Server options for one handshake (TLS 1.2 and 1.3 only; no client certificate asked for).</summary>
    public SslServerAuthenticationOptions GetOptions(string? serverName) => new()
    {
        ServerCertificateContext = Select(serverName).GetContext(),
        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        ClientCertificateRequired = false,
        AllowRenegotiation = false,
    };

    private PemCertificateSource Select(string? serverName)
    {
        if (_byName.Count == 0 || string.IsNullOrEmpty(serverName)) return _default;
        if (_byName.TryGetValue(serverName, out var exact)) return exact;
        var dot = serverName.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && _byName.TryGetValue(string.Concat("*", serverName.AsSpan(dot)), out var wildcard)) return wildcard;
        return _default;
    }
}
