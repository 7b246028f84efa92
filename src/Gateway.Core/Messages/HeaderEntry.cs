namespace Gateway.Core.Messages;

/// <summary>
/// One header field of a message. An original field points into the received bytes (its whole raw extent,
/// continuation lines and line terminator included, plus its trimmed value); a field added or changed in code
/// points into the collection's list of synthesized fields instead. 24 bytes, no references: the array of
/// entries is the only allocation a parse makes besides the message itself.
/// </summary>
internal struct HeaderEntry
{
    /// <summary>Recognised header, or <see cref="SipHeaderId.Unknown"/>.</summary>
    public SipHeaderId Id;

    /// <summary>Offset of the raw field (its name) in the source, or -1 for a synthesized field.</summary>
    public int RawStart;

    /// <summary>Length of the raw field including continuation lines and the final line terminator.</summary>
    public int RawLength;

    /// <summary>Length of the name as written (original fields only).</summary>
    public int NameLength;

    /// <summary>Offset of the trimmed value in the source; for a synthesized field, its index in the synthesized list.</summary>
    public int ValueStart;

    /// <summary>Length of the trimmed value (original fields only).</summary>
    public int ValueLength;

    public readonly bool IsSynthesized => RawStart < 0;
}
