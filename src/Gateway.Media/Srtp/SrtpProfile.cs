namespace Gateway.Media.Srtp;

/// <summary>
/// An SRTP protection profile (crypto suite): cipher, key and salt lengths, and authentication tag lengths. The
/// instances carry their IANA DTLS-SRTP protection profile id (RFC 5764 §4.1.2, RFC 7714 §14.2) and their SDES
/// crypto-suite name (RFC 4568 §6.2, RFC 6188 §5, RFC 7714 §14.1).
/// </summary>
public sealed class SrtpProfile
{
    private SrtpProfile(string name, ushort? dtlsId, int cipherKeyLength, int saltLength, int rtpTagLength, int rtcpTagLength, bool isAead)
    {
        Name = name;
        DtlsProtectionProfileId = dtlsId;
        CipherKeyLength = cipherKeyLength;
        SaltLength = saltLength;
        RtpAuthTagLength = rtpTagLength;
        RtcpAuthTagLength = rtcpTagLength;
        IsAead = isAead;
    }

    /// <summary>AES-128 counter mode with an 80-bit HMAC-SHA1 tag (RFC 3711; DTLS-SRTP id 0x0001).</summary>
    public static SrtpProfile AesCm128HmacSha1Tag80 { get; } = new("AES_CM_128_HMAC_SHA1_80", 0x0001, 16, 14, 10, 10, isAead: false);

    /// <summary>AES-128 counter mode with a 32-bit HMAC-SHA1 tag on SRTP, 80-bit on SRTCP (RFC 5764 §4.1.2; id 0x0002).</summary>
    public static SrtpProfile AesCm128HmacSha1Tag32 { get; } = new("AES_CM_128_HMAC_SHA1_32", 0x0002, 16, 14, 4, 10, isAead: false);

    /// <summary>AES-256 counter mode with an 80-bit HMAC-SHA1 tag (RFC 6188; SDES only, no DTLS-SRTP id).</summary>
    public static SrtpProfile AesCm256HmacSha1Tag80 { get; } = new("AES_256_CM_HMAC_SHA1_80", null, 32, 14, 10, 10, isAead: false);

    /// <summary>AES-256 counter mode with a 32-bit HMAC-SHA1 tag on SRTP, 80-bit on SRTCP (RFC 6188; SDES only).</summary>
    public static SrtpProfile AesCm256HmacSha1Tag32 { get; } = new("AES_256_CM_HMAC_SHA1_32", null, 32, 14, 4, 10, isAead: false);

    /// <summary>AES-128-GCM with a 16-byte tag (RFC 7714; DTLS-SRTP id 0x0007).</summary>
    public static SrtpProfile AeadAes128Gcm { get; } = new("AEAD_AES_128_GCM", 0x0007, 16, 12, 16, 16, isAead: true);

    /// <summary>AES-256-GCM with a 16-byte tag (RFC 7714; DTLS-SRTP id 0x0008).</summary>
    public static SrtpProfile AeadAes256Gcm { get; } = new("AEAD_AES_256_GCM", 0x0008, 32, 12, 16, 16, isAead: true);

    /// <summary>Every profile this library implements, most preferred first.</summary>
    public static IReadOnlyList<SrtpProfile> All { get; } =
        [AeadAes128Gcm, AeadAes256Gcm, AesCm128HmacSha1Tag80, AesCm256HmacSha1Tag80, AesCm128HmacSha1Tag32, AesCm256HmacSha1Tag32];

    /// <summary>The SDES crypto-suite name, as in <c>a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:…</c>.</summary>
    public string Name { get; }

    /// <summary>The IANA DTLS-SRTP protection profile id, or <see langword="null"/> when the suite has none.</summary>
    public ushort? DtlsProtectionProfileId { get; }

    /// <summary>Length in bytes of the master key and of the session encryption key.</summary>
    public int CipherKeyLength { get; }

    /// <summary>Length in bytes of the master salt and of the session salt (14 for AES-CM, 12 for GCM).</summary>
    public int SaltLength { get; }

    /// <summary>Length in bytes of the SRTP authentication tag.</summary>
    public int RtpAuthTagLength { get; }

    /// <summary>Length in bytes of the SRTCP authentication tag.</summary>
    public int RtcpAuthTagLength { get; }

    /// <summary>Length in bytes of the session authentication key (20 for HMAC-SHA1, 0 for AEAD).</summary>
    public int AuthKeyLength => IsAead ? 0 : 20;

    /// <summary>True for the AEAD (GCM) profiles, whose tag comes from the cipher.</summary>
    public bool IsAead { get; }

    /// <summary>Length in bytes of the SDES <c>inline:</c> key material: master key followed by master salt.</summary>
    public int MasterKeyMaterialLength => CipherKeyLength + SaltLength;

    /// <summary>Finds a profile by its DTLS-SRTP protection profile id.</summary>
    /// <param name="id">The id negotiated in the use_srtp extension.</param>
    /// <param name="profile">The profile, when found.</param>
    /// <returns><see langword="false"/> for an id this library does not implement.</returns>
    public static bool TryFromDtlsId(ushort id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SrtpProfile? profile)
    {
        foreach (var candidate in All)
        {
            if (candidate.DtlsProtectionProfileId == id)
            {
                profile = candidate;
                return true;
            }
        }

        profile = null;
        return false;
    }

    /// <summary>Finds a profile by its SDES crypto-suite name (case-sensitive, as RFC 4568 registers them).</summary>
    /// <param name="name">The suite name, e.g. <c>AES_CM_128_HMAC_SHA1_80</c>.</param>
    /// <param name="profile">The profile, when found.</param>
    /// <returns><see langword="false"/> for a suite this library does not implement.</returns>
    public static bool TryFromName(ReadOnlySpan<char> name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SrtpProfile? profile)
    {
        foreach (var candidate in All)
        {
            if (name.SequenceEqual(candidate.Name))
            {
                profile = candidate;
                return true;
            }
        }

        profile = null;
        return false;
    }

    /// <summary>The SDES crypto-suite name.</summary>
    /// <returns><see cref="Name"/>.</returns>
    public override string ToString() => Name;
}
