using Org.BouncyCastle.Tls;

namespace Gateway.Media.Dtls;

/// <summary>The DTLS 1.2 cipher suites Gateway negotiates: ECDHE with AES-GCM, ECDSA first (what browsers use).</summary>
internal static class DtlsCipherSuites
{
    /// <summary>For a server with an ECDSA certificate.</summary>
    public static readonly int[] Ecdsa =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    ];

    /// <summary>For a server with an RSA certificate.</summary>
    public static readonly int[] Rsa =
    [
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    ];

    /// <summary>What a client offers: it cannot know the server's key type.</summary>
    public static readonly int[] Client = [.. Ecdsa, .. Rsa];
}
