using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Media.Ice;

/// <summary>
/// A STUN credential: the HMAC key of MESSAGE-INTEGRITY and MESSAGE-INTEGRITY-SHA256 (RFC 8489 §9), with the
/// HMAC objects created once and reused, so that checking or signing a message allocates nothing.
/// Instances are safe to use from several threads (computations are serialised by a lock).
/// </summary>
public sealed class StunCredential : IDisposable
{
    private readonly byte[] _key;
    private readonly Lock _lock = new();
    private IncrementalHash? _hmacSha1;
    private IncrementalHash? _hmacSha256;
    private bool _disposed;

    private StunCredential(byte[] key) => _key = key;

    /// <summary>The HMAC key.</summary>
    public ReadOnlySpan<byte> Key => _key;

    /// <summary>
    /// A short-term credential (RFC 8489 §9.1.1; ICE, RFC 8445 §7.2.2): the key is the password, prepared with
    /// SASLprep when it is not plain ASCII, as UTF-8 bytes. ICE passwords are ice-chars, so their key is simply the
    /// ASCII bytes.
    /// </summary>
    /// <param name="password">The password (for ICE: the ice-pwd of the agent that receives the request).</param>
    /// <returns>The credential.</returns>
    /// <exception cref="ArgumentException">The password contains characters SASLprep prohibits.</exception>
    public static StunCredential CreateShortTerm(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return new StunCredential(Encoding.UTF8.GetBytes(Prepare(password)));
    }

    /// <summary>
    /// A long-term credential (RFC 5389 §15.4, the MD5 key that RFC 8489 keeps for compatibility and TURN uses):
    /// key = MD5(username ":" realm ":" SASLprep(password)).
    /// </summary>
    /// <param name="username">The username, as sent in USERNAME.</param>
    /// <param name="realm">The realm, as sent in REALM.</param>
    /// <param name="password">The password.</param>
    /// <returns>The credential.</returns>
    /// <exception cref="ArgumentException">The password contains characters SASLprep prohibits.</exception>
    public static StunCredential CreateLongTerm(string username, string realm, string password)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(realm);
        ArgumentNullException.ThrowIfNull(password);
        var input = Encoding.UTF8.GetBytes(username + ":" + realm + ":" + Prepare(password));
#pragma warning disable CA5351 // RFC 5389 §15.4 defines the long-term key as MD5; it is a key derivation, not a signature.
        return new StunCredential(MD5.HashData(input));
#pragma warning restore CA5351
    }

    /// <summary>A credential from an already derived key.</summary>
    /// <param name="key">The HMAC key.</param>
    /// <returns>The credential.</returns>
    public static StunCredential FromKey(ReadOnlySpan<byte> key) => new(key.ToArray());

    /// <summary>Releases the HMAC objects.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _hmacSha1?.Dispose();
            _hmacSha256?.Dispose();
            _hmacSha1 = null;
            _hmacSha256 = null;
        }
    }

    /// <summary>
    /// Computes an integrity HMAC over <paramref name="message"/>[0..<paramref name="coveredLength"/>) with the
    /// header length field replaced by <paramref name="adjustedLength"/> (RFC 8489 §14.5, §14.6).
    /// </summary>
    internal void ComputeIntegrity(bool sha256, ReadOnlySpan<byte> message, int coveredLength, int adjustedLength,
        Span<byte> destination)
    {
        Span<byte> header = stackalloc byte[StunMessage.HeaderSize];
        message[..StunMessage.HeaderSize].CopyTo(header);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)adjustedLength);

        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var hmac = sha256
                ? _hmacSha256 ??= IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key)
                : _hmacSha1 ??= IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, _key);
            hmac.AppendData(header);
            hmac.AppendData(message[StunMessage.HeaderSize..coveredLength]);
            hmac.GetHashAndReset(destination);
        }
    }

    private static string Prepare(string password)
    {
        if (Ascii.IsValid(password))
        {
            foreach (var c in password)
            {
                if (c < 0x20 || c == 0x7F) throw new ArgumentException("The password contains control characters.", nameof(password));
            }

            return password;
        }

        return SaslPrep.TryPrepare(password, out var prepared)
            ? prepared
            : throw new ArgumentException("The password contains characters that SASLprep (RFC 4013) prohibits.", nameof(password));
    }
}
