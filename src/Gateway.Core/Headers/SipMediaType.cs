using System.Diagnostics.CodeAnalysis;
using System.Text;
using Gateway.Core.Syntax;

namespace Gateway.Core.Headers;

/// <summary>
/// A media type as carried by Content-Type (RFC 3261 §20.15) and each element of Accept (§20.1):
/// <c>m-type SLASH m-subtype *(SEMI m-parameter)</c>, for example <c>multipart/mixed;boundary=7a9c</c>.
/// </summary>
/// <remarks>
/// Types, subtypes and parameter names compare case-insensitively (RFC 2045 §5.1). A Content-Type value
/// requires every parameter to have a token or quoted-string value; Accept elements may also carry valueless
/// accept-params and the wildcards <c>*/*</c> and <c>type/*</c>.
/// </remarks>
public sealed class SipMediaType
{
    private SipMediaType(string type, string subtype, SipParameters parameters)
    {
        Type = type;
        Subtype = subtype;
        Parameters = parameters;
    }

    /// <summary>Creates a media type without parameters.</summary>
    /// <param name="type">The m-type token, for example <c>application</c>.</param>
    /// <param name="subtype">The m-subtype token, for example <c>sdp</c>.</param>
    /// <exception cref="ArgumentException">A part is not a token.</exception>
    public SipMediaType(string type, string subtype)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentException.ThrowIfNullOrEmpty(subtype);
        if (!SipCharacters.IsToken(type.AsSpan())) throw new ArgumentException("The type must be a token.", nameof(type));
        if (!SipCharacters.IsToken(subtype.AsSpan())) throw new ArgumentException("The subtype must be a token.", nameof(subtype));
        Type = type;
        Subtype = subtype;
        Parameters = new SipParameters();
    }

    /// <summary>The m-type as written, for example <c>application</c>.</summary>
    public string Type { get; }

    /// <summary>The m-subtype as written, for example <c>sdp</c>.</summary>
    public string Subtype { get; }

    /// <summary>The m-parameters (and, in Accept, accept-params such as <c>q</c>) in order.</summary>
    public SipParameters Parameters { get; }

    /// <summary><c>type/subtype</c> without parameters, for example <c>application/sdp</c>.</summary>
    public string MediaType => Type + "/" + Subtype;

    /// <summary>True for <c>application/sdp</c> (case-insensitive).</summary>
    public bool IsSdp => Is("application", "sdp");

    /// <summary>True when type and subtype equal the given ones, ignoring case (no wildcard matching).</summary>
    /// <param name="type">The m-type to compare with.</param>
    /// <param name="subtype">The m-subtype to compare with.</param>
    public bool Is(string type, string subtype) =>
        string.Equals(Type, type, StringComparison.OrdinalIgnoreCase) &&
        string.Equals(Subtype, subtype, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// True when this media range (possibly <c>*/*</c> or <c>type/*</c>) accepts <paramref name="other"/>;
    /// parameters are ignored.
    /// </summary>
    /// <param name="other">The concrete media type to test.</param>
    public bool Matches(SipMediaType other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (string.Equals(Type, "*", StringComparison.Ordinal)) return true;
        if (!string.Equals(Type, other.Type, StringComparison.OrdinalIgnoreCase)) return false;
        return string.Equals(Subtype, "*", StringComparison.Ordinal) ||
               string.Equals(Subtype, other.Subtype, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Parses a Content-Type value. Returns false (never throws) when the type or subtype is not a token, a
    /// wildcard is used, or a parameter lacks a token/quoted-string value.
    /// </summary>
    /// <param name="value">The header field value, possibly with LWS and folding.</param>
    /// <param name="result">The parsed media type, or <see langword="null"/> on failure.</param>
    public static bool TryParse(ReadOnlySpan<char> value, [NotNullWhen(true)] out SipMediaType? result)
    {
        var s = HeaderSyntax.TrimLws(value);
        if (HeaderSyntax.HasOnlyFoldedLineBreaks(s) && TryParseAt(s, 0, isRange: false, out result, out var end) && end == s.Length) return true;
        result = null;
        return false;
    }

    /// <summary>
    /// Parses an Accept value (<c>[accept-range *(COMMA accept-range)]</c>) and appends each media range to
    /// <paramref name="into"/>. An empty value is a valid empty list. Returns false (never throws) on a
    /// malformed element, in which case <paramref name="into"/> is left as it was.
    /// </summary>
    /// <param name="value">The header field value.</param>
    /// <param name="into">Receives the media ranges in order.</param>
    public static bool TryParseList(ReadOnlySpan<char> value, List<SipMediaType> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        var initialCount = into.Count;
        var s = HeaderSyntax.TrimLws(value);
        if (s.IsEmpty) return true;
        if (!HeaderSyntax.HasOnlyFoldedLineBreaks(s)) return false;
        var i = 0;
        while (true)
        {
            if (!TryParseAt(s, i, isRange: true, out var item, out var end))
            {
                into.RemoveRange(initialCount, into.Count - initialCount);
                return false;
            }

            into.Add(item);
            i = HeaderSyntax.SkipLws(s, end);
            if (i == s.Length) return true;
            i++; // a comma
        }
    }

    /// <summary>Serialises as <c>type/subtype;name=value…</c>.</summary>
    public override string ToString()
    {
        if (Parameters.Count == 0) return MediaType;
        var builder = new StringBuilder(32);
        builder.Append(Type).Append('/').Append(Subtype);
        Parameters.AppendTo(builder);
        return builder.ToString();
    }

    private static bool TryParseAt(ReadOnlySpan<char> s, int start, bool isRange, [NotNullWhen(true)] out SipMediaType? result, out int end)
    {
        result = null;
        end = start;
        var i = HeaderSyntax.SkipLws(s, start);
        var typeEnd = HeaderSyntax.ScanToken(s, i);
        if (typeEnd == i) return false;
        var type = s[i..typeEnd];
        i = HeaderSyntax.SkipLws(s, typeEnd);
        if (i >= s.Length || s[i] != '/') return false;
        i = HeaderSyntax.SkipLws(s, i + 1);
        var subtypeEnd = HeaderSyntax.ScanToken(s, i);
        if (subtypeEnd == i) return false;
        var subtype = s[i..subtypeEnd];

        var typeIsStar = type is "*";
        var subtypeIsStar = subtype is "*";
        if (isRange)
        {
            // "*/*", "type/*" or "type/subtype"; "*/subtype" is not a media range.
            if (typeIsStar && !subtypeIsStar) return false;
        }
        else if (typeIsStar || subtypeIsStar)
        {
            return false;
        }

        i = subtypeEnd;
        var parameters = new SipParameters();
        if (!HeaderParameterParser.TryParse(s, ref i, parameters)) return false;
        if (!isRange)
        {
            foreach (var p in parameters)
            {
                if (p.Value is null) return false;
                if (!SipCharacters.IsToken(p.Value.AsSpan()) && !HeaderSyntax.IsQuotedString(p.Value)) return false;
            }
        }

        var next = HeaderSyntax.SkipLws(s, i);
        if (next < s.Length && s[next] != ',') return false;

        result = new SipMediaType(Known(type, "application"), Known(subtype, "sdp"), parameters);
        end = i;
        return true;
    }

    private static string Known(ReadOnlySpan<char> s, string common) => s.SequenceEqual(common) ? common : s.ToString();
}
