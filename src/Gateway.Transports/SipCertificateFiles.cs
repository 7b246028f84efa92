namespace Gateway.Transports;

/// <summary>
/// A certificate and its private key as PEM files (OpenSIPS <c>tls_mgm</c>'s <c>certificate</c> and
/// <c>private_key</c>). The certificate file may carry the intermediate certificates after the leaf; they are sent
/// in the handshake. Both files are watched: a changed file is loaded on a later handshake, without a restart.
/// </summary>
public sealed class SipCertificateFiles
{
    /// <summary>Path of the PEM certificate (leaf first, then any intermediates).</summary>
    public string CertificatePath { get; set; } = string.Empty;

    /// <summary>Path of the PEM private key (PKCS#8, PKCS#1 or SEC1; unencrypted).</summary>
    public string KeyPath { get; set; } = string.Empty;
}
