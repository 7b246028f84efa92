namespace Gateway.Transports;

/// <summary>
/// How outbound TLS connections authenticate the server. By default the peer's certificate must chain to a root the
/// operating system trusts and match the host name (or IP address) connected to.
/// </summary>
public sealed class SipTlsClientOptions
{
    /// <summary>
    /// A PEM file of CA certificates to trust instead of the system roots (a private CA, or a peer's self-signed
    /// certificate). Host name checks still apply.
    /// </summary>
    public string? TrustedCaPath { get; set; }

    /// <summary>
    /// UNSAFE: accepts any server certificate, so anyone on the path can read and change the traffic. For lab set-ups
    /// only; never in production.
    /// </summary>
    public bool DangerousAcceptAnyServerCertificate { get; set; }

    /// <summary>An optional client certificate to present (mutual TLS between proxies).</summary>
    public SipCertificateFiles? ClientCertificate { get; set; }
}
