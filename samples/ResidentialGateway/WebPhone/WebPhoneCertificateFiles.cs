namespace ResidentialGateway.WebPhone;

/// <summary>The PEM certificate and key the page's HTTPS endpoint presents (the gateway's <c>Gateway:Tls</c> pair).</summary>
/// <param name="CertificatePath">The certificate file, or <see langword="null"/> when none is configured.</param>
/// <param name="KeyPath">The private key file, or <see langword="null"/> when none is configured.</param>
internal sealed record WebPhoneCertificateFiles(string? CertificatePath, string? KeyPath);
