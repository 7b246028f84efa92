namespace Gateway.Core.Headers;

/// <summary>
/// Contact helpers that do not need a name-addr parser. The Contact bindings themselves are parsed by
/// <c>Gateway.Core.Uris.SipNameAddress</c>.
/// </summary>
public static class SipContact
{
    /// <summary>
    /// True when the Contact value is the wildcard <c>*</c> (RFC 3261 §20.10, §10.2.2: "remove all bindings"),
    /// allowing surrounding linear whitespace and folding. Never throws.
    /// </summary>
    /// <param name="contactValue">The Contact header field value.</param>
    public static bool IsWildcard(ReadOnlySpan<char> contactValue)
    {
        var s = HeaderSyntax.TrimLws(contactValue);
        return s.Length == 1 && s[0] == '*';
    }
}
