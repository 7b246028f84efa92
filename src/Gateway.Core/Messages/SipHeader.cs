namespace Gateway.Core.Messages;

/// <summary>
/// A view of one header field of a message. <see cref="Name"/> and <see cref="Value"/> are materialised on each
/// access; use <see cref="Id"/> to test the kind of header without allocating.
/// </summary>
public readonly struct SipHeader
{
    private readonly SipHeaderCollection _owner;
    private readonly int _index;

    internal SipHeader(SipHeaderCollection owner, int index)
    {
        _owner = owner;
        _index = index;
    }

    /// <summary>The recognised header kind, or <see cref="SipHeaderId.Unknown"/>.</summary>
    public SipHeaderId Id => _owner.GetId(_index);

    /// <summary>The name as written on the wire (compact forms stay compact).</summary>
    public string Name => _owner.GetName(_index);

    /// <summary>The value with surrounding whitespace removed and folded lines joined by single spaces.</summary>
    public string Value => _owner.GetValue(_index);

    /// <inheritdoc />
    public override string ToString() => Name + ": " + Value;
}
