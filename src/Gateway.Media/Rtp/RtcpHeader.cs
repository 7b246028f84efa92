using System.Buffers.Binary;

namespace Gateway.Media.Rtp;

/// <summary>
/// The common header of one RTCP packet (RFC 3550 §6.4.1) and the SSRC that follows it: version, padding, the
/// 5-bit count field (reception report count, feedback FMT or APP subtype), packet type and length.
/// </summary>
public readonly struct RtcpHeader
{
    /// <summary>Length in bytes of the common header (without the SSRC).</summary>
    public const int CommonHeaderLength = 4;

    /// <summary>Creates a header.</summary>
    /// <param name="packetType">PT, 0–255 (RTCP uses 192–223).</param>
    /// <param name="count">The 5-bit count/FMT/subtype field, 0–31.</param>
    /// <param name="lengthInWords">The length field: packet length in 32-bit words minus one.</param>
    /// <param name="ssrc">The SSRC following the header (ignored when <paramref name="lengthInWords"/> is 0).</param>
    /// <param name="hasPadding">The P bit.</param>
    public RtcpHeader(byte packetType, int count, ushort lengthInWords, uint ssrc, bool hasPadding = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 31);
        PacketType = packetType;
        Count = count;
        LengthInWords = lengthInWords;
        Ssrc = lengthInWords == 0 ? 0 : ssrc;
        HasPadding = hasPadding;
    }

    /// <summary>The P bit: this packet ends with padding (only the last packet of a compound may have it).</summary>
    public bool HasPadding { get; }

    /// <summary>The 5-bit field after P: RC for SR/RR, SC for SDES/BYE, FMT for feedback, subtype for APP.</summary>
    public int Count { get; }

    /// <summary>The packet type (PT).</summary>
    public byte PacketType { get; }

    /// <summary>The packet type as the known enumeration (other values are possible; compare with care).</summary>
    public RtcpPacketType KnownType => (RtcpPacketType)PacketType;

    /// <summary>The length field: this packet's length in 32-bit words minus one.</summary>
    public ushort LengthInWords { get; }

    /// <summary>This packet's length in bytes, header included.</summary>
    public int PacketLength => (LengthInWords + 1) * 4;

    /// <summary>True when the packet is long enough to carry the SSRC after the header.</summary>
    public bool HasSsrc => LengthInWords >= 1;

    /// <summary>The SSRC of the sender (packet sender for SR/RR/feedback/APP/XR; first source for SDES/BYE);
    /// meaningful only when <see cref="HasSsrc"/>.</summary>
    public uint Ssrc { get; }

    /// <summary>Reads the header of the RTCP packet at the start of <paramref name="source"/>.</summary>
    /// <param name="source">The bytes of a (possibly compound) RTCP packet.</param>
    /// <param name="header">The header read.</param>
    /// <param name="consumed">This packet's length in bytes (<see cref="PacketLength"/>), 0 on failure.</param>
    /// <returns><see langword="false"/> when the version is not 2 or the length field overruns the input.</returns>
    public static bool TryRead(ReadOnlySpan<byte> source, out RtcpHeader header, out int consumed)
    {
        header = default;
        consumed = 0;
        if (source.Length < CommonHeaderLength || (source[0] >> 6) != 2) return false;
        var words = BinaryPrimitives.ReadUInt16BigEndian(source[2..]);
        var length = (words + 1) * 4;
        if (length > source.Length) return false;
        var ssrc = words >= 1 ? BinaryPrimitives.ReadUInt32BigEndian(source[4..]) : 0u;
        header = new RtcpHeader(source[1], source[0] & 0x1F, words, ssrc, (source[0] & 0x20) != 0);
        consumed = length;
        return true;
    }

    /// <summary>The number of bytes <see cref="TryWrite"/> writes: 4, plus 4 for the SSRC when <see cref="HasSsrc"/>.</summary>
    /// <returns>4 or 8.</returns>
    public int GetSize() => HasSsrc ? CommonHeaderLength + 4 : CommonHeaderLength;

    /// <summary>Writes the common header, and the SSRC when <see cref="HasSsrc"/>.</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="written">Bytes written, 0 on failure.</param>
    /// <returns><see langword="false"/> when the destination is too small.</returns>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        var size = GetSize();
        if (destination.Length < size) return false;
        destination[0] = (byte)(0x80 | (HasPadding ? 0x20 : 0) | Count);
        destination[1] = PacketType;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], LengthInWords);
        if (HasSsrc) BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Ssrc);
        written = size;
        return true;
    }
}
