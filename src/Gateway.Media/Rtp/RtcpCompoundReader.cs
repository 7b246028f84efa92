namespace Gateway.Media.Rtp;

/// <summary>
/// Walks the packets of a compound RTCP packet (RFC 3550 §6.1) without copying: each call to <see cref="TryReadNext"/>
/// yields one packet's header and bytes. Lengths that overrun the input, a version other than 2, and padding on a
/// packet that is not the last one (RFC 3550 §6.4.1) end the walk with <see cref="IsMalformed"/> set.
/// </summary>
/// <remarks>The first packet is not required to be an SR or RR, so reduced-size RTCP (RFC 5506) reads too.</remarks>
public ref struct RtcpCompoundReader
{
    private readonly ReadOnlySpan<byte> _compound;
    private int _offset;

    /// <summary>Starts a walk over <paramref name="compound"/>.</summary>
    /// <param name="compound">The RTCP payload of a datagram (decrypted first, for SRTCP).</param>
    public RtcpCompoundReader(ReadOnlySpan<byte> compound)
    {
        _compound = compound;
        _offset = 0;
        IsMalformed = false;
        PacketCount = 0;
    }

    /// <summary>True once a malformed packet was met; the walk stops there.</summary>
    public bool IsMalformed { get; private set; }

    /// <summary>True when every byte was read as well-formed packets.</summary>
    public readonly bool IsComplete => !IsMalformed && _offset == _compound.Length;

    /// <summary>Number of packets read so far.</summary>
    public int PacketCount { get; private set; }

    /// <summary>Reads the next packet.</summary>
    /// <param name="header">Its header.</param>
    /// <param name="packet">Its bytes, header included.</param>
    /// <returns><see langword="false"/> at the end of the input or on a malformed packet (see <see cref="IsMalformed"/>).</returns>
    public bool TryReadNext(out RtcpHeader header, out ReadOnlySpan<byte> packet)
    {
        packet = default;
        header = default;
        if (IsMalformed || _offset >= _compound.Length) return false;
        var rest = _compound[_offset..];
        if (!RtcpHeader.TryRead(rest, out header, out var consumed) || (header.HasPadding && consumed != rest.Length))
        {
            IsMalformed = true;
            header = default;
            return false;
        }

        packet = rest[..consumed];
        _offset += consumed;
        PacketCount++;
        return true;
    }

    /// <summary>Checks a whole compound packet: at least one packet, all well-formed, and no trailing bytes.</summary>
    /// <param name="compound">The compound packet.</param>
    /// <param name="packetCount">The number of packets, 0 when invalid.</param>
    /// <returns><see langword="true"/> when the compound is well-formed.</returns>
    public static bool TryValidate(ReadOnlySpan<byte> compound, out int packetCount)
    {
        var reader = new RtcpCompoundReader(compound);
        while (reader.TryReadNext(out _, out _))
        {
        }

        packetCount = reader.IsComplete && reader.PacketCount > 0 ? reader.PacketCount : 0;
        return packetCount > 0;
    }
}
