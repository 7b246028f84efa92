using System.Buffers.Binary;

namespace Gateway.Media.Rtp;

/// <summary>
/// A read-only view of an RTP packet's header (RFC 3550 §5.1, header extension §5.3.1) over the received bytes.
/// Nothing is copied; the view is only valid while the buffer is. Static setters rewrite in place the fields a
/// relay changes (SSRC, sequence number, timestamp, payload type, marker).
/// </summary>
/// <remarks>
/// <see cref="TryRead"/> checks the fixed header, the CSRC list and the header extension length. It does not look at
/// the padding, which is encrypted in SRTP; <see cref="TryGetPayloadWithoutPadding"/> does that for plain RTP.
/// </remarks>
public readonly ref struct RtpHeader
{
    /// <summary>Length in bytes of the fixed part of the header (RFC 3550 §5.1).</summary>
    public const int FixedHeaderLength = 12;

    /// <summary>The RTP version this view accepts (RFC 3550 §5.1).</summary>
    public const int RtpVersion = 2;

    private readonly ReadOnlySpan<byte> _packet;

    private RtpHeader(ReadOnlySpan<byte> packet, int headerLength)
    {
        _packet = packet;
        HeaderLength = headerLength;
    }

    /// <summary>The version field (always 2 for a view returned by <see cref="TryRead"/>).</summary>
    public int Version => _packet[0] >> 6;

    /// <summary>The P bit: the packet ends with padding whose count is its last byte.</summary>
    public bool HasPadding => (_packet[0] & 0x20) != 0;

    /// <summary>The X bit: a header extension follows the CSRC list.</summary>
    public bool HasExtension => (_packet[0] & 0x10) != 0;

    /// <summary>The CC field: number of CSRC identifiers (0–15).</summary>
    public int CsrcCount => _packet[0] & 0x0F;

    /// <summary>The M bit.</summary>
    public bool Marker => (_packet[1] & 0x80) != 0;

    /// <summary>The payload type (0–127).</summary>
    public int PayloadType => _packet[1] & 0x7F;

    /// <summary>The 16-bit sequence number.</summary>
    public ushort SequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_packet[2..]);

    /// <summary>The 32-bit timestamp.</summary>
    public uint Timestamp => BinaryPrimitives.ReadUInt32BigEndian(_packet[4..]);

    /// <summary>The synchronisation source identifier.</summary>
    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_packet[8..]);

    /// <summary>Length of the whole header in bytes: fixed part, CSRC list and header extension.</summary>
    public int HeaderLength { get; }

    /// <summary>The raw CSRC list (4 bytes per identifier).</summary>
    public ReadOnlySpan<byte> CsrcBytes => _packet.Slice(FixedHeaderLength, 4 * CsrcCount);

    /// <summary>The 16-bit profile-defined value of the header extension (e.g. 0xBEDE for RFC 8285 one-byte
    /// elements), or 0 when there is no extension.</summary>
    public ushort ExtensionProfile => HasExtension ? BinaryPrimitives.ReadUInt16BigEndian(_packet[(FixedHeaderLength + (4 * CsrcCount))..]) : (ushort)0;

    /// <summary>The header extension's data (without its 4-byte preamble); empty when there is none.</summary>
    public ReadOnlySpan<byte> ExtensionData
    {
        get
        {
            if (!HasExtension) return default;
            var start = FixedHeaderLength + (4 * CsrcCount) + 4;
            return _packet[start..HeaderLength];
        }
    }

    /// <summary>Everything after the header, padding included.</summary>
    public ReadOnlySpan<byte> Payload => _packet[HeaderLength..];

    /// <summary>Gets the CSRC identifier at <paramref name="index"/>.</summary>
    /// <param name="index">0 to <see cref="CsrcCount"/> − 1.</param>
    /// <returns>The identifier.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the CSRC list.</exception>
    public uint GetCsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, CsrcCount);
        return BinaryPrimitives.ReadUInt32BigEndian(_packet[(FixedHeaderLength + (4 * index))..]);
    }

    /// <summary>
    /// Gets the payload without the padding (RFC 3550 §5.1: the last byte counts the padding bytes, itself included).
    /// </summary>
    /// <param name="payload">The payload, or empty when the padding is invalid.</param>
    /// <returns><see langword="false"/> when the P bit is set and the padding count is 0 or longer than the payload.</returns>
    public bool TryGetPayloadWithoutPadding(out ReadOnlySpan<byte> payload)
    {
        var body = Payload;
        if (!HasPadding)
        {
            payload = body;
            return true;
        }

        if (body.IsEmpty || body[^1] == 0 || body[^1] > body.Length)
        {
            payload = default;
            return false;
        }

        payload = body[..^body[^1]];
        return true;
    }

    /// <summary>Reads the header of an RTP packet.</summary>
    /// <param name="packet">The whole packet.</param>
    /// <param name="header">The view, valid when the method returns <see langword="true"/>.</param>
    /// <param name="headerLength">Length of the header (fixed part, CSRCs, extension), 0 on failure.</param>
    /// <returns><see langword="false"/> when the packet is shorter than its header says or is not version 2.</returns>
    public static bool TryRead(ReadOnlySpan<byte> packet, out RtpHeader header, out int headerLength)
    {
        if (!TryGetHeaderLength(packet, out headerLength))
        {
            header = default;
            return false;
        }

        header = new RtpHeader(packet, headerLength);
        return true;
    }

    /// <summary>Computes the header length of an RTP packet without building a view.</summary>
    /// <param name="packet">The whole packet.</param>
    /// <param name="headerLength">Fixed header + CSRC list + extension, 0 on failure.</param>
    /// <returns><see langword="false"/> when the packet is truncated or not version 2.</returns>
    public static bool TryGetHeaderLength(ReadOnlySpan<byte> packet, out int headerLength)
    {
        headerLength = 0;
        if (packet.Length < FixedHeaderLength || (packet[0] >> 6) != RtpVersion) return false;
        var length = FixedHeaderLength + (4 * (packet[0] & 0x0F));
        if ((packet[0] & 0x10) != 0)
        {
            // RFC 3550 §5.3.1: 16-bit profile value, 16-bit length in 32-bit words, then the data.
            if (packet.Length < length + 4) return false;
            length += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(length + 2)..]));
        }

        if (packet.Length < length) return false;
        headerLength = length;
        return true;
    }

    /// <summary>Writes a fixed 12-byte header with no padding, extension or CSRCs.</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="marker">The M bit.</param>
    /// <param name="payloadType">Payload type, 0–127.</param>
    /// <param name="sequenceNumber">Sequence number.</param>
    /// <param name="timestamp">Timestamp.</param>
    /// <param name="ssrc">SSRC.</param>
    /// <param name="written">12 on success, 0 otherwise.</param>
    /// <returns><see langword="false"/> when the destination is too small or the payload type is out of range.</returns>
    public static bool TryWrite(Span<byte> destination, bool marker, int payloadType, ushort sequenceNumber, uint timestamp, uint ssrc, out int written)
    {
        written = 0;
        if (destination.Length < FixedHeaderLength || (uint)payloadType > 127) return false;
        destination[0] = RtpVersion << 6;
        destination[1] = (byte)((marker ? 0x80 : 0) | payloadType);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ssrc);
        written = FixedHeaderLength;
        return true;
    }

    /// <summary>Rewrites the SSRC of the RTP packet in <paramref name="packet"/>.</summary>
    /// <param name="packet">The packet (at least 12 bytes).</param>
    /// <param name="ssrc">The new SSRC.</param>
    /// <returns><see langword="false"/> when the packet is shorter than the fixed header.</returns>
    public static bool TrySetSsrc(Span<byte> packet, uint ssrc) => packet.Length >= FixedHeaderLength && BinaryPrimitives.TryWriteUInt32BigEndian(packet[8..], ssrc);

    /// <summary>Rewrites the sequence number of the RTP packet in <paramref name="packet"/>.</summary>
    /// <param name="packet">The packet (at least 12 bytes).</param>
    /// <param name="sequenceNumber">The new sequence number.</param>
    /// <returns><see langword="false"/> when the packet is shorter than the fixed header.</returns>
    public static bool TrySetSequenceNumber(Span<byte> packet, ushort sequenceNumber) => packet.Length >= FixedHeaderLength && BinaryPrimitives.TryWriteUInt16BigEndian(packet[2..], sequenceNumber);

    /// <summary>Rewrites the timestamp of the RTP packet in <paramref name="packet"/>.</summary>
    /// <param name="packet">The packet (at least 12 bytes).</param>
    /// <param name="timestamp">The new timestamp.</param>
    /// <returns><see langword="false"/> when the packet is shorter than the fixed header.</returns>
    public static bool TrySetTimestamp(Span<byte> packet, uint timestamp) => packet.Length >= FixedHeaderLength && BinaryPrimitives.TryWriteUInt32BigEndian(packet[4..], timestamp);

    /// <summary>Rewrites the payload type, keeping the marker bit.</summary>
    /// <param name="packet">The packet (at least 12 bytes).</param>
    /// <param name="payloadType">The new payload type, 0–127.</param>
    /// <returns><see langword="false"/> when the packet is too short or the payload type is out of range.</returns>
    public static bool TrySetPayloadType(Span<byte> packet, int payloadType)
    {
        if (packet.Length < FixedHeaderLength || (uint)payloadType > 127) return false;
        packet[1] = (byte)((packet[1] & 0x80) | payloadType);
        return true;
    }

    /// <summary>Sets or clears the marker bit, keeping the payload type.</summary>
    /// <param name="packet">The packet (at least 12 bytes).</param>
    /// <param name="marker">The new M bit.</param>
    /// <returns><see langword="false"/> when the packet is shorter than the fixed header.</returns>
    public static bool TrySetMarker(Span<byte> packet, bool marker)
    {
        if (packet.Length < FixedHeaderLength) return false;
        packet[1] = (byte)((packet[1] & 0x7F) | (marker ? 0x80 : 0));
        return true;
    }
}
