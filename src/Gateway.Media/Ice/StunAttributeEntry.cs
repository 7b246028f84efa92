namespace Gateway.Media.Ice;

/// <summary>One attribute of a <see cref="StunMessage"/>: its type and its value (without padding).</summary>
public readonly ref struct StunAttributeEntry
{
    internal StunAttributeEntry(ushort type, ReadOnlySpan<byte> value, int offset)
    {
        Type = type;
        Value = value;
        Offset = offset;
    }

    /// <summary>The attribute type (see <see cref="StunAttributeType"/>).</summary>
    public ushort Type { get; }

    /// <summary>The value bytes, without the padding to a 4-byte boundary.</summary>
    public ReadOnlySpan<byte> Value { get; }

    /// <summary>Where the attribute's 4-byte header starts, counted from the first byte of the message.</summary>
    public int Offset { get; }

    /// <summary>True when the type is comprehension-required (below 0x8000).</summary>
    public bool IsComprehensionRequired => StunAttributeType.IsComprehensionRequired(Type);
}
