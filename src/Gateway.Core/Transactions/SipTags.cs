using System.Security.Cryptography;

namespace Gateway.Core.Transactions;

/// <summary>Random tokens for To tags (RFC 3261 §19.3: at least 32 bits of cryptographic randomness).</summary>
internal static class SipTags
{
    /// <summary>A new tag: 16 lowercase hex digits (64 random bits).</summary>
    public static string NewTag()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToHexStringLower(bytes);
    }
}
