using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Gateway.Media.Sdp;

/// <summary>
/// An <c>a=ssrc</c> value (RFC 5576 §4.1): <c>&lt;ssrc-id&gt; &lt;attribute&gt;[:&lt;value&gt;]</c>, e.g.
/// <c>3262661846 cname:yFbnkIWTHwPXy6MO</c>.
/// </summary>
/// <param name="Ssrc">The synchronisation source.</param>
/// <param name="AttributeName">The source attribute's name, e.g. <c>cname</c> or <c>msid</c>.</param>
/// <param name="AttributeValue">The source attribute's value (verbatim, spaces included), or null.</param>
public sealed record SdpSsrc(uint Ssrc, string AttributeName, string? AttributeValue = null)
{
    /// <summary>The text after <c>a=ssrc:</c>.</summary>
    /// <returns>The ssrc value.</returns>
    public override string ToString() => AttributeValue is null
        ? string.Create(CultureInfo.InvariantCulture, $"{Ssrc} {AttributeName}")
        : string.Create(CultureInfo.InvariantCulture, $"{Ssrc} {AttributeName}:{AttributeValue}");

    /// <summary>Parses the text after <c>a=ssrc:</c>.</summary>
    /// <param name="value">The attribute value.</param>
    /// <param name="ssrc">The parsed value, or null.</param>
    /// <returns>Whether <paramref name="value"/> is a 32-bit decimal SSRC, a space and an attribute.</returns>
    public static bool TryParse(ReadOnlySpan<char> value, [NotNullWhen(true)] out SdpSsrc? ssrc)
    {
        ssrc = null;
        var space = value.IndexOf(' ');
        if (space <= 0 || !SdpSyntax.TryParseUInt64(value[..space], out var id) || id > uint.MaxValue) return false;
        var attribute = value[(space + 1)..];
        var colon = attribute.IndexOf(':');
        var name = colon < 0 ? attribute : attribute[..colon];
        if (!SdpSyntax.IsToken(name)) return false;
        ssrc = new SdpSsrc((uint)id, SdpSyntax.Intern(name), colon < 0 ? null : attribute[(colon + 1)..].ToString());
        return true;
    }
}
