using System.Buffers.Binary;

namespace Gateway.Media.Ice;

/// <summary>
/// Enumerates the attributes of a <see cref="StunMessage"/> in wire order, skipping those that RFC 8489 §14.5 says
/// to ignore: anything after MESSAGE-INTEGRITY except MESSAGE-INTEGRITY-SHA256 and FINGERPRINT, and anything after
/// MESSAGE-INTEGRITY-SHA256 except FINGERPRINT. Use with <c>foreach</c>; allocates nothing.
/// </summary>
public ref struct StunAttributeEnumerator
{
    private readonly ReadOnlySpan<byte> _message;
    private readonly int _ignoreFrom;
    private readonly bool _sha256First;
    private int _next;
    private StunAttributeEntry _current;

    internal StunAttributeEnumerator(ReadOnlySpan<byte> message, int ignoreFrom, bool sha256First)
    {
        _message = message;
        _ignoreFrom = ignoreFrom;
        _sha256First = sha256First;
        _next = StunMessage.HeaderSize;
        _current = default;
    }

    /// <summary>The current attribute.</summary>
    public readonly StunAttributeEntry Current => _current;

    /// <summary>Returns this enumerator (so that <c>foreach</c> works on it).</summary>
    /// <returns>This enumerator.</returns>
    public readonly StunAttributeEnumerator GetEnumerator() => this;

    /// <summary>Moves to the next attribute that is not to be ignored.</summary>
    /// <returns>False at the end of the message.</returns>
    public bool MoveNext()
    {
        // The message was validated by StunMessage.TryRead: every attribute fits.
        while (_next + 4 <= _message.Length)
        {
            var offset = _next;
            var type = BinaryPrimitives.ReadUInt16BigEndian(_message[offset..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(_message[(offset + 2)..]);
            _next = offset + 4 + StunMessage.Pad(length);
            if (offset >= _ignoreFrom && !IsHonouredAfterIntegrity(type)) continue;
            _current = new StunAttributeEntry(type, _message.Slice(offset + 4, length), offset);
            return true;
        }

        return false;
    }

    private readonly bool IsHonouredAfterIntegrity(ushort type) =>
        type == StunAttributeType.Fingerprint || (!_sha256First && type == StunAttributeType.MessageIntegritySha256);
}
