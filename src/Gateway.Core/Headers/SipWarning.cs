using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Gateway.Core.Syntax;

namespace Gateway.Core.Headers;

/// <summary>
/// One warning-value of a Warning header field (RFC 3261 §20.43):
/// <c>warn-code SP warn-agent SP warn-text</c>, for example <c>307 isi.edu "Session parameter 'foo' not understood"</c>.
/// </summary>
/// <remarks>
/// warn-code must be exactly three digits; warn-agent is a hostport or a pseudonym token; warn-text is a
/// quoted-string. Parsing accepts linear whitespace (not only a single SP) between the parts; a line break
/// inside warn-text (even a folded one) is rejected so that <see cref="Text"/> never contains CR or LF.
/// </remarks>
public sealed class SipWarning
{
    /// <summary>Creates a warning value.</summary>
    /// <param name="code">The three-digit warn-code (100..999 written with three digits; 0..999 accepted).</param>
    /// <param name="agent">The warn-agent: host[:port] or a pseudonym token.</param>
    /// <param name="text">The unquoted warning text.</param>
    /// <exception cref="ArgumentException">An argument is not valid for a Warning value.</exception>
    public SipWarning(int code, string agent, string text)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(code);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(code, 999);
        ArgumentException.ThrowIfNullOrEmpty(agent);
        ArgumentNullException.ThrowIfNull(text);
        if (!IsAgent(agent)) throw new ArgumentException("The agent must be host[:port] or a token.", nameof(agent));
        if (text.Contains('\r', StringComparison.Ordinal) || text.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException("The text must not contain line breaks.", nameof(text));
        }

        Code = code;
        Agent = agent;
        Text = text;
    }

    /// <summary>The warn-code, for example 399 (miscellaneous warning).</summary>
    public int Code { get; }

    /// <summary>The warn-agent: the host[:port] or pseudonym of the element that added the warning.</summary>
    public string Agent { get; }

    /// <summary>The warn-text with its quotes removed and quoted-pairs resolved.</summary>
    public string Text { get; }

    /// <summary>Parses one warning-value; returns false (never throws) when it is malformed.</summary>
    /// <param name="value">The header field value.</param>
    /// <param name="result">The parsed warning, or <see langword="null"/> on failure.</param>
    public static bool TryParse(ReadOnlySpan<char> value, [NotNullWhen(true)] out SipWarning? result)
    {
        var s = HeaderSyntax.TrimLws(value);
        if (TryParseAt(s, 0, out result, out var end) && end == s.Length) return true;
        result = null;
        return false;
    }

    /// <summary>
    /// Parses a comma-separated Warning value and appends each warning to <paramref name="into"/>. Returns false
    /// (never throws) on a malformed element, in which case <paramref name="into"/> is left as it was.
    /// </summary>
    /// <param name="value">The header field value.</param>
    /// <param name="into">Receives the warnings in order.</param>
    public static bool TryParseList(ReadOnlySpan<char> value, List<SipWarning> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        var initialCount = into.Count;
        var s = HeaderSyntax.TrimLws(value);
        var i = 0;
        while (true)
        {
            if (!TryParseAt(s, i, out var warning, out var end))
            {
                into.RemoveRange(initialCount, into.Count - initialCount);
                return false;
            }

            into.Add(warning);
            i = HeaderSyntax.SkipLws(s, end);
            if (i == s.Length) return true;
            i++; // a comma
        }
    }

    /// <summary>Serialises as <c>code agent "text"</c>, quoting the text.</summary>
    public override string ToString() =>
        Code.ToString("000", CultureInfo.InvariantCulture) + " " + Agent + " " + SipQuoting.Quote(Text);

    private static bool TryParseAt(ReadOnlySpan<char> s, int start, [NotNullWhen(true)] out SipWarning? result, out int end)
    {
        result = null;
        end = start;
        var i = HeaderSyntax.SkipLws(s, start);
        var codeStart = i;
        while (i < s.Length && SipCharacters.IsDigit(s[i])) i++;
        if (i - codeStart != 3 || !HeaderSyntax.TryParseDigits(s[codeStart..i], 999, out var code)) return false;

        var agentStart = HeaderSyntax.SkipLws(s, i);
        if (agentStart == i) return false;
        i = agentStart;
        while (i < s.Length && (SipCharacters.IsToken(s[i]) || s[i] is ':' or '[' or ']')) i++;
        var agent = s[agentStart..i];
        if (!IsAgent(agent)) return false;

        var textStart = HeaderSyntax.SkipLws(s, i);
        if (textStart == i || textStart >= s.Length || s[textStart] != '"') return false;
        var textEnd = SipQuoting.SkipQuoted(s, textStart);
        if (textEnd < 0) return false;
        var quoted = s[textStart..textEnd];
        if (quoted.ContainsAny('\r', '\n')) return false;

        var next = HeaderSyntax.SkipLws(s, textEnd);
        if (next < s.Length && s[next] != ',') return false;

        result = new SipWarning((int)code, agent.ToString(), SipQuoting.Unquote(quoted.ToString()));
        end = textEnd;
        return true;
    }

    // warn-agent = hostport / pseudonym; pseudonym = token.
    private static bool IsAgent(ReadOnlySpan<char> s)
    {
        if (SipCharacters.IsToken(s)) return true;
        var hostEnd = s.Length;
        if (s.Length > 0 && s[0] == '[')
        {
            var close = s.IndexOf(']');
            if (close < 0) return false;
            hostEnd = close + 1;
        }
        else
        {
            var colon = s.IndexOf(':');
            if (colon >= 0) hostEnd = colon;
        }

        if (!HeaderSyntax.IsHost(s[..hostEnd])) return false;
        if (hostEnd == s.Length) return true;
        return s[hostEnd] == ':' && HeaderSyntax.TryParsePort(s[(hostEnd + 1)..], out _);
    }
}
