using System.Diagnostics.CodeAnalysis;

namespace Gateway.Media.Sdp;

/// <summary>
/// An <c>a=fingerprint</c> value (RFC 8122 §5): <c>&lt;hash-func&gt; &lt;fingerprint&gt;</c>, the fingerprint being
/// colon-separated pairs of hex digits, e.g. <c>sha-256 A4:67:…:64</c>. A DTLS endpoint must check the peer's
/// certificate against it (RFC 5763 §5).
/// </summary>
/// <param name="HashFunction">The hash function's name as written, e.g. <c>sha-256</c> (compared case-insensitively).</param>
/// <param name="Value">The colon-separated hex digest as written.</param>
public sealed record SdpFingerprint(string HashFunction, string Value)
{
    /// <summary>Builds a fingerprint from a digest: upper-case hex pairs joined by colons (RFC 8122 §5).</summary>
    /// <param name="hashFunction">The hash function name, e.g. <c>sha-256</c>.</param>
    /// <param name="digest">The certificate digest.</param>
    /// <returns>The fingerprint.</returns>
    public static SdpFingerprint FromDigest(string hashFunction, ReadOnlySpan<byte> digest)
    {
        ArgumentException.ThrowIfNullOrEmpty(hashFunction);
        if (digest.IsEmpty) throw new ArgumentException("The digest is empty.", nameof(digest));
        var text = string.Create(digest.Length * 3 - 1, digest.ToArray(), static (chars, bytes) =>
        {
            const string Hex = "0123456789ABCDEF";
            for (var i = 0; i < bytes.Length; i++)
            {
                var at = i * 3;
                if (i > 0) chars[at - 1] = ':';
                chars[at] = Hex[bytes[i] >> 4];
                chars[at + 1] = Hex[bytes[i] & 0xF];
            }
        });
        return new SdpFingerprint(hashFunction, text);
    }

    /// <summary>Decodes <see cref="Value"/> into bytes.</summary>
    /// <param name="digest">The digest, or null when the value is not colon-separated hex pairs.</param>
    /// <returns>Whether the value decoded.</returns>
    public bool TryGetDigest([NotNullWhen(true)] out byte[]? digest)
    {
        digest = null;
        var text = Value.AsSpan();
        if (text.Length < 2 || (text.Length + 1) % 3 != 0) return false;
        var bytes = new byte[(text.Length + 1) / 3];
        for (var i = 0; i < bytes.Length; i++)
        {
            var at = i * 3;
            if (i > 0 && text[at - 1] != ':') return false;
            var high = HexValue(text[at]);
            var low = HexValue(text[at + 1]);
            if ((high | low) < 0) return false;
            bytes[i] = (byte)((high << 4) | low);
        }

        digest = bytes;
        return true;
    }

    /// <summary>Whether this fingerprint names <paramref name="hashFunction"/> and equals <paramref name="digest"/>.</summary>
    /// <param name="hashFunction">The hash function of the computed digest, e.g. <c>sha-256</c>.</param>
    /// <param name="digest">The digest of the certificate the peer presented.</param>
    /// <returns>True on a match (hash names and hex digits compare case-insensitively).</returns>
    public bool Matches(string hashFunction, ReadOnlySpan<byte> digest) =>
        string.Equals(HashFunction, hashFunction, StringComparison.OrdinalIgnoreCase)
        && TryGetDigest(out var mine)
        && mine.AsSpan().SequenceEqual(digest);

    /// <summary>The text after <c>a=fingerprint:</c>.</summary>
    /// <returns><c>hash-func fingerprint</c>.</returns>
    public override string ToString() => HashFunction + " " + Value;

    /// <summary>Parses the text after <c>a=fingerprint:</c>.</summary>
    /// <param name="value">The attribute value.</param>
    /// <param name="fingerprint">The parsed fingerprint, or null.</param>
    /// <returns>Whether <paramref name="value"/> is a hash function token followed by one fingerprint token.</returns>
    public static bool TryParse(ReadOnlySpan<char> value, [NotNullWhen(true)] out SdpFingerprint? fingerprint)
    {
        fingerprint = null;
        var tokens = new SdpTokenizer(value);
        if (!tokens.Next(out var hash) || !tokens.Next(out var digest) || tokens.Next(out _)) return false;
        if (!SdpSyntax.IsToken(hash)) return false;
        fingerprint = new SdpFingerprint(hash.ToString(), digest.ToString());
        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'F' => c - 'A' + 10,
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => -1,
    };
}
