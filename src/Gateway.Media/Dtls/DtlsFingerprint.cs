using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Media.Dtls;

/// <summary>
/// A certificate fingerprint as carried by SDP a=fingerprint (RFC 8122 §5): a hash function name and the hash of the
/// DER-encoded certificate, written as uppercase colon-separated hex ("sha-256 4A:AD:…").
/// </summary>
public sealed class DtlsFingerprint : IEquatable<DtlsFingerprint>
{
    private readonly byte[] _value;

    private DtlsFingerprint(DtlsHashFunction hashFunction, byte[] value)
    {
        HashFunction = hashFunction;
        _value = value;
    }

    /// <summary>The hash function.</summary>
    public DtlsHashFunction HashFunction { get; }

    /// <summary>The hash bytes.</summary>
    public ReadOnlySpan<byte> Value => _value;

    /// <summary>The SDP name of the hash function ("sha-256").</summary>
    public string HashFunctionName => GetHashFunctionName(HashFunction);

    /// <summary>The hash as uppercase colon-separated hex ("4A:AD:…"), the second part of the a=fingerprint value.</summary>
    public string HexValue
    {
        get
        {
            var builder = new StringBuilder((_value.Length * 3) - 1);
            for (var i = 0; i < _value.Length; i++)
            {
                if (i > 0) builder.Append(':');
                builder.Append(_value[i].ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }

            return builder.ToString();
        }
    }

    /// <summary>Computes the fingerprint of a DER-encoded certificate.</summary>
    /// <param name="derCertificate">The certificate, DER-encoded.</param>
    /// <param name="hashFunction">The hash function.</param>
    /// <returns>The fingerprint.</returns>
    public static DtlsFingerprint Compute(ReadOnlySpan<byte> derCertificate, DtlsHashFunction hashFunction) =>
        new(hashFunction, Hash(derCertificate, hashFunction));

    /// <summary>Creates a fingerprint from a hash function and hash bytes.</summary>
    /// <param name="hashFunction">The hash function.</param>
    /// <param name="value">The hash; its length must match the function.</param>
    /// <returns>The fingerprint.</returns>
    /// <exception cref="ArgumentException">The length does not match the hash function.</exception>
    public static DtlsFingerprint Create(DtlsHashFunction hashFunction, ReadOnlySpan<byte> value)
    {
        if (value.Length != GetHashLength(hashFunction))
            throw new ArgumentException($"A {GetHashFunctionName(hashFunction)} fingerprint is {GetHashLength(hashFunction)} bytes.", nameof(value));
        return new DtlsFingerprint(hashFunction, value.ToArray());
    }

    /// <summary>
    /// Parses an a=fingerprint value: "hash-function SP hex-pairs-separated-by-colons" (hex case-insensitive).
    /// Fails for unsupported hash functions (md2, md5, sha-224) and for malformed or wrong-length values.
    /// </summary>
    /// <param name="sdpValue">The attribute value, e.g. "sha-256 4A:AD:B9:…".</param>
    /// <param name="fingerprint">The fingerprint.</param>
    /// <returns>True when parsed.</returns>
    public static bool TryParse(string? sdpValue, [NotNullWhen(true)] out DtlsFingerprint? fingerprint)
    {
        fingerprint = null;
        if (sdpValue is null) return false;
        var text = sdpValue.AsSpan().Trim();
        var space = text.IndexOf(' ');
        if (space <= 0) return false;
        if (!TryParseHashFunctionName(text[..space], out var function)) return false;
        var hex = text[(space + 1)..].Trim();
        var length = GetHashLength(function);
        if (hex.Length != (length * 3) - 1) return false;

        var value = new byte[length];
        for (var i = 0; i < length; i++)
        {
            var pos = i * 3;
            if (i > 0 && hex[pos - 1] != ':') return false;
            var hi = HexDigit(hex[pos]);
            var lo = HexDigit(hex[pos + 1]);
            if (hi < 0 || lo < 0) return false;
            value[i] = (byte)((hi << 4) | lo);
        }

        fingerprint = new DtlsFingerprint(function, value);
        return true;
    }

    /// <summary>Parses an SDP hash function name ("sha-1", "sha-256", "sha-384", "sha-512"; case-insensitive).</summary>
    /// <param name="name">The name.</param>
    /// <param name="hashFunction">The function.</param>
    /// <returns>True when supported.</returns>
    public static bool TryParseHashFunctionName(ReadOnlySpan<char> name, out DtlsHashFunction hashFunction)
    {
        hashFunction = DtlsHashFunction.Sha256;
        if (name.Equals("sha-256", StringComparison.OrdinalIgnoreCase)) hashFunction = DtlsHashFunction.Sha256;
        else if (name.Equals("sha-1", StringComparison.OrdinalIgnoreCase)) hashFunction = DtlsHashFunction.Sha1;
        else if (name.Equals("sha-384", StringComparison.OrdinalIgnoreCase)) hashFunction = DtlsHashFunction.Sha384;
        else if (name.Equals("sha-512", StringComparison.OrdinalIgnoreCase)) hashFunction = DtlsHashFunction.Sha512;
        else return false;
        return true;
    }

    /// <summary>The SDP name of a hash function.</summary>
    /// <param name="hashFunction">The function.</param>
    /// <returns>"sha-1", "sha-256", "sha-384" or "sha-512".</returns>
    public static string GetHashFunctionName(DtlsHashFunction hashFunction) => hashFunction switch
    {
        DtlsHashFunction.Sha1 => "sha-1",
        DtlsHashFunction.Sha256 => "sha-256",
        DtlsHashFunction.Sha384 => "sha-384",
        DtlsHashFunction.Sha512 => "sha-512",
        _ => throw new ArgumentOutOfRangeException(nameof(hashFunction)),
    };

    /// <summary>The hash length of a function in bytes.</summary>
    /// <param name="hashFunction">The function.</param>
    /// <returns>20, 32, 48 or 64.</returns>
    public static int GetHashLength(DtlsHashFunction hashFunction) => hashFunction switch
    {
        DtlsHashFunction.Sha1 => 20,
        DtlsHashFunction.Sha256 => 32,
        DtlsHashFunction.Sha384 => 48,
        DtlsHashFunction.Sha512 => 64,
        _ => throw new ArgumentOutOfRangeException(nameof(hashFunction)),
    };

    /// <summary>True when <paramref name="derCertificate"/> hashes to this fingerprint (constant-time compare).</summary>
    /// <param name="derCertificate">The certificate, DER-encoded.</param>
    /// <returns>True on a match.</returns>
    public bool Matches(ReadOnlySpan<byte> derCertificate) =>
        CryptographicOperations.FixedTimeEquals(Hash(derCertificate, HashFunction), _value);

    /// <summary>The a=fingerprint value: "sha-256 4A:AD:…".</summary>
    /// <returns>The SDP attribute value.</returns>
    public override string ToString() => HashFunctionName + " " + HexValue;

    /// <inheritdoc/>
    public bool Equals(DtlsFingerprint? other) =>
        other is not null && other.HashFunction == HashFunction && other._value.AsSpan().SequenceEqual(_value);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as DtlsFingerprint);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(HashFunction);
        hash.AddBytes(_value);
        return hash.ToHashCode();
    }

    private static byte[] Hash(ReadOnlySpan<byte> data, DtlsHashFunction hashFunction) => hashFunction switch
    {
#pragma warning disable CA5350 // RFC 8122 allows peers to fingerprint with SHA-1; verifying it is their choice.
        DtlsHashFunction.Sha1 => SHA1.HashData(data),
#pragma warning restore CA5350
        DtlsHashFunction.Sha256 => SHA256.HashData(data),
        DtlsHashFunction.Sha384 => SHA384.HashData(data),
        DtlsHashFunction.Sha512 => SHA512.HashData(data),
        _ => throw new ArgumentOutOfRangeException(nameof(hashFunction)),
    };

    private static int HexDigit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'F' => c - 'A' + 10,
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => -1,
    };
}
