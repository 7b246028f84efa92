using System.Security.Cryptography;

namespace Gateway.Media.Srtp;

/// <summary>
/// The SRTP key derivation function (RFC 3711 §4.3) with a key derivation rate of 0: the AES-CM PRF keyed with the
/// master key, over x = master_salt XOR (label · 2^48), IV = x · 2^16. AEAD profiles use the same PRF with their
/// 12-byte salt (RFC 7714 §11); AES-256 profiles key it with the 32-byte master key (RFC 6188 §6).
/// </summary>
public static class SrtpKeyDerivation
{
    /// <summary>Longest master salt: 112 bits.</summary>
    private const int MaxSaltLength = 14;

    /// <summary>Derives one session key.</summary>
    /// <param name="masterKey">The master key: 16, 24 or 32 bytes.</param>
    /// <param name="masterSalt">The master salt: 14 bytes (AES-CM) or 12 bytes (AEAD); at most 14.</param>
    /// <param name="label">Which session key.</param>
    /// <param name="destination">Receives the key; its length is the length derived (at most 1 MiB).</param>
    /// <returns><see langword="false"/> when a length is invalid.</returns>
    public static bool TryDeriveSessionKey(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, SrtpKeyLabel label, Span<byte> destination)
    {
        if (masterKey.Length is not (16 or 24 or 32) || masterSalt.Length > MaxSaltLength || masterSalt.Length < 8
            || destination.Length > AesCounterKeystream.MaxLength)
        {
            return false;
        }

        using var keystream = new AesCounterKeystream(masterKey);
        Derive(keystream, masterSalt, label, destination);
        return true;
    }

    /// <summary>Derives every session key of <paramref name="profile"/> from the master key and salt.</summary>
    internal static SrtpSessionKeys DeriveAll(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        var keys = new SrtpSessionKeys(profile);
        using var keystream = new AesCounterKeystream(masterKey);
        Derive(keystream, masterSalt, SrtpKeyLabel.RtpEncryption, keys.RtpKey);
        Derive(keystream, masterSalt, SrtpKeyLabel.RtpAuthentication, keys.RtpAuthKey);
        Derive(keystream, masterSalt, SrtpKeyLabel.RtpSalt, keys.RtpSalt);
        Derive(keystream, masterSalt, SrtpKeyLabel.RtcpEncryption, keys.RtcpKey);
        Derive(keystream, masterSalt, SrtpKeyLabel.RtcpAuthentication, keys.RtcpAuthKey);
        Derive(keystream, masterSalt, SrtpKeyLabel.RtcpSalt, keys.RtcpSalt);
        return keys;
    }

    private static void Derive(AesCounterKeystream keystream, ReadOnlySpan<byte> masterSalt, SrtpKeyLabel label, Span<byte> destination)
    {
        if (destination.IsEmpty) return;

        // x = master_salt XOR (label · 2^48), the salt taken as a 112-bit value (a 96-bit AEAD salt is its high bits,
        // as libsrtp and RFC 7714 §11 use it); IV = x · 2^16. With kdr = 0 the packet index term is zero.
        Span<byte> iv = stackalloc byte[16];
        iv.Clear();
        masterSalt.CopyTo(iv);
        iv[7] ^= (byte)label;
        keystream.Generate(iv, destination);
    }
}
