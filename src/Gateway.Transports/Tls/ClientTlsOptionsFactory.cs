using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Transports.Tls;

/// <summary>
/// Builds the options of outbound TLS handshakes from <see cref="SipTlsClientOptions"/>: system trust by default,
/// a custom root store when <see cref="SipTlsClientOptions.TrustedCaPath"/> is set (chain and name still checked),
/// no validation at all only when explicitly asked for.
/// </summary>
internal sealed class ClientTlsOptionsFactory
{
    private readonly SipTlsClientOptions _options;
    private readonly X509Certificate2Collection? _trusted;
    private readonly X509Certificate2? _clientCertificate;

    public ClientTlsOptionsFactory(SipTlsClientOptions options)
    {
        _options = options;
        if (!string.IsNullOrWhiteSpace(options.TrustedCaPath))
        {
            _trusted = [];
            _trusted.ImportFromPemFile(options.TrustedCaPath);
        }

        if (options.ClientCertificate is { } client)
        {
            _clientCertificate = X509Certificate2.CreateFromPemFile(client.CertificatePath, client.KeyPath);
        }
    }

    public SslClientAuthenticationOptions Create(string targetHost)
    {
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = targetHost,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };
        if (_clientCertificate is not null) options.ClientCertificates = [_clientCertificate];
        if (_options.DangerousAcceptAnyServerCertificate)
        {
#pragma warning disable CA5359 // Explicit, documented opt-in (DangerousAcceptAnyServerCertificate).
            options.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (_trusted is not null)
        {
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.AddRange(_trusted);
            options.CertificateChainPolicy = policy;
        }

        return options;
    }
}
