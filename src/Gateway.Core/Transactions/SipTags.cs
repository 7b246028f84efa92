using System.Security.Cryptography;

namespace Gateway.Core.Transactions;

/// <summary>
/// Random tokens for To tags (RFC 3261 §19.3: globally unique, cryptographically random, at least 32 bits). The
/// random bytes are drawn from <see cref="RandomNumberGenerator"/> in blocks per thread, so a tag costs no call
/// into the system's generator most of the time.
/// </summary>
internal static class SipTags
{
    private const int TagBytes = 8;
    private const int BlockSize = TagBytes * 64;

    [ThreadStatic]
    private static byte[]? t_block;

    [ThreadStatic]
    private static int t_used;

    /// <summary>A new tag: 16 lowercase hex digits (64 random bits).</summary>
    public static string NewTag()
    {
        var block = t_block;
        if (block is null || t_used + TagBytes > BlockSize)
        {
            block ??= t_block = new byte[BlockSize];
            RandomNumberGenerator.Fill(block);
            t_used = 0;
        }

        var tag = Convert.ToHexStringLower(block, t_used, TagBytes);
        t_used += TagBytes;
        return tag;
    }
}
