using System.Numerics;
using Gateway.Core.Syntax;

namespace Gateway.Core.Headers;

/// <summary>
/// Small scanning helpers shared by the header value parsers: linear whitespace (RFC 3261 §25.1
/// <c>LWS = [*WSP CRLF] 1*WSP</c>, so a CRLF counts only when SP or HT follows it), digits, tokens and hosts.
/// Every method works on spans and never throws for any input.
/// </summary>
internal static class HeaderSyntax
{
    /// <summary>The largest CSeq number (RFC 3261 §8.1.1.5: less than 2**31).</summary>
    public const uint MaxCSeq = int.MaxValue;

    /// <summary>True for SP or HT.</summary>
    public static bool IsWsp<T>(T c)
        where T : unmanaged, IBinaryInteger<T>
    {
        var v = int.CreateTruncating(c);
        return v == ' ' || v == '\t';
    }

    /// <summary>Skips linear whitespace (SP, HT and folded line breaks) starting at <paramref name="i"/>.</summary>
    public static int SkipLws<T>(ReadOnlySpan<T> s, int i)
        where T : unmanaged, IBinaryInteger<T>
    {
        while (i < s.Length)
        {
            var c = int.CreateTruncating(s[i]);
            if (c == ' ' || c == '\t')
            {
                i++;
            }
            else if (c == '\r' && i + 2 < s.Length && int.CreateTruncating(s[i + 1]) == '\n' && IsWsp(s[i + 2]))
            {
                i += 3;
            }
            else
            {
                break;
            }
        }

        return i;
    }

    /// <summary>
    /// True when every CR or LF in <paramref name="s"/> belongs to a fold (CRLF followed by SP or HT), so that
    /// scanners which treat CR and LF as plain whitespace cannot accept a bare line break.
    /// </summary>
    public static bool HasOnlyFoldedLineBreaks(ReadOnlySpan<char> s)
    {
        var i = s.IndexOfAny('\r', '\n');
        while (i >= 0)
        {
            if (s[i] != '\r' || i + 2 >= s.Length || s[i + 1] != '\n' || !IsWsp(s[i + 2])) return false;
            i += 3;
            var next = s[i..].IndexOfAny('\r', '\n');
            if (next < 0) return true;
            i += next;
        }

        return true;
    }

    /// <summary>Removes linear whitespace (including folding) from both ends.</summary>
    public static ReadOnlySpan<T> TrimLws<T>(ReadOnlySpan<T> s)
        where T : unmanaged, IBinaryInteger<T>
    {
        var start = SkipLws(s, 0);
        var end = s.Length;
        while (true)
        {
            var e = end;
            while (e > start && IsWsp(s[e - 1])) e--;
            if (e < end && e - 2 >= start && int.CreateTruncating(s[e - 2]) == '\r' && int.CreateTruncating(s[e - 1]) == '\n')
            {
                end = e - 2;
                continue;
            }

            end = e;
            break;
        }

        return s[start..end];
    }

    /// <summary>
    /// Parses <c>1*DIGIT</c> filling the whole span (leading zeros allowed) whose value is at most
    /// <paramref name="max"/>. Any number of leading zeros is accepted without overflow.
    /// </summary>
    public static bool TryParseDigits<T>(ReadOnlySpan<T> s, ulong max, out ulong value)
        where T : unmanaged, IBinaryInteger<T>
    {
        value = 0;
        if (s.IsEmpty) return false;
        ulong v = 0;
        foreach (var t in s)
        {
            var d = int.CreateTruncating(t) - '0';
            if ((uint)d > 9) return false;
            if (v > (max - (ulong)d) / 10) return false;
            v = (v * 10) + (ulong)d;
        }

        value = v;
        return true;
    }

    /// <summary>Index just past the token starting at <paramref name="i"/> (equal to <paramref name="i"/> when none).</summary>
    public static int ScanToken(ReadOnlySpan<char> s, int i)
    {
        while (i < s.Length && SipCharacters.IsToken(s[i])) i++;
        return i;
    }

    /// <summary>True for a port number: <c>1*DIGIT</c> with a value of at most 65535.</summary>
    public static bool TryParsePort(ReadOnlySpan<char> s, out int port)
    {
        port = 0;
        if (s.Length > 10 || !TryParseDigits(s, 65535, out var v)) return false;
        port = (int)v;
        return true;
    }

    /// <summary>True when <paramref name="s"/> is a hostname, an IPv4 address or an IPv6 reference (bracketed).</summary>
    public static bool IsHost(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty) return false;
        if (s[0] == '[') return s.Length > 2 && s[^1] == ']' && IsIPv6(s[1..^1]);
        return IsIPv4(s) || IsHostname(s);
    }

    /// <summary>True for an IPv4, IPv6 or bracketed IPv6 address (RFC 3261 received, RFC 5118 §4.5).</summary>
    public static bool IsIPAddress(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty) return false;
        if (s[0] == '[') return s.Length > 2 && s[^1] == ']' && IsIPv6(s[1..^1]);
        return IsIPv4(s) || IsIPv6(s);
    }

    /// <summary>
    /// hostname = *( domainlabel "." ) toplabel [ "." ]; labels are alphanumerics with inner hyphens and the
    /// top label starts with a letter (RFC 3261 §25.1).
    /// </summary>
    public static bool IsHostname(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty) return false;
        if (s[^1] == '.') s = s[..^1];
        if (s.IsEmpty) return false;
        var lastLabelStart = 0;
        var labelStart = 0;
        for (var i = 0; i <= s.Length; i++)
        {
            if (i == s.Length || s[i] == '.')
            {
                if (i == labelStart) return false;
                if (!SipCharacters.IsAlphaNumeric(s[labelStart]) || !SipCharacters.IsAlphaNumeric(s[i - 1])) return false;
                lastLabelStart = labelStart;
                labelStart = i + 1;
            }
            else if (!SipCharacters.IsAlphaNumeric(s[i]) && s[i] != '-')
            {
                return false;
            }
        }

        return SipCharacters.IsAlpha(s[lastLabelStart]);
    }

    /// <summary>IPv4address = 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT, each at most 255.</summary>
    public static bool IsIPv4(ReadOnlySpan<char> s)
    {
        var parts = 0;
        var i = 0;
        while (true)
        {
            var start = i;
            while (i < s.Length && SipCharacters.IsDigit(s[i])) i++;
            var length = i - start;
            if (length is < 1 or > 3 || !TryParseDigits(s[start..i], 255, out _)) return false;
            parts++;
            if (parts == 4) return i == s.Length;
            if (i >= s.Length || s[i] != '.') return false;
            i++;
        }
    }

    /// <summary>
    /// IPv6address of RFC 3261 §25.1 / RFC 5118: hex4 groups separated by ':', at most one "::", an optional
    /// trailing IPv4 address counting as two groups, eight groups in all unless "::" stands for the rest.
    /// </summary>
    public static bool IsIPv6(ReadOnlySpan<char> s)
    {
        if (s.Length < 2) return false;
        var groups = 0;
        var sawDoubleColon = false;
        var i = 0;
        if (s[0] == ':')
        {
            if (s[1] != ':') return false;
            sawDoubleColon = true;
            i = 2;
            if (i == s.Length) return true;
        }

        while (true)
        {
            var start = i;
            while (i < s.Length && SipCharacters.IsHex(s[i])) i++;
            if (i < s.Length && s[i] == '.')
            {
                // Trailing IPv4 part: re-scan the group as the start of an IPv4 address.
                if (!IsIPv4(s[start..])) return false;
                groups += 2;
                break;
            }

            var length = i - start;
            if (length is < 1 or > 4) return false;
            groups++;
            if (i == s.Length) break;
            if (s[i] != ':') return false;
            i++;
            if (i < s.Length && s[i] == ':')
            {
                if (sawDoubleColon) return false;
                sawDoubleColon = true;
                i++;
                if (i == s.Length) break;
            }
            else if (i == s.Length)
            {
                return false;
            }
        }

        return sawDoubleColon ? groups <= 7 : groups == 8;
    }

    /// <summary>True when the value is a quoted-string that spans the whole of <paramref name="s"/>.</summary>
    public static bool IsQuotedString(ReadOnlySpan<char> s) =>
        s.Length >= 2 && s[0] == '"' && SipQuoting.SkipQuoted(s, 0) == s.Length;
}
