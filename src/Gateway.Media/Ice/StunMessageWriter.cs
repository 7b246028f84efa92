using System.Buffers.Binary;
using System.Net;

namespace Gateway.Media.Ice;

/// <summary>
/// Builds a STUN message into a caller's buffer, attribute by attribute, keeping the header length field current.
/// Every <c>TryAdd…</c> returns false (and writes nothing) when the buffer is too small or the message is already
/// sealed by FINGERPRINT. Add MESSAGE-INTEGRITY after the attributes it protects, FINGERPRINT last. Allocates nothing.
/// </summary>
public ref struct StunMessageWriter
{
    private const int MaxMessageSize = StunMessage.HeaderSize + 0xFFFC;

    private readonly Span<byte> _buffer;
    private int _length;
    private bool _sealed;

    private StunMessageWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _length = StunMessage.HeaderSize;
        _sealed = false;
        PaddingByte = 0;
    }

    /// <summary>
    /// The byte used to pad attribute values to 4 bytes; 0 by default (RFC 8489 §14). The RFC 5769 vectors use
    /// 0x20, which receivers must accept; set this only to reproduce them.
    /// </summary>
    public byte PaddingByte { get; set; }

    /// <summary>The message length so far, header included.</summary>
    public readonly int Length => _length;

    /// <summary>The message written so far.</summary>
    public readonly ReadOnlySpan<byte> WrittenSpan => _buffer[.._length];

    /// <summary>Starts a message: writes the 20-byte header with an empty body.</summary>
    /// <param name="destination">The buffer to build the message in.</param>
    /// <param name="type">The message type.</param>
    /// <param name="transactionId">The 12-byte transaction id (a response copies the request's).</param>
    /// <param name="writer">The writer.</param>
    /// <returns>False when the buffer is smaller than a header or the transaction id is not 12 bytes.</returns>
    public static bool TryCreate(Span<byte> destination, StunMessageType type, ReadOnlySpan<byte> transactionId,
        out StunMessageWriter writer)
    {
        writer = default;
        if (destination.Length < StunMessage.HeaderSize || transactionId.Length != StunMessage.TransactionIdLength) return false;
        BinaryPrimitives.WriteUInt16BigEndian(destination, type.Value);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], StunMessage.MagicCookie);
        transactionId.CopyTo(destination[8..]);
        writer = new StunMessageWriter(destination);
        return true;
    }

    /// <summary>Adds an attribute with an opaque value (USERNAME, SOFTWARE, USE-CANDIDATE with an empty value, …).</summary>
    /// <param name="type">The attribute type.</param>
    /// <param name="value">The value, padded on the wire to 4 bytes.</param>
    /// <returns>False when it does not fit.</returns>
    public bool TryAddAttribute(ushort type, scoped ReadOnlySpan<byte> value)
    {
        if (!TryBeginAttribute(type, value.Length, out var slot)) return false;
        value.CopyTo(slot);
        CommitAttribute(value.Length);
        return true;
    }

    /// <summary>Adds a 32-bit attribute (PRIORITY).</summary>
    /// <param name="type">The attribute type.</param>
    /// <param name="value">The value.</param>
    /// <returns>False when it does not fit.</returns>
    public bool TryAddUInt32(ushort type, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return TryAddAttribute(type, bytes);
    }

    /// <summary>Adds a 64-bit attribute (ICE-CONTROLLED / ICE-CONTROLLING tie-breaker).</summary>
    /// <param name="type">The attribute type.</param>
    /// <param name="value">The value.</param>
    /// <returns>False when it does not fit.</returns>
    public bool TryAddUInt64(ushort type, ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        return TryAddAttribute(type, bytes);
    }

    /// <summary>Adds XOR-MAPPED-ADDRESS (RFC 8489 §14.2) for <paramref name="endPoint"/>.</summary>
    /// <param name="endPoint">The reflexive transport address (for a response: the request's source).</param>
    /// <returns>False when it does not fit.</returns>
    public bool TryAddXorMappedAddress(IPEndPoint endPoint) =>
        TryAddAddress(StunAttributeType.XorMappedAddress, endPoint, xor: true);

    /// <summary>Adds MAPPED-ADDRESS (RFC 8489 §14.1) for <paramref name="endPoint"/>.</summary>
    /// <param name="endPoint">The address.</param>
    /// <returns>False when it does not fit.</returns>
    public bool TryAddMappedAddress(IPEndPoint endPoint) =>
        TryAddAddress(StunAttributeType.MappedAddress, endPoint, xor: false);

    /// <summary>Adds an address attribute of any type.</summary>
    /// <param name="type">The attribute type.</param>
    /// <param name="endPoint">The address.</param>
    /// <param name="xor">True for the XOR- forms.</param>
    /// <returns>False when it does not fit.</returns>
    public bool TryAddAddress(ushort type, IPEndPoint endPoint, bool xor)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        if (!TryBeginAttribute(type, StunAddress.GetSize(endPoint), out var slot)) return false;
        if (!StunAddress.TryWrite(slot, endPoint, xor, _buffer.Slice(8, StunMessage.TransactionIdLength), out var written)) return false;
        CommitAttribute(written);
        return true;
    }

    /// <summary>Adds ERROR-CODE (RFC 8489 §14.8).</summary>
    /// <param name="code">The code, 300–699.</param>
    /// <param name="reasonUtf8">The reason phrase, UTF-8.</param>
    /// <returns>False when it does not fit or the code is out of range.</returns>
    public bool TryAddErrorCode(int code, scoped ReadOnlySpan<byte> reasonUtf8)
    {
        if (!TryBeginAttribute(StunAttributeType.ErrorCode, StunErrorCode.GetSize(reasonUtf8.Length), out var slot)) return false;
        if (!StunErrorCode.TryWrite(slot, code, reasonUtf8, out var written)) return false;
        CommitAttribute(written);
        return true;
    }

    /// <summary>Adds UNKNOWN-ATTRIBUTES (RFC 8489 §14.13).</summary>
    /// <param name="types">The attribute types not understood.</param>
    /// <returns>False when it does not fit.</returns>
    public bool TryAddUnknownAttributes(scoped ReadOnlySpan<ushort> types)
    {
        if (!TryBeginAttribute(StunAttributeType.UnknownAttributes, types.Length * 2, out var slot)) return false;
        for (var i = 0; i < types.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(slot[(2 * i)..], types[i]);
        }

        CommitAttribute(types.Length * 2);
        return true;
    }

    /// <summary>
    /// Adds MESSAGE-INTEGRITY (RFC 8489 §14.5): HMAC-SHA1 over the message so far, computed with the length field
    /// already counting this attribute.
    /// </summary>
    /// <param name="credential">The credential (for an ICE response: the local password).</param>
    /// <returns>False when it does not fit.</returns>
    public bool TryAddMessageIntegrity(StunCredential credential) => TryAddIntegrity(credential, sha256: false, 20);

    /// <summary>Adds MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6), the full 32-byte HMAC-SHA256.</summary>
    /// <param name="credential">The credential.</param>
    /// <returns>False when it does not fit.</returns>
    public bool TryAddMessageIntegritySha256(StunCredential credential) => TryAddIntegrity(credential, sha256: true, 32);

    /// <summary>Adds FINGERPRINT (RFC 8489 §14.7) and seals the message: nothing can be added after it.</summary>
    /// <returns>False when it does not fit.</returns>
    public bool TryAddFingerprint()
    {
        if (!TryBeginAttribute(StunAttributeType.Fingerprint, 4, out var slot)) return false;
        var start = _length;
        SetHeaderLength(start + StunFingerprint.AttributeSize);
        BinaryPrimitives.WriteUInt32BigEndian(slot, StunFingerprint.Compute(_buffer[..start]));
        CommitAttribute(4);
        _sealed = true;
        return true;
    }

    private bool TryAddIntegrity(StunCredential credential, bool sha256, int macLength)
    {
        ArgumentNullException.ThrowIfNull(credential);
        if (!TryBeginAttribute(sha256 ? StunAttributeType.MessageIntegritySha256 : StunAttributeType.MessageIntegrity,
            macLength, out var slot)) return false;
        var start = _length;
        Span<byte> mac = stackalloc byte[32];
        credential.ComputeIntegrity(sha256, _buffer, start, start + 4 + macLength - StunMessage.HeaderSize, mac);
        mac[..macLength].CopyTo(slot);
        CommitAttribute(macLength);
        return true;
    }

    private readonly bool TryBeginAttribute(ushort type, int valueLength, out Span<byte> valueSlot)
    {
        valueSlot = default;
        var total = 4 + StunMessage.Pad(valueLength);
        if (_sealed || valueLength > 0xFFFF || _length + total > _buffer.Length || _length + total > MaxMessageSize) return false;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[_length..], type);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[(_length + 2)..], (ushort)valueLength);
        valueSlot = _buffer.Slice(_length + 4, valueLength);
        return true;
    }

    private void CommitAttribute(int valueLength)
    {
        var padded = StunMessage.Pad(valueLength);
        _buffer.Slice(_length + 4 + valueLength, padded - valueLength).Fill(PaddingByte);
        _length += 4 + padded;
        SetHeaderLength(_length);
    }

    private readonly void SetHeaderLength(int messageLength) =>
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], (ushort)(messageLength - StunMessage.HeaderSize));
}
