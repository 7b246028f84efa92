namespace Gateway.Media.Dtls;

/// <summary>Hash functions for certificate fingerprints (RFC 8122 §5; the SDP names are in parentheses).</summary>
public enum DtlsHashFunction
{
    /// <summary>SHA-1 ("sha-1"), 20 bytes; still offered by some older peers.</summary>
    Sha1,

    /// <summary>SHA-256 ("sha-256"), 32 bytes; what browsers send and what Gateway advertises.</summary>
    Sha256,

    /// <summary>SHA-384 ("sha-384"), 48 bytes.</summary>
    Sha384,

    /// <summary>SHA-512 ("sha-512"), 64 bytes.</summary>
    Sha512,
}
