namespace Gateway.Core.Syntax;

/// <summary>
/// Parses header parameters: <c>*( SEMI generic-param )</c> with generic-param = token [ EQUAL gen-value ] and
/// gen-value = token / host / quoted-string (RFC 3261 §25.1). Linear whitespace around ; and = is allowed.
/// </summary>
internal static class HeaderParameterParser
{
    /// <summary>
    /// Parses parameters starting at <paramref name="pos"/> (at a ';' or whitespace before it). Stops before the
    /// first character that cannot continue the list (a ',' or the end), leaving <paramref name="pos"/> there.
    /// Returns false when a parameter is malformed (empty name, bad value, unterminated quote).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> s, ref int pos, SipParameters into)
    {
        var i = pos;
        while (true)
        {
            var j = SkipWhitespace(s, i);
            if (j >= s.Length || s[j] != ';')
            {
                pos = i;
                return true;
            }

            j = SkipWhitespace(s, j + 1);
            var nameStart = j;
            while (j < s.Length && SipCharacters.IsToken(s[j])) j++;
            if (j == nameStart) return false;
            var name = s[nameStart..j].ToString();
            var k = SkipWhitespace(s, j);
            if (k < s.Length && s[k] == '=')
            {
                k = SkipWhitespace(s, k + 1);
                if (k >= s.Length) return false;
                int valueEnd;
                if (s[k] == '"')
                {
                    valueEnd = SipQuoting.SkipQuoted(s, k);
                    if (valueEnd < 0) return false;
                }
                else
                {
                    valueEnd = k;
                    while (valueEnd < s.Length && IsValueChar(s[valueEnd])) valueEnd++;
                    if (valueEnd == k) return false;
                }

                into.AddParsed(name, s[k..valueEnd].ToString());
                i = valueEnd;
            }
            else
            {
                into.AddParsed(name, null);
                i = j;
            }
        }
    }

    // token / host: host adds ':' and the brackets of an IPv6 reference (RFC 5118 §4.5 allows both forms).
    private static bool IsValueChar(char c) => SipCharacters.IsToken(c) || c is ':' or '[' or ']';

    internal static int SkipWhitespace(ReadOnlySpan<char> s, int i)
    {
        while (i < s.Length && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) i++;
        return i;
    }
}
