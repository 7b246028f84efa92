using System.Security.Cryptography;
using Gateway.Core.Media;
using Gateway.Media.Sdp;
using Gateway.Media.Srtp;

namespace Gateway.Media.Relay;

/// <summary>SDES (RFC 4568) helpers of the session layer: fresh keys, a=crypto values, and reading a party's keys.</summary>
internal static class RelaySdes
{
    /// <summary>A fresh random master key and salt for <paramref name="profile"/>.</summary>
    public static SdesKey Generate(SrtpProfile profile) =>
        new(profile, RandomNumberGenerator.GetBytes(profile.CipherKeyLength), RandomNumberGenerator.GetBytes(profile.SaltLength));

    /// <summary>The a=crypto value carrying <paramref name="key"/> under <paramref name="tag"/>.</summary>
    public static SdpCrypto ToCrypto(int tag, SdesKey key)
    {
        Span<byte> material = stackalloc byte[key.MasterKey.Length + key.MasterSalt.Length];
        key.MasterKey.Span.CopyTo(material);
        key.MasterSalt.Span.CopyTo(material[key.MasterKey.Length..]);
        return new SdpCrypto(tag, key.Profile.Name, SdpCryptoKey.FromKeySalt(material));
    }

    /// <summary>
    /// Reads a party's a=crypto into a key: a suite this relay implements, one inline key of the suite's length,
    /// no MKI and no session parameter that would weaken or change the protection (RFC 4568 §6.3).
    /// </summary>
    public static bool TryRead(SdpCrypto crypto, out SdesKey? key)
    {
        key = null;
        if (!SrtpProfile.TryFromName(crypto.Suite, out var profile)) return false;
        if (crypto.Keys.Count != 1 || crypto.Keys[0].Mki is not null || crypto.SessionParameters.Count != 0) return false;
        if (!crypto.Keys[0].TryGetKeySalt(out var material) || material.Length != profile.MasterKeyMaterialLength) return false;
        key = new SdesKey(profile, material.AsMemory(0, profile.CipherKeyLength), material.AsMemory(profile.CipherKeyLength));
        return true;
    }

    /// <summary>Whether <c>SDES-no-…</c>/<c>SDES-only-…</c> allow <paramref name="suite"/>.</summary>
    public static bool IsAllowed(string suite, MediaFlags flags)
    {
        foreach (var excluded in flags.SdesExclude)
        {
            if (string.Equals(excluded, suite, StringComparison.OrdinalIgnoreCase)) return false;
        }

        if (flags.SdesOnly.Count == 0) return true;
        foreach (var only in flags.SdesOnly)
        {
            if (string.Equals(only, suite, StringComparison.OrdinalIgnoreCase)) return true;
        }

        return false;
    }
}
