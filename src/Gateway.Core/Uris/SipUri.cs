using System.Globalization;
using System.Text;
using Gateway.Core.Syntax;

namespace Gateway.Core.Uris;

/// <summary>
/// A URI as carried in SIP messages: <c>sip:</c>/<c>sips:</c> (RFC 3261 §19.1), <c>tel:</c> (RFC 3966), or any other
/// absolute URI kept opaque. Parsed URIs remember their text, so <see cref="ToString"/> returns exactly the input until
/// something is changed. Equality follows RFC 3261 §19.1.4 (and RFC 3966 §4 for tel URIs).
/// </summary>
/// <remarks>
/// The parser does not enforce context rules such as "a Request-URI has no headers component"; callers check
/// <see cref="Headers"/> where that matters.
/// </remarks>
public sealed class SipUri : IEquatable<SipUri>
{
    private string? _userRaw;
    private string? _user;
    private string? _passwordRaw;
    private string? _password;
    private string _host = string.Empty;
    private SipHostKind _hostKind;
    private int? _port;
    private string? _opaque;
    private int _edits;
    private string? _text;
    private long _textRevision = -1;

    private SipUri(SipUriScheme scheme, string schemeName)
    {
        Scheme = scheme;
        SchemeName = schemeName;
    }

    /// <summary>The scheme.</summary>
    public SipUriScheme Scheme { get; }

    /// <summary>The scheme name as written (e.g. <c>SIP</c>, <c>sips</c>, <c>soap.beep</c>).</summary>
    public string SchemeName { get; }

    /// <summary>True for a <c>sips:</c> URI.</summary>
    public bool IsSecure => Scheme == SipUriScheme.Sips;

    /// <summary>
    /// The user part with %-escapes resolved (it may contain characters such as NUL or '@'), or
    /// <see langword="null"/> when there is none. For a tel URI this is the telephone number.
    /// Setting it escapes exactly the characters that may not appear literally; <see langword="null"/> or empty
    /// removes the user info (SIP) — a tel URI requires a valid number.
    /// </summary>
    public string? User
    {
        get
        {
            if (_userRaw is null) return null;
            return _user ??= UriSyntax.Unescape(_userRaw);
        }

        set
        {
            switch (Scheme)
            {
                case SipUriScheme.Sip:
                case SipUriScheme.Sips:
                    _userRaw = string.IsNullOrEmpty(value) ? null : UriSyntax.Escape(value, UriCharClass.User);
                    break;
                case SipUriScheme.Tel:
                    if (value is null || !UriSyntax.IsTelNumber(value))
                    {
                        throw new ArgumentException("A tel URI needs a global (+digits) or local telephone number.", nameof(value));
                    }

                    _userRaw = UriSyntax.Escape(value, UriCharClass.TelNumber);
                    break;
                default:
                    throw new InvalidOperationException("A URI of scheme '" + SchemeName + "' has no user part.");
            }

            _user = null;
            _edits++;
        }
    }

    /// <summary>
    /// The password with %-escapes resolved; <see langword="null"/> when absent, empty for <c>user:@host</c>.
    /// Only SIP and SIPS URIs have one, and only together with a user.
    /// </summary>
    public string? Password
    {
        get
        {
            if (_passwordRaw is null) return null;
            return _password ??= UriSyntax.Unescape(_passwordRaw);
        }

        set
        {
            RequireSip();
            _passwordRaw = value is null ? null : UriSyntax.Escape(value, UriCharClass.Password);
            _password = null;
            _edits++;
        }
    }

    /// <summary>
    /// The host as written; an IPv6 reference keeps its brackets (<c>[2001:db8::10]</c>). Empty for tel and opaque URIs.
    /// Setting an unbracketed IPv6 address adds the brackets; an invalid host throws <see cref="ArgumentException"/>.
    /// </summary>
    public string Host
    {
        get => _host;
        set
        {
            RequireSip();
            ArgumentException.ThrowIfNullOrEmpty(value);
            var host = value.Contains(':', StringComparison.Ordinal) && value[0] != '[' ? "[" + value + "]" : value;
            if (!UriSyntax.TryClassifyHost(host, out var kind))
            {
                throw new ArgumentException("'" + value + "' is not a valid host name, IPv4 or IPv6 address.", nameof(value));
            }

            _host = host;
            _hostKind = kind;
            _edits++;
        }
    }

    /// <summary>What kind of host <see cref="Host"/> is.</summary>
    public SipHostKind HostKind => _hostKind;

    /// <summary>The explicit port, or <see langword="null"/> when none is written (which is not the same as 5060).</summary>
    public int? Port
    {
        get => _port;
        set
        {
            RequireSip();
            if (value is < 0 or > 65535) throw new ArgumentOutOfRangeException(nameof(value), value, "A port is 0–65535.");
            _port = value;
            _edits++;
        }
    }

    /// <summary>The uri-parameters (<c>;name[=value]</c>) with values as written (escapes kept). Editable.</summary>
    public SipParameters Parameters { get; } = new();

    /// <summary>The headers component (<c>?name=value&amp;name2=value2</c>) with values as written. Editable.</summary>
    public SipParameters Headers { get; } = new();

    /// <summary>For <see cref="SipUriScheme.Other"/>: everything after <c>scheme:</c>; otherwise <see langword="null"/>.</summary>
    public string? Opaque => _opaque;

    /// <summary>
    /// The <c>transport</c> parameter, unescaped and lower-cased, or <see langword="null"/>. Setting
    /// <see langword="null"/> removes it.
    /// </summary>
    public string? Transport
    {
        get
        {
            var value = FindParameter("transport", out var present);
            return present && value is not null ? UriSyntax.AsciiLower(UriSyntax.Unescape(value)) : null;
        }

        set => SetParameter("transport", value);
    }

    /// <summary>True when the <c>lr</c> parameter (loose routing, RFC 3261 §16.6) is present.</summary>
    public bool IsLooseRouter
    {
        get
        {
            FindParameter("lr", out var present);
            return present;
        }

        set
        {
            if (value == IsLooseRouter) return;
            if (value)
            {
                Parameters.Add("lr", null);
            }
            else
            {
                RemoveParameter("lr");
            }
        }
    }

    /// <summary>The <c>maddr</c> parameter, unescaped, or <see langword="null"/>. Setting <see langword="null"/> removes it.</summary>
    public string? MAddr
    {
        get
        {
            var value = FindParameter("maddr", out var present);
            return present && value is not null ? UriSyntax.Unescape(value) : null;
        }

        set => SetParameter("maddr", value);
    }

    /// <summary>The user part exactly as written (escapes kept), or <see langword="null"/>.</summary>
    internal string? RawUser => _userRaw;

    /// <summary>The password exactly as written (escapes kept), or <see langword="null"/>.</summary>
    internal string? RawPassword => _passwordRaw;

    /// <summary>Grows on every change to this URI, including edits of <see cref="Parameters"/> and <see cref="Headers"/>.</summary>
    internal long Revision => (long)_edits + Parameters.Version + Headers.Version;

    /// <summary>
    /// Builds a URI in code, e.g. <c>Create(SipUriScheme.Sip, null, "proxy.example.com")</c> then
    /// <c>Transport = "ws"; IsLooseRouter = true;</c> gives <c>sip:proxy.example.com;transport=ws;lr</c>.
    /// For <see cref="SipUriScheme.Tel"/>, <paramref name="user"/> is the number and <paramref name="host"/> must be empty.
    /// </summary>
    /// <exception cref="ArgumentException">An invalid user, host or number, or <see cref="SipUriScheme.Other"/>.</exception>
    public static SipUri Create(SipUriScheme scheme, string? user, string host, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        switch (scheme)
        {
            case SipUriScheme.Sip:
            case SipUriScheme.Sips:
            {
                var uri = new SipUri(scheme, scheme == SipUriScheme.Sip ? "sip" : "sips");
                uri.Host = host;
                uri.User = user;
                uri.Port = port;
                return uri;
            }

            case SipUriScheme.Tel:
            {
                if (host.Length != 0 || port is not null)
                {
                    throw new ArgumentException("A tel URI has no host or port.", nameof(host));
                }

                var uri = new SipUri(scheme, "tel");
                uri.User = user;
                return uri;
            }

            default:
                throw new ArgumentException("Use Parse to build a URI of another scheme.", nameof(scheme));
        }
    }

    /// <summary>Parses a URI; never throws.</summary>
    /// <param name="text">The URI, without surrounding whitespace or angle brackets.</param>
    /// <param name="uri">The URI, or <see langword="null"/> when <paramref name="text"/> is not one.</param>
    /// <returns>Whether <paramref name="text"/> is a valid URI.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out SipUri? uri)
    {
        uri = null;
        if (text.IsEmpty || !SipCharacters.IsAlpha(text[0])) return false;
        var i = 1;
        while (i < text.Length && (SipCharacters.IsAlphaNumeric(text[i]) || text[i] is '+' or '-' or '.')) i++;
        if (i >= text.Length || text[i] != ':') return false;
        var schemeName = text[..i];
        var rest = text[(i + 1)..];
        SipUriScheme scheme;
        if (schemeName.Equals("sip", StringComparison.OrdinalIgnoreCase)) scheme = SipUriScheme.Sip;
        else if (schemeName.Equals("sips", StringComparison.OrdinalIgnoreCase)) scheme = SipUriScheme.Sips;
        else if (schemeName.Equals("tel", StringComparison.OrdinalIgnoreCase)) scheme = SipUriScheme.Tel;
        else scheme = SipUriScheme.Other;

        var result = new SipUri(scheme, schemeName.ToString());
        var ok = scheme switch
        {
            SipUriScheme.Sip or SipUriScheme.Sips => result.ParseSip(rest),
            SipUriScheme.Tel => result.ParseTel(rest),
            _ => result.ParseOpaque(rest),
        };
        if (!ok) return false;
        result._text = text.ToString();
        result._textRevision = result.Revision;
        uri = result;
        return true;
    }

    /// <summary>Parses a URI.</summary>
    /// <exception cref="FormatException"><paramref name="text"/> is not a valid URI.</exception>
    public static SipUri Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var uri) ? uri! : throw new FormatException("Invalid URI: '" + text + "'.");
    }

    /// <summary>A deep copy (parameters and headers are copied too).</summary>
    public SipUri Clone() => Parse(ToString());

    /// <summary>The URI text: the original text when nothing changed, otherwise a fresh serialisation.</summary>
    public override string ToString()
    {
        var revision = Revision;
        if (_text is not null && _textRevision == revision) return _text;
        var builder = new StringBuilder(64);
        builder.Append(SchemeName).Append(':');
        switch (Scheme)
        {
            case SipUriScheme.Sip:
            case SipUriScheme.Sips:
                if (_userRaw is not null)
                {
                    builder.Append(_userRaw);
                    if (_passwordRaw is not null) builder.Append(':').Append(_passwordRaw);
                    builder.Append('@');
                }

                builder.Append(_host);
                if (_port is int port) builder.Append(':').Append(UriSyntax.FormatPort(port));
                Parameters.AppendTo(builder);
                AppendHeaders(builder);
                break;
            case SipUriScheme.Tel:
                builder.Append(_userRaw);
                Parameters.AppendTo(builder);
                break;
            default:
                builder.Append(_opaque);
                break;
        }

        _text = builder.ToString();
        _textRevision = revision;
        return _text;
    }

    /// <summary>URI equivalence of RFC 3261 §19.1.4 (tel: RFC 3966 §4; other schemes: same scheme and same text).</summary>
    public bool Equals(SipUri? other) => other is not null && (ReferenceEquals(this, other) || SipUriEquivalence.AreEqual(this, other));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SipUri);

    /// <summary>A hash consistent with <see cref="Equals(SipUri)"/> (scheme, user, host and port; not parameters).</summary>
    public override int GetHashCode() => SipUriEquivalence.GetHashCode(this);

    /// <summary>The value of the first parameter whose (unescaped) name is <paramref name="name"/>.</summary>
    internal string? FindParameter(string name, out bool present)
    {
        foreach (var p in Parameters)
        {
            if (NameMatches(p.Name, name))
            {
                present = true;
                return p.Value;
            }
        }

        present = false;
        return null;
    }

    private static bool NameMatches(string written, string name) =>
        string.Equals(written, name, StringComparison.OrdinalIgnoreCase)
        || (written.Contains('%', StringComparison.Ordinal)
            && string.Equals(UriSyntax.Unescape(written), name, StringComparison.OrdinalIgnoreCase));

    private void SetParameter(string name, string? value)
    {
        RemoveParameter(name);
        if (value is not null) Parameters.Add(name, UriSyntax.Escape(value, UriCharClass.Param));
    }

    private void RemoveParameter(string name)
    {
        for (var i = Parameters.Count - 1; i >= 0; i--)
        {
            var written = Parameters[i].Name;
            if (NameMatches(written, name)) Parameters.Remove(written);
        }
    }

    private void AppendHeaders(StringBuilder builder)
    {
        for (var i = 0; i < Headers.Count; i++)
        {
            builder.Append(i == 0 ? '?' : '&').Append(Headers[i].Name).Append('=').Append(Headers[i].Value);
        }
    }

    private void RequireSip()
    {
        if (Scheme is not (SipUriScheme.Sip or SipUriScheme.Sips))
        {
            throw new InvalidOperationException("Only sip: and sips: URIs have this component.");
        }
    }

    // SIP-URI / SIPS-URI after "sip:": [ userinfo ] hostport uri-parameters [ headers ]
    private bool ParseSip(ReadOnlySpan<char> s)
    {
        var i = 0;
        var at = FindUserInfoEnd(s);
        if (at >= 0)
        {
            var userInfo = s[..at];
            var colon = userInfo.IndexOf(':');
            var user = colon >= 0 ? userInfo[..colon] : userInfo;
            if (user.IsEmpty || !UriSyntax.IsValid(user, UriCharClass.User)) return false;
            _userRaw = user.ToString();
            if (colon >= 0)
            {
                var password = userInfo[(colon + 1)..];
                if (!UriSyntax.IsValid(password, UriCharClass.Password)) return false;
                _passwordRaw = password.ToString();
            }

            i = at + 1;
        }

        int hostEnd;
        if (i < s.Length && s[i] == '[')
        {
            var close = s[i..].IndexOf(']');
            if (close < 0) return false;
            hostEnd = i + close + 1;
        }
        else
        {
            hostEnd = i;
            while (hostEnd < s.Length && s[hostEnd] is not (':' or ';' or '?')) hostEnd++;
        }

        var host = s[i..hostEnd];
        if (!UriSyntax.TryClassifyHost(host, out _hostKind)) return false;
        _host = host.ToString();
        i = hostEnd;

        if (i < s.Length && s[i] == ':')
        {
            var start = ++i;
            while (i < s.Length && SipCharacters.IsDigit(s[i])) i++;
            if (i == start || i - start > 5) return false;
            var port = int.Parse(s[start..i], NumberStyles.None, CultureInfo.InvariantCulture);
            if (port > 65535) return false;
            _port = port;
        }

        if (!TryParseUriParameters(s, ref i, Parameters)) return false;
        if (i < s.Length && s[i] == '?' && !TryParseHeaders(s, ref i, Headers)) return false;
        return i == s.Length;
    }

    // The '@' ending the userinfo: the first '@' reached through characters that userinfo may hold; -1 if none.
    // The user part may contain ; ? / = etc., so the '@' has to be found before anything else is interpreted.
    private static int FindUserInfoEnd(ReadOnlySpan<char> s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '@') return i;
            if (!(SipCharacters.IsUserChar(c) || c is ':' or '%')) return -1;
        }

        return -1;
    }

    // tel: telephone-subscriber *( ";" par ) — the headers component is not part of a tel URI.
    private bool ParseTel(ReadOnlySpan<char> s)
    {
        var i = 0;
        if (!UriSyntax.Scan(s, ref i, UriCharClass.TelNumber)) return false;
        var number = s[..i];
        if (number.IsEmpty || !UriSyntax.IsTelNumber(UriSyntax.Unescape(number))) return false;
        _userRaw = number.ToString();
        if (!TryParseUriParameters(s, ref i, Parameters)) return false;
        return i == s.Length;
    }

    // Any other absolute URI: keep it as it is, but refuse what can never be inside a URI (controls, space, < > ").
    private bool ParseOpaque(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty) return false;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c <= ' ' || c >= 0x7F || c is '<' or '>' or '"') return false;
            if (c == '%' && !UriSyntax.IsEscapeAt(s, i)) return false;
        }

        _opaque = s.ToString();
        return true;
    }

    // uri-parameters = *( ";" uri-parameter ); uri-parameter = pname [ "=" pvalue ]; both 1*paramchar.
    private static bool TryParseUriParameters(ReadOnlySpan<char> s, ref int i, SipParameters into)
    {
        while (i < s.Length && s[i] == ';')
        {
            var start = ++i;
            if (!UriSyntax.Scan(s, ref i, UriCharClass.Param) || i == start) return false;
            var name = s[start..i].ToString();
            string? value = null;
            if (i < s.Length && s[i] == '=')
            {
                var valueStart = ++i;
                if (!UriSyntax.Scan(s, ref i, UriCharClass.Param) || i == valueStart) return false;
                value = s[valueStart..i].ToString();
            }

            into.AddParsed(name, value);
        }

        return true;
    }

    // headers = "?" header *( "&" header ); header = hname "=" hvalue; hname = 1*(...), hvalue = *(...).
    private static bool TryParseHeaders(ReadOnlySpan<char> s, ref int i, SipParameters into)
    {
        i++;
        while (true)
        {
            var start = i;
            if (!UriSyntax.Scan(s, ref i, UriCharClass.Header) || i == start) return false;
            var name = s[start..i].ToString();
            if (i >= s.Length || s[i] != '=') return false;
            var valueStart = ++i;
            if (!UriSyntax.Scan(s, ref i, UriCharClass.Header)) return false;
            into.AddParsed(name, s[valueStart..i].ToString());
            if (i < s.Length && s[i] == '&')
            {
                i++;
                continue;
            }

            return true;
        }
    }
}
