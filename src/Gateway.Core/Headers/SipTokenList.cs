using Gateway.Core.Syntax;

namespace Gateway.Core.Headers;

/// <summary>
/// Comma-separated token lists: Allow (methods), Supported, Require, Proxy-Require and Unsupported (option
/// tags) and similar headers (RFC 3261 §20.5, §20.32, §20.29, §20.37, §20.40): <c>[token *(COMMA token)]</c>
/// with linear whitespace (folding included) around the commas.
/// </summary>
/// <remarks>
/// Tokens are compared case-sensitively by default: methods are case-sensitive (RFC 3261 §7.1) and option
/// tags are matched exactly as registered (<c>100rel</c>, <c>timer</c>), so <c>Timer</c> does not match
/// <c>timer</c>. Callers that want a looser match can pass <see cref="StringComparison.OrdinalIgnoreCase"/>.
/// </remarks>
public static class SipTokenList
{
    /// <summary>
    /// Parses a token list and appends each token to <paramref name="into"/>. An empty (or all-whitespace)
    /// value is a valid empty list (Allow and Supported may be empty). Returns false (never throws) on a
    /// non-token element, an empty element (<c>a,,b</c>) or a trailing comma; <paramref name="into"/> is then
    /// left as it was.
    /// </summary>
    /// <param name="value">The header field value.</param>
    /// <param name="into">Receives the tokens in order.</param>
    public static bool TryParse(ReadOnlySpan<char> value, List<string> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        var initialCount = into.Count;
        var s = HeaderSyntax.TrimLws(value);
        if (s.IsEmpty) return true;
        var i = 0;
        while (true)
        {
            var end = HeaderSyntax.ScanToken(s, i);
            if (end == i)
            {
                into.RemoveRange(initialCount, into.Count - initialCount);
                return false;
            }

            into.Add(s[i..end].ToString());
            i = HeaderSyntax.SkipLws(s, end);
            if (i == s.Length) return true;
            if (s[i] != ',')
            {
                into.RemoveRange(initialCount, into.Count - initialCount);
                return false;
            }

            i = HeaderSyntax.SkipLws(s, i + 1);
        }
    }

    /// <summary>
    /// True when <paramref name="token"/> is one of the comma-separated elements of <paramref name="value"/>,
    /// compared case-sensitively (ordinal). Does not allocate and does not validate the rest of the list.
    /// </summary>
    /// <param name="value">The header field value.</param>
    /// <param name="token">The token to look for.</param>
    public static bool Contains(ReadOnlySpan<char> value, string token) => Contains(value, token, StringComparison.Ordinal);

    /// <summary>
    /// True when <paramref name="token"/> is one of the comma-separated elements of <paramref name="value"/>
    /// under <paramref name="comparison"/>. Does not allocate and does not validate the rest of the list.
    /// </summary>
    /// <param name="value">The header field value.</param>
    /// <param name="token">The token to look for.</param>
    /// <param name="comparison">How to compare the elements with <paramref name="token"/>.</param>
    public static bool Contains(ReadOnlySpan<char> value, string token, StringComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!SipCharacters.IsToken(token.AsSpan())) return false;
        var rest = value;
        while (true)
        {
            var comma = rest.IndexOf(',');
            var element = comma < 0 ? rest : rest[..comma];
            if (HeaderSyntax.TrimLws(element).Equals(token.AsSpan(), comparison)) return true;
            if (comma < 0) return false;
            rest = rest[(comma + 1)..];
        }
    }
}
