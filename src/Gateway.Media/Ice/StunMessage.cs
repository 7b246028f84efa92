using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Security.Cryptography;

namespace Gateway.Media.Ice;

/// <summary>
/// A STUN message (RFC 8489 §5) read over a caller's buffer: nothing is copied and nothing allocated until a
/// caller asks for an <see cref="IPEndPoint"/>. Obtain one with <see cref="TryRead"/>, which validates the header,
/// the magic cookie and the attribute framing, and the placement rules of MESSAGE-INTEGRITY and FINGERPRINT.
/// </summary>
public readonly ref struct StunMessage
{
    /// <summary>The size of the fixed header: type, length, magic cookie, transaction id.</summary>
    public const int HeaderSize = 20;

    /// <summary>The magic cookie (RFC 8489 §5).</summary>
    public const uint MagicCookie = 0x2112A442u;

    /// <summary>The length of the transaction id in bytes (96 bits).</summary>
    public const int TransactionIdLength = 12;

    /// <summary>The size of the MESSAGE-INTEGRITY attribute on the wire (header + 20-byte HMAC-SHA1).</summary>
    public const int MessageIntegritySize = 24;

    private const int NotPresent = -1;

    private readonly ReadOnlySpan<byte> _message;
    private readonly int _integrityOffset;
    private readonly int _integritySha256Offset;
    private readonly int _fingerprintOffset;
    private readonly int _ignoreFrom;

    private StunMessage(ReadOnlySpan<byte> message, StunMessageType type, int integrityOffset,
        int integritySha256Offset, int fingerprintOffset, int ignoreFrom)
    {
        _message = message;
        Type = type;
        _integrityOffset = integrityOffset;
        _integritySha256Offset = integritySha256Offset;
        _fingerprintOffset = fingerprintOffset;
        _ignoreFrom = ignoreFrom;
    }

    /// <summary>The message type (method and class).</summary>
    public StunMessageType Type { get; }

    /// <summary>The method.</summary>
    public StunMethod Method => Type.Method;

    /// <summary>The class.</summary>
    public StunClass Class => Type.Class;

    /// <summary>The 96-bit transaction id.</summary>
    public ReadOnlySpan<byte> TransactionId => _message.Slice(8, TransactionIdLength);

    /// <summary>The whole message, header included.</summary>
    public ReadOnlySpan<byte> RawBytes => _message;

    /// <summary>The message length in bytes, header included.</summary>
    public int Length => _message.Length;

    /// <summary>True when the message carries MESSAGE-INTEGRITY.</summary>
    public bool HasMessageIntegrity => _integrityOffset != NotPresent;

    /// <summary>True when the message carries MESSAGE-INTEGRITY-SHA256 (and it is not to be ignored).</summary>
    public bool HasMessageIntegritySha256 => _integritySha256Offset != NotPresent;

    /// <summary>True when the message ends with FINGERPRINT.</summary>
    public bool HasFingerprint => _fingerprintOffset != NotPresent;

    /// <summary>
    /// A cheap test for "this datagram looks like STUN" (RFC 7983 first byte 0–3, RFC 8489 §5 top bits and magic
    /// cookie, length a multiple of 4 that matches the datagram). Use it to demultiplex; then call
    /// <see cref="TryRead"/>.
    /// </summary>
    /// <param name="packet">A received datagram.</param>
    /// <returns>True when the packet has a plausible STUN header.</returns>
    public static bool IsStun(ReadOnlySpan<byte> packet) =>
        packet.Length >= HeaderSize
        && packet[0] < 4
        && BinaryPrimitives.ReadUInt32BigEndian(packet[4..]) == MagicCookie
        && BinaryPrimitives.ReadUInt16BigEndian(packet[2..]) is var length
        && (length & 3) == 0
        && length + HeaderSize == packet.Length;

    /// <summary>
    /// Reads one STUN message from the start of <paramref name="buffer"/>. Fails (returns false) on a short
    /// buffer, set top bits, a wrong magic cookie, a length that is not a multiple of 4, attributes that overrun
    /// the message, a malformed MESSAGE-INTEGRITY(-SHA256) or FINGERPRINT, or a FINGERPRINT that is not last.
    /// </summary>
    /// <param name="buffer">The bytes, starting with the STUN header; may extend past the message.</param>
    /// <param name="message">The message, valid while <paramref name="buffer"/> is.</param>
    /// <param name="consumed">The message length (header + attributes), or 0 on failure.</param>
    /// <returns>True when a well-formed message was read.</returns>
    public static bool TryRead(ReadOnlySpan<byte> buffer, out StunMessage message, out int consumed)
    {
        message = default;
        consumed = 0;
        if (buffer.Length < HeaderSize) return false;
        if (!StunMessageType.TryFromValue(BinaryPrimitives.ReadUInt16BigEndian(buffer), out var type)) return false;
        int bodyLength = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
        if ((bodyLength & 3) != 0 || HeaderSize + bodyLength > buffer.Length) return false;
        if (BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]) != MagicCookie) return false;

        var bytes = buffer[..(HeaderSize + bodyLength)];
        int integrity = NotPresent, integritySha256 = NotPresent, fingerprint = NotPresent, ignoreFrom = int.MaxValue;
        var offset = HeaderSize;
        while (offset < bytes.Length)
        {
            if (fingerprint != NotPresent) return false; // RFC 8489 §14.7: FINGERPRINT is the last attribute.
            if (offset + 4 > bytes.Length) return false;
            var attributeType = BinaryPrimitives.ReadUInt16BigEndian(bytes[offset..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes[(offset + 2)..]);
            var next = offset + 4 + Pad(length);
            if (next > bytes.Length) return false;

            switch (attributeType)
            {
                case StunAttributeType.MessageIntegrity when integrity == NotPresent && integritySha256 == NotPresent:
                    if (length != 20) return false;
                    integrity = offset;
                    ignoreFrom = next;
                    break;
                case StunAttributeType.MessageIntegritySha256 when integritySha256 == NotPresent:
                    // RFC 8489 §14.6: 16 to 32 bytes, a multiple of 4 (a truncated HMAC-SHA256).
                    if (length < 16 || length > 32 || (length & 3) != 0) return false;
                    integritySha256 = offset;
                    if (integrity == NotPresent) ignoreFrom = next;
                    break;
                case StunAttributeType.Fingerprint:
                    if (length != 4) return false;
                    fingerprint = offset;
                    break;
            }

            offset = next;
        }

        message = new StunMessage(bytes, type, integrity, integritySha256, fingerprint, ignoreFrom);
        consumed = bytes.Length;
        return true;
    }

    /// <summary>The attributes in wire order (see <see cref="StunAttributeEnumerator"/> for the ones skipped).</summary>
    /// <returns>An allocation-free enumerator.</returns>
    public StunAttributeEnumerator GetAttributes() =>
        new(_message, _ignoreFrom, sha256First: _integrityOffset == NotPresent && _integritySha256Offset != NotPresent);

    /// <summary>Finds the first attribute of a type.</summary>
    /// <param name="type">The attribute type.</param>
    /// <param name="attribute">The attribute when found.</param>
    /// <returns>True when the message carries the attribute.</returns>
    public bool TryGetAttribute(ushort type, out StunAttributeEntry attribute)
    {
        foreach (var a in GetAttributes())
        {
            if (a.Type == type)
            {
                attribute = a;
                return true;
            }
        }

        attribute = default;
        return false;
    }

    /// <summary>True when the message carries an attribute of the type (e.g. USE-CANDIDATE).</summary>
    /// <param name="type">The attribute type.</param>
    /// <returns>True when present.</returns>
    public bool HasAttribute(ushort type) => TryGetAttribute(type, out _);

    /// <summary>Reads a 32-bit attribute such as PRIORITY.</summary>
    /// <param name="type">The attribute type.</param>
    /// <param name="value">The value.</param>
    /// <returns>True when present with a 4-byte value.</returns>
    public bool TryGetUInt32(ushort type, out uint value)
    {
        if (TryGetAttribute(type, out var a) && a.Value.Length == 4)
        {
            value = BinaryPrimitives.ReadUInt32BigEndian(a.Value);
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>Reads a 64-bit attribute such as ICE-CONTROLLED or ICE-CONTROLLING (the tie-breaker).</summary>
    /// <param name="type">The attribute type.</param>
    /// <param name="value">The value.</param>
    /// <returns>True when present with an 8-byte value.</returns>
    public bool TryGetUInt64(ushort type, out ulong value)
    {
        if (TryGetAttribute(type, out var a) && a.Value.Length == 8)
        {
            value = BinaryPrimitives.ReadUInt64BigEndian(a.Value);
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>The USERNAME value as UTF-8 bytes (at most 513 bytes, RFC 8489 §14.3).</summary>
    /// <param name="username">The value.</param>
    /// <returns>True when present and not over-long.</returns>
    public bool TryGetUsername(out ReadOnlySpan<byte> username)
    {
        if (TryGetAttribute(StunAttributeType.Username, out var a) && a.Value.Length <= 513)
        {
            username = a.Value;
            return true;
        }

        username = default;
        return false;
    }

    /// <summary>Decodes XOR-MAPPED-ADDRESS (RFC 8489 §14.2).</summary>
    /// <param name="endPoint">The address.</param>
    /// <returns>True when present and well-formed.</returns>
    public bool TryGetXorMappedAddress([NotNullWhen(true)] out IPEndPoint? endPoint) =>
        TryGetAddress(StunAttributeType.XorMappedAddress, xor: true, out endPoint);

    /// <summary>Decodes MAPPED-ADDRESS (RFC 8489 §14.1).</summary>
    /// <param name="endPoint">The address.</param>
    /// <returns>True when present and well-formed.</returns>
    public bool TryGetMappedAddress([NotNullWhen(true)] out IPEndPoint? endPoint) =>
        TryGetAddress(StunAttributeType.MappedAddress, xor: false, out endPoint);

    /// <summary>Decodes an address attribute of any type, XOR-obfuscated or not.</summary>
    /// <param name="type">The attribute type.</param>
    /// <param name="xor">True for the XOR- forms (RFC 8489 §14.2).</param>
    /// <param name="endPoint">The address.</param>
    /// <returns>True when present and well-formed.</returns>
    public bool TryGetAddress(ushort type, bool xor, [NotNullWhen(true)] out IPEndPoint? endPoint)
    {
        endPoint = null;
        return TryGetAttribute(type, out var a) && StunAddress.TryRead(a.Value, xor, TransactionId, out endPoint);
    }

    /// <summary>Decodes ERROR-CODE (RFC 8489 §14.8).</summary>
    /// <param name="code">The error code, 300–699.</param>
    /// <param name="reasonUtf8">The reason phrase bytes.</param>
    /// <returns>True when present and well-formed.</returns>
    public bool TryGetErrorCode(out int code, out ReadOnlySpan<byte> reasonUtf8)
    {
        if (TryGetAttribute(StunAttributeType.ErrorCode, out var a)) return StunErrorCode.TryRead(a.Value, out code, out reasonUtf8);
        code = 0;
        reasonUtf8 = default;
        return false;
    }

    /// <summary>Decodes UNKNOWN-ATTRIBUTES (RFC 8489 §14.13) into <paramref name="destination"/>.</summary>
    /// <param name="destination">Room for the types; the value is truncated to its size.</param>
    /// <param name="count">How many types were written.</param>
    /// <returns>True when present with an even length.</returns>
    public bool TryGetUnknownAttributes(Span<ushort> destination, out int count)
    {
        count = 0;
        if (!TryGetAttribute(StunAttributeType.UnknownAttributes, out var a) || (a.Value.Length & 1) != 0) return false;
        var n = Math.Min(a.Value.Length / 2, destination.Length);
        for (var i = 0; i < n; i++)
        {
            destination[i] = BinaryPrimitives.ReadUInt16BigEndian(a.Value[(2 * i)..]);
        }

        count = n;
        return true;
    }

    /// <summary>Checks FINGERPRINT (RFC 8489 §14.7): CRC-32 of everything before it, XOR 0x5354554E.</summary>
    /// <returns>Valid, Absent or Invalid.</returns>
    public StunCheckResult CheckFingerprint()
    {
        if (_fingerprintOffset == NotPresent) return StunCheckResult.Absent;
        var expected = BinaryPrimitives.ReadUInt32BigEndian(_message[(_fingerprintOffset + 4)..]);
        return StunFingerprint.Compute(_message[.._fingerprintOffset]) == expected ? StunCheckResult.Valid : StunCheckResult.Invalid;
    }

    /// <summary>
    /// Checks MESSAGE-INTEGRITY (RFC 8489 §14.5): HMAC-SHA1 with the credential's key over the message up to the
    /// attribute, with the header length field adjusted to end just after MESSAGE-INTEGRITY. Constant-time compare.
    /// </summary>
    /// <param name="credential">The short-term or long-term credential.</param>
    /// <returns>Valid, Absent or Invalid.</returns>
    public StunCheckResult CheckMessageIntegrity(StunCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        if (_integrityOffset == NotPresent) return StunCheckResult.Absent;
        Span<byte> mac = stackalloc byte[20];
        credential.ComputeIntegrity(sha256: false, _message, _integrityOffset,
            _integrityOffset + MessageIntegritySize - HeaderSize, mac);
        return CryptographicOperations.FixedTimeEquals(mac, _message.Slice(_integrityOffset + 4, 20))
            ? StunCheckResult.Valid
            : StunCheckResult.Invalid;
    }

    /// <summary>Checks MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6), possibly truncated to 16–32 bytes.</summary>
    /// <param name="credential">The credential.</param>
    /// <returns>Valid, Absent or Invalid.</returns>
    public StunCheckResult CheckMessageIntegritySha256(StunCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        if (_integritySha256Offset == NotPresent) return StunCheckResult.Absent;
        int length = BinaryPrimitives.ReadUInt16BigEndian(_message[(_integritySha256Offset + 2)..]);
        Span<byte> mac = stackalloc byte[32];
        credential.ComputeIntegrity(sha256: true, _message, _integritySha256Offset,
            _integritySha256Offset + 4 + length - HeaderSize, mac);
        return CryptographicOperations.FixedTimeEquals(mac[..length], _message.Slice(_integritySha256Offset + 4, length))
            ? StunCheckResult.Valid
            : StunCheckResult.Invalid;
    }

    /// <summary>Rounds an attribute value length up to the 4-byte boundary (RFC 8489 §14).</summary>
    internal static int Pad(int length) => (length + 3) & ~3;
}
