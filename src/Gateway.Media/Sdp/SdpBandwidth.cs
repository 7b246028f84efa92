using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Gateway.Media.Sdp;

/// <summary>A <c>b=</c> line (RFC 8866 §5.8): <c>&lt;bwtype&gt;:&lt;bandwidth&gt;</c>, e.g. <c>AS:64</c> or <c>TIAS:64000</c>.</summary>
/// <param name="Type">The bandwidth type token, e.g. <c>AS</c>, <c>CT</c>, <c>TIAS</c>, <c>RS</c>, <c>RR</c>.</param>
/// <param name="Value">The bandwidth, in the unit the type defines (kbit/s for <c>AS</c> and <c>CT</c>).</param>
public sealed record SdpBandwidth(string Type, ulong Value)
{
    /// <summary>The text after <c>b=</c>.</summary>
    /// <returns><c>type:value</c>.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Type}:{Value}");

    /// <summary>Parses the text after <c>b=</c>.</summary>
    /// <param name="value">The text after <c>b=</c>.</param>
    /// <param name="bandwidth">The parsed bandwidth, or null.</param>
    /// <returns>Whether <paramref name="value"/> is a token, a colon and a decimal number.</returns>
    public static bool TryParse(ReadOnlySpan<char> value, [NotNullWhen(true)] out SdpBandwidth? bandwidth)
    {
        bandwidth = null;
        var colon = value.IndexOf(':');
        if (colon <= 0) return false;
        var type = value[..colon];
        if (!SdpSyntax.IsToken(type) || !SdpSyntax.TryParseUInt64(value[(colon + 1)..].TrimEnd(' '), out var number)) return false;
        bandwidth = new SdpBandwidth(type.ToString(), number);
        return true;
    }
}
