namespace Gateway.Media.Dtls;

/// <summary>Key and salt lengths of the <see cref="DtlsSrtpProfile"/> values (RFC 5764 §4.1.2, RFC 7714 §12).</summary>
internal static class DtlsSrtpProfiles
{
    /// <summary>The default preference order: AEAD first, then the universally supported AES-CM-80.</summary>
    public static readonly IReadOnlyList<DtlsSrtpProfile> Default =
    [
        DtlsSrtpProfile.AeadAes128Gcm,
        DtlsSrtpProfile.AeadAes256Gcm,
        DtlsSrtpProfile.Aes128CmHmacSha1Tag80,
        DtlsSrtpProfile.Aes128CmHmacSha1Tag32,
    ];

    public static bool IsDefined(DtlsSrtpProfile profile) => profile is DtlsSrtpProfile.Aes128CmHmacSha1Tag80
        or DtlsSrtpProfile.Aes128CmHmacSha1Tag32 or DtlsSrtpProfile.AeadAes128Gcm or DtlsSrtpProfile.AeadAes256Gcm;

    public static int KeyLength(DtlsSrtpProfile profile) => profile == DtlsSrtpProfile.AeadAes256Gcm ? 32 : 16;

    public static int SaltLength(DtlsSrtpProfile profile) =>
        profile is DtlsSrtpProfile.AeadAes128Gcm or DtlsSrtpProfile.AeadAes256Gcm ? 12 : 14;
}
