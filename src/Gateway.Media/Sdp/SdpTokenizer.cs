namespace Gateway.Media.Sdp;

/// <summary>
/// Splits a field list such as an <c>o=</c>, <c>c=</c> or <c>m=</c> value into its space-separated tokens.
/// RFC 8866 separates fields with exactly one SP; for robustness runs of spaces and tabs are accepted too
/// (the exact input text is kept elsewhere, so tolerance costs no fidelity).
/// </summary>
internal ref struct SdpTokenizer
{
    private ReadOnlySpan<char> _rest;

    public SdpTokenizer(ReadOnlySpan<char> text) => _rest = text;

    /// <summary>The unread text, starting at the next token (leading separators skipped).</summary>
    public ReadOnlySpan<char> Rest => _rest.TrimStart(Separators);

    private static ReadOnlySpan<char> Separators => " \t";

    /// <summary>Reads the next token; false when none is left.</summary>
    public bool Next(out ReadOnlySpan<char> token)
    {
        _rest = _rest.TrimStart(Separators);
        if (_rest.IsEmpty)
        {
            token = default;
            return false;
        }

        var end = _rest.IndexOfAny(Separators);
        if (end < 0)
        {
            token = _rest;
            _rest = default;
        }
        else
        {
            token = _rest[..end];
            _rest = _rest[end..];
        }

        return true;
    }
}
