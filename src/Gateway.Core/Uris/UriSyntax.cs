using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using Gateway.Core.Syntax;

namespace Gateway.Core.Uris;

/// <summary>Low-level helpers shared by the SIP/TEL URI parser, serialiser and comparer.</summary>
internal static class UriSyntax
{
    /// <summary>The "reserved" set of RFC 2396 §2.2; an escaped reserved character is not equal to its literal form.</summary>
    public static bool IsReserved(int c) => c is ';' or '/' or '?' or ':' or '@' or '&' or '=' or '+' or '$' or ',';

    /// <summary>RFC 3966 visual-separator.</summary>
    public static bool IsVisualSeparator(int c) => c is '-' or '.' or '(' or ')';

    /// <summary>True when the character may appear unescaped in a run of <paramref name="kind"/>.</summary>
    public static bool IsAllowed(int c, UriCharClass kind) => kind switch
    {
        UriCharClass.User => SipCharacters.IsUserChar(c),
        UriCharClass.Password => SipCharacters.IsPasswordChar(c),
        UriCharClass.Param => SipCharacters.IsParamChar(c),
        UriCharClass.Header => SipCharacters.IsHeaderChar(c),
        _ => SipCharacters.IsHex(c) || IsVisualSeparator(c) || c is '*' or '#' or '+',
    };

    /// <summary>True when a valid <c>"%" HEXDIG HEXDIG</c> escape starts at <paramref name="i"/>.</summary>
    public static bool IsEscapeAt(ReadOnlySpan<char> s, int i) =>
        i + 2 < s.Length && s[i] == '%' && SipCharacters.IsHex(s[i + 1]) && SipCharacters.IsHex(s[i + 2]);

    /// <summary>
    /// Advances <paramref name="i"/> over characters of <paramref name="kind"/> and valid escapes. Returns false when
    /// a '%' is not followed by two hex digits; otherwise stops at the first character outside the class.
    /// </summary>
    public static bool Scan(ReadOnlySpan<char> s, ref int i, UriCharClass kind)
    {
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '%')
            {
                if (!IsEscapeAt(s, i)) return false;
                i += 3;
            }
            else if (IsAllowed(c, kind))
            {
                i++;
            }
            else
            {
                return true;
            }
        }

        return true;
    }

    /// <summary>True when the whole span is characters of <paramref name="kind"/> and valid escapes.</summary>
    public static bool IsValid(ReadOnlySpan<char> s, UriCharClass kind)
    {
        var i = 0;
        return Scan(s, ref i, kind) && i == s.Length;
    }

    /// <summary>
    /// Resolves every %-escape. The resulting octets are read as UTF-8 when they form valid UTF-8 and as
    /// ISO-8859-1 otherwise, so no escape is ever lost (<c>%00</c> yields a NUL character).
    /// </summary>
    public static string Unescape(ReadOnlySpan<char> s)
    {
        if (s.IndexOf('%') < 0) return s.ToString();
        var rented = ArrayPool<byte>.Shared.Rent(s.Length);
        try
        {
            var n = 0;
            var ascii = true;
            for (var i = 0; i < s.Length; i++)
            {
                var c = s[i];
                if (c == '%' && IsEscapeAt(s, i))
                {
                    rented[n++] = (byte)((SipCharacters.HexValue(s[i + 1]) << 4) | SipCharacters.HexValue(s[i + 2]));
                    i += 2;
                }
                else
                {
                    if (c > 0xFF) ascii = false;
                    rented[n++] = (byte)c;
                }
            }

            var bytes = rented.AsSpan(0, n);
            if (!ascii) return UnescapeLatin1(s);
            return System.Text.Unicode.Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : Encoding.Latin1.GetString(bytes);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    // Fallback for text that already holds characters above U+00FF next to escapes: map each escape to one char.
    private static string UnescapeLatin1(ReadOnlySpan<char> s)
    {
        var builder = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '%' && IsEscapeAt(s, i))
            {
                builder.Append((char)((SipCharacters.HexValue(s[i + 1]) << 4) | SipCharacters.HexValue(s[i + 2])));
                i += 2;
            }
            else
            {
                builder.Append(s[i]);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// The comparison form of RFC 3261 §19.1.4: escapes of unreserved characters are resolved, escapes of reserved
    /// characters (and of '%' itself) are kept, with upper-case hex, so that <c>%61</c> equals <c>a</c> but
    /// <c>%3B</c> does not equal <c>;</c>.
    /// </summary>
    public static string Canonical(ReadOnlySpan<char> s)
    {
        if (s.IndexOf('%') < 0) return s.ToString();
        var builder = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '%' && IsEscapeAt(s, i))
            {
                var value = (SipCharacters.HexValue(s[i + 1]) << 4) | SipCharacters.HexValue(s[i + 2]);
                if (IsReserved(value) || value == '%')
                {
                    AppendEscape(builder, value);
                }
                else
                {
                    builder.Append((char)value);
                }

                i += 2;
            }
            else
            {
                builder.Append(s[i]);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Escapes <paramref name="value"/> for a run of <paramref name="kind"/>: characters allowed there stay as they are,
    /// everything else (including '%') becomes %-escaped UTF-8.
    /// </summary>
    public static string Escape(string value, UriCharClass kind)
    {
        var clean = true;
        foreach (var c in value)
        {
            if (!IsAllowed(c, kind))
            {
                clean = false;
                break;
            }
        }

        if (clean) return value;
        var builder = new StringBuilder(value.Length + 8);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.IsAscii && IsAllowed(rune.Value, kind))
            {
                builder.Append((char)rune.Value);
                continue;
            }

            var n = rune.EncodeToUtf8(utf8);
            for (var k = 0; k < n; k++) AppendEscape(builder, utf8[k]);
        }

        return builder.ToString();
    }

    private static void AppendEscape(StringBuilder builder, int value)
    {
        const string Hex = "0123456789ABCDEF";
        builder.Append('%').Append(Hex[(value >> 4) & 0xF]).Append(Hex[value & 0xF]);
    }

    /// <summary>ASCII-only lower-casing (culture-free; other characters are left alone).</summary>
    public static string AsciiLower(string value)
    {
        var i = 0;
        while (i < value.Length && (uint)(value[i] - 'A') > 'Z' - 'A') i++;
        if (i == value.Length) return value;
        return string.Create(value.Length, value, static (span, source) =>
        {
            for (var k = 0; k < source.Length; k++)
            {
                var c = source[k];
                span[k] = (uint)(c - 'A') <= 'Z' - 'A' ? (char)(c | 0x20) : c;
            }
        });
    }

    /// <summary>
    /// Validates a host (RFC 3261 §25.1 <c>host</c>) and classifies it. Domain names are accepted leniently (labels of
    /// alphanumerics, '-' and '_', optional trailing dot, a top label may start with a digit), but a host made only of
    /// digits and dots must be a valid dotted quad. IPv6 must be bracketed.
    /// </summary>
    public static bool TryClassifyHost(ReadOnlySpan<char> host, out SipHostKind kind)
    {
        kind = SipHostKind.DomainName;
        if (host.IsEmpty) return false;
        if (host[0] == '[')
        {
            if (host.Length < 3 || host[^1] != ']' || !IsIPv6(host[1..^1])) return false;
            kind = SipHostKind.IPv6;
            return true;
        }

        var numeric = true;
        var labelStart = 0;
        for (var i = 0; i <= host.Length; i++)
        {
            if (i == host.Length || host[i] == '.')
            {
                var label = host[labelStart..i];
                if (label.IsEmpty)
                {
                    // Only a single trailing dot after at least one label may leave an empty label.
                    if (i != host.Length || labelStart == 0) return false;
                }
                else if (label[0] == '-' || label[^1] == '-')
                {
                    return false;
                }

                labelStart = i + 1;
                continue;
            }

            var c = host[i];
            if (SipCharacters.IsDigit(c)) continue;
            if (SipCharacters.IsAlpha(c) || c is '-' or '_')
            {
                numeric = false;
                continue;
            }

            return false;
        }

        if (!numeric) return true;
        if (!IsIPv4(host)) return false;
        kind = SipHostKind.IPv4;
        return true;
    }

    /// <summary>IPv4address = 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT, each at most 255.</summary>
    public static bool IsIPv4(ReadOnlySpan<char> s)
    {
        var parts = 0;
        var i = 0;
        while (true)
        {
            var start = i;
            var value = 0;
            while (i < s.Length && SipCharacters.IsDigit(s[i]) && i - start < 3)
            {
                value = (value * 10) + (s[i] - '0');
                i++;
            }

            if (i == start || value > 255) return false;
            parts++;
            if (parts == 4) return i == s.Length;
            if (i >= s.Length || s[i] != '.') return false;
            i++;
        }
    }

    /// <summary>
    /// IPv6address (RFC 4291 text form, the inside of an IPv6reference). Also tolerates the three-colon form
    /// <c>2001:db8:::192.0.2.1</c> that the RFC 3261 ABNF produced by mistake (RFC 5118 §4.10).
    /// </summary>
    public static bool IsIPv6(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty) return false;
        var groups = 0;
        var compressed = false;
        var i = 0;
        if (s[0] == ':')
        {
            if (s.Length < 2 || s[1] != ':') return false;
            compressed = true;
            i = 2;
            if (i == s.Length) return true;
        }

        while (true)
        {
            var start = i;
            while (i < s.Length && SipCharacters.IsHex(s[i])) i++;
            if (i < s.Length && s[i] == '.')
            {
                if (!IsIPv4(s[start..])) return false;
                groups += 2;
                break;
            }

            if (i == start || i - start > 4) return false;
            groups++;
            if (i == s.Length) break;
            if (s[i] != ':') return false;
            i++;
            if (i == s.Length) return false;
            if (s[i] != ':') continue;
            if (compressed) return false;
            compressed = true;
            i++;
            if (i == s.Length) break;
            if (s[i] == ':')
            {
                // "hexseq :: : IPv4address" — RFC 5118 §4.10: accept, liberal in what we receive.
                if (!IsIPv4(s[(i + 1)..])) return false;
                groups += 2;
                break;
            }
        }

        return compressed ? groups <= 7 : groups == 8;
    }

    /// <summary>
    /// The comparison key of a host: IPv6 addresses in canonical text form (so <c>[2001:DB8:0::10]</c> equals
    /// <c>[2001:db8::10]</c>), everything else ASCII-lower-cased.
    /// </summary>
    public static string HostKey(string host, SipHostKind kind)
    {
        if (kind != SipHostKind.IPv6 || host.Length < 3) return AsciiLower(host);
        var inner = host.AsSpan(1, host.Length - 2);
        var triple = inner.IndexOf(":::", StringComparison.Ordinal);
        string candidate = triple >= 0 ? string.Concat(inner[..triple], inner[(triple + 1)..]) : inner.ToString();
        return IPAddress.TryParse(candidate, out var address) && address.ScopeId == 0
            ? "[" + address.ToString() + "]"
            : AsciiLower(host);
    }

    /// <summary>
    /// Validates an RFC 3966 telephone-subscriber (already unescaped): a global number ("+" and at least one digit,
    /// with visual separators) or a local number (hex digits, "*", "#" and visual separators).
    /// </summary>
    public static bool IsTelNumber(ReadOnlySpan<char> number)
    {
        if (number.IsEmpty) return false;
        var global = number[0] == '+';
        var significant = 0;
        for (var i = global ? 1 : 0; i < number.Length; i++)
        {
            var c = number[i];
            if (IsVisualSeparator(c)) continue;
            if (global ? SipCharacters.IsDigit(c) : SipCharacters.IsHex(c) || c is '*' or '#')
            {
                significant++;
                continue;
            }

            return false;
        }

        return significant > 0;
    }

    /// <summary>A tel number (or phone-context digits) with visual separators removed.</summary>
    public static string StripVisualSeparators(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (!IsVisualSeparator(c)) builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Formats a port number.</summary>
    public static string FormatPort(int port) => port.ToString(CultureInfo.InvariantCulture);
}
