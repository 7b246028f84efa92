using System.Globalization;
using System.Text;
using Gateway.Core.Syntax;

namespace Gateway.Core.Uris;

/// <summary>
/// A <c>name-addr</c> or <c>addr-spec</c> followed by header parameters (RFC 3261 §20.10, §25.1), the value form of
/// From, To, Contact, Route, Record-Route, Path and Reply-To: <c>"Alice" &lt;sip:alice@atlanta.com&gt;;tag=1928301774</c>.
/// Parsed values remember their text, so <see cref="ToString"/> returns exactly the input until something changes.
/// </summary>
public sealed class SipNameAddress
{
    private string? _displayName;
    private bool _displayNameQuoted;
    private SipUri _uri;
    private bool _hasAngleBrackets;
    private int _edits;
    private string? _text;
    private long _textRevision = -1;

    /// <summary>Creates a value for <paramref name="uri"/>, optionally with a display name.</summary>
    public SipNameAddress(SipUri uri, string? displayName = null)
    {
        ArgumentNullException.ThrowIfNull(uri);
        _uri = uri;
        _displayName = displayName;
        _displayNameQuoted = true;
        _hasAngleBrackets = true;
    }

    /// <summary>
    /// The display name with quotes and quoted-pairs removed (a token sequence keeps single spaces between its tokens),
    /// or <see langword="null"/> when there is none. An empty quoted string (<c>""</c>) yields an empty string.
    /// </summary>
    public string? DisplayName
    {
        get => _displayName;
        set
        {
            _displayName = value;
            _displayNameQuoted = true;
            _edits++;
        }
    }

    /// <summary>The URI (the addr-spec).</summary>
    public SipUri Uri
    {
        get => _uri;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _uri = value;
            _edits++;
            _text = null;
        }
    }

    /// <summary>
    /// The header parameters after the URI (<c>tag</c>, <c>expires</c>, <c>q</c>, <c>+sip.instance</c>, …), values as
    /// written (quoted strings keep their quotes). Editable.
    /// </summary>
    public SipParameters Parameters { get; } = new();

    /// <summary>
    /// Whether the URI is (or will be written) inside <c>&lt;&gt;</c>. Serialisation adds them anyway when a display name,
    /// URI parameters or URI headers require them.
    /// </summary>
    public bool HasAngleBrackets
    {
        get => _hasAngleBrackets;
        set
        {
            _hasAngleBrackets = value;
            _edits++;
        }
    }

    /// <summary>The <c>tag</c> parameter; setting <see langword="null"/> removes it.</summary>
    public string? Tag
    {
        get => Parameters.GetValue("tag");
        set
        {
            if (value is null)
            {
                Parameters.Remove("tag");
                return;
            }

            if (!SipCharacters.IsToken(value)) throw new ArgumentException("A tag is a token.", nameof(value));
            Parameters.Set("tag", value);
        }
    }

    /// <summary>The <c>expires</c> parameter as a number of seconds, or <see langword="null"/> when absent or not a number.</summary>
    public long? Expires
    {
        get => long.TryParse(Parameters.GetValue("expires"), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
        set
        {
            if (value is null)
            {
                Parameters.Remove("expires");
                return;
            }

            ArgumentOutOfRangeException.ThrowIfNegative(value.Value);
            Parameters.Set("expires", value.Value.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The <c>q</c> parameter (0–1), or <see langword="null"/> when absent or malformed.</summary>
    public double? Q
    {
        get
        {
            var raw = Parameters.GetValue("q");
            if (!double.TryParse(raw, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)) return null;
            return value is >= 0 and <= 1 ? value : null;
        }

        set
        {
            if (value is null)
            {
                Parameters.Remove("q");
                return;
            }

            if (value.Value is < 0 or > 1 || double.IsNaN(value.Value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "q is between 0 and 1.");
            }

            Parameters.Set("q", value.Value.ToString("0.###", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The <c>+sip.instance</c> parameter (RFC 5626) without its quotes, e.g. <c>&lt;urn:uuid:…&gt;</c>.</summary>
    public string? Instance => Parameters.GetUnquotedValue("+sip.instance");

    /// <summary>The <c>reg-id</c> parameter (RFC 5626), or <see langword="null"/> when absent or not a number.</summary>
    public int? RegId =>
        int.TryParse(Parameters.GetValue("reg-id"), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    private long Revision => (long)_edits + Parameters.Version + _uri.Revision;

    /// <summary>
    /// Parses one value (surrounding whitespace allowed; the whole text must be consumed). Never throws.
    /// </summary>
    /// <param name="text">The header value, e.g. <c>Bob &lt;sip:bob@biloxi.com&gt;;tag=a6c85cf</c>.</param>
    /// <param name="value">The parsed value, or <see langword="null"/>.</param>
    /// <returns>Whether <paramref name="text"/> is exactly one valid value.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out SipNameAddress? value)
    {
        var pos = 0;
        if (TryParseOne(text, ref pos, out value) && pos == text.Length) return true;
        value = null;
        return false;
    }

    /// <summary>Parses one value.</summary>
    /// <exception cref="FormatException"><paramref name="text"/> is not exactly one valid value.</exception>
    public static SipNameAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var value) ? value! : throw new FormatException("Invalid name-addr: '" + text + "'.");
    }

    /// <summary>
    /// Parses a comma-separated list (commas inside quotes or <c>&lt;&gt;</c> do not split) and appends the values to
    /// <paramref name="into"/>. Nothing is appended unless the whole list is valid; empty elements are invalid.
    /// </summary>
    public static bool TryParseList(ReadOnlySpan<char> text, List<SipNameAddress> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        var parsed = new List<SipNameAddress>();
        var pos = 0;
        while (true)
        {
            if (!TryParseOne(text, ref pos, out var value)) return false;
            parsed.Add(value!);
            if (pos == text.Length) break;
            pos++; // the ','
        }

        into.AddRange(parsed);
        return true;
    }

    /// <summary>
    /// Parses one value starting at <paramref name="pos"/> (leading whitespace allowed). On success
    /// <paramref name="pos"/> is at the ',' that follows the value or at the end of <paramref name="s"/> (trailing
    /// whitespace skipped). Never throws.
    /// </summary>
    internal static bool TryParseOne(ReadOnlySpan<char> s, ref int pos, out SipNameAddress? value)
    {
        value = null;
        var i = HeaderParameterParser.SkipWhitespace(s, Math.Max(pos, 0));
        if (i >= s.Length) return false;
        var start = i;
        string? displayName = null;
        var quoted = false;
        SipUri? uri;
        bool angle;

        if (s[i] == '"')
        {
            var end = SipQuoting.SkipQuoted(s, i);
            if (end < 0 || !TryDecodeQuoted(s[(i + 1)..(end - 1)], out displayName)) return false;
            quoted = true;
            i = HeaderParameterParser.SkipWhitespace(s, end);
            if (i >= s.Length || s[i] != '<') return false;
        }
        else if (s[i] != '<')
        {
            var j = i;
            var sawToken = false;
            while (j < s.Length)
            {
                if (IsDisplayNameChar(s[j]))
                {
                    sawToken = true;
                    j++;
                }
                else if (IsLws(s[j]))
                {
                    j++;
                }
                else
                {
                    break;
                }
            }

            if (sawToken && j < s.Length && s[j] == '<')
            {
                displayName = CollapseTokens(s[i..j]);
                i = j;
            }
            else
            {
                // addr-spec without <>: the URI ends at the first ';', ',' or whitespace; what follows are header
                // parameters. A URI with a headers component ('?') must be inside <> (RFC 3261 §20.10).
                j = i;
                while (j < s.Length && s[j] is not (';' or ',') && !IsLws(s[j])) j++;
                var uriText = s[i..j];
                if (uriText.Contains('?') || !SipUri.TryParse(uriText, out uri)) return false;
                i = j;
                angle = false;
                return Finish(s, start, ref i, ref pos, displayName, quoted, uri!, angle, out value);
            }
        }

        // At '<': no whitespace directly inside the brackets (RFC 4475 badaspec).
        i++;
        if (i >= s.Length || IsLws(s[i])) return false;
        var close = s[i..].IndexOf('>');
        if (close <= 0 || IsLws(s[i + close - 1])) return false;
        if (!SipUri.TryParse(s.Slice(i, close), out uri)) return false;
        i += close + 1;
        angle = true;
        return Finish(s, start, ref i, ref pos, displayName, quoted, uri!, angle, out value);
    }

    /// <summary>The value text: the original when nothing changed, otherwise a fresh serialisation.</summary>
    public override string ToString()
    {
        var revision = Revision;
        if (_text is not null && _textRevision == revision) return _text;
        var builder = new StringBuilder(96);
        if (_displayName is not null)
        {
            if (!_displayNameQuoted && IsTokenSequence(_displayName))
            {
                builder.Append(_displayName);
            }
            else
            {
                AppendQuoted(builder, _displayName);
            }

            builder.Append(' ');
        }

        var uriText = _uri.ToString();
        var brackets = _hasAngleBrackets || _displayName is not null || _uri.Parameters.Count > 0 || _uri.Headers.Count > 0
            || uriText.AsSpan().IndexOfAny(";,?") >= 0;
        if (brackets) builder.Append('<');
        builder.Append(uriText);
        if (brackets) builder.Append('>');
        Parameters.AppendTo(builder);
        _text = builder.ToString();
        _textRevision = Revision;
        return _text;
    }

    private static bool Finish(
        ReadOnlySpan<char> s,
        int start,
        ref int i,
        ref int pos,
        string? displayName,
        bool quoted,
        SipUri uri,
        bool angle,
        out SipNameAddress? value)
    {
        value = null;
        var result = new SipNameAddress(uri, displayName)
        {
            _displayNameQuoted = quoted,
            _hasAngleBrackets = angle,
        };
        if (!HeaderParameterParser.TryParse(s, ref i, result.Parameters)) return false;
        var end = i;
        i = HeaderParameterParser.SkipWhitespace(s, i);
        if (i < s.Length && s[i] != ',') return false;
        result._edits = 0;
        result._text = s[start..end].ToString();
        result._textRevision = result.Revision;
        pos = i;
        value = result;
        return true;
    }

    // Unquoted display names are tokens; octets above 0x7F (UTF-8 text) are tolerated as real traffic has them.
    private static bool IsDisplayNameChar(char c) => SipCharacters.IsToken(c) || c >= 0x80;

    private static bool IsLws(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static string CollapseTokens(ReadOnlySpan<char> s)
    {
        var builder = new StringBuilder(s.Length);
        var pendingSpace = false;
        foreach (var c in s)
        {
            if (IsLws(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace) builder.Append(' ');
            pendingSpace = false;
            builder.Append(c);
        }

        return builder.ToString();
    }

    // The inside of a quoted-string: qdtext (LWS, %x21, %x23-5B, %x5D-7E, UTF-8) and quoted-pairs "\" %x00-09 / %x0B-0C /
    // %x0E-7F. A folded line (CRLF followed by SP/HT) reads as one SP.
    private static bool TryDecodeQuoted(ReadOnlySpan<char> s, out string? decoded)
    {
        decoded = null;
        var builder = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '\\')
            {
                if (i + 1 >= s.Length || s[i + 1] is '\r' or '\n') return false;
                builder.Append(s[++i]);
            }
            else if (c is '\r' or '\n')
            {
                var j = i;
                if (s[j] == '\r') j++;
                if (j < s.Length && s[j] == '\n') j++;
                if (j >= s.Length || s[j] is not (' ' or '\t')) return false;
                while (j < s.Length && s[j] is ' ' or '\t') j++;
                builder.Append(' ');
                i = j - 1;
            }
            else if ((c < 0x20 && c != '\t') || c == 0x7F)
            {
                return false;
            }
            else
            {
                builder.Append(c);
            }
        }

        decoded = builder.ToString();
        return true;
    }

    private static bool IsTokenSequence(string s)
    {
        if (s.Length == 0 || s[0] == ' ' || s[^1] == ' ') return false;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == ' ')
            {
                if (s[i - 1] == ' ') return false;
                continue;
            }

            if (!IsDisplayNameChar(c)) return false;
        }

        return true;
    }

    private static void AppendQuoted(StringBuilder builder, string s)
    {
        builder.Append('"');
        foreach (var c in s)
        {
            if (c is '\r' or '\n')
            {
                builder.Append(' ');
                continue;
            }

            if (c is '"' or '\\' || (c < 0x20 && c != '\t') || c == 0x7F) builder.Append('\\');
            builder.Append(c);
        }

        builder.Append('"');
    }
}
