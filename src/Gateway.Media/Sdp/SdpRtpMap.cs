using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Gateway.Media.Sdp;

/// <summary>
/// An <c>a=rtpmap</c> value (RFC 8866 §6.6): <c>&lt;payload type&gt; &lt;encoding name&gt;/&lt;clock rate&gt;[/&lt;channels&gt;]</c>,
/// e.g. <c>111 opus/48000/2</c> or <c>0 PCMU/8000</c>.
/// </summary>
/// <param name="PayloadType">The RTP payload type, 0–127.</param>
/// <param name="EncodingName">The encoding name as written, e.g. <c>opus</c>, <c>PCMU</c>, <c>telephone-event</c>.</param>
/// <param name="ClockRate">The RTP clock rate in Hz.</param>
/// <param name="Channels">The encoding parameters (the channel count for audio), when present.</param>
public sealed record SdpRtpMap(int PayloadType, string EncodingName, int ClockRate, int? Channels = null)
{
    /// <summary>The text after <c>a=rtpmap:</c>.</summary>
    /// <returns>The rtpmap value.</returns>
    public override string ToString() => Channels is { } channels
        ? string.Create(CultureInfo.InvariantCulture, $"{PayloadType} {EncodingName}/{ClockRate}/{channels}")
        : string.Create(CultureInfo.InvariantCulture, $"{PayloadType} {EncodingName}/{ClockRate}");

    /// <summary>Parses the text after <c>a=rtpmap:</c>.</summary>
    /// <param name="value">The attribute value.</param>
    /// <param name="rtpMap">The parsed mapping, or null.</param>
    /// <returns>Whether <paramref name="value"/> is a valid rtpmap.</returns>
    public static bool TryParse(ReadOnlySpan<char> value, [NotNullWhen(true)] out SdpRtpMap? rtpMap)
    {
        rtpMap = null;
        var tokens = new SdpTokenizer(value);
        if (!tokens.Next(out var pt) || !tokens.Next(out var encoding) || tokens.Next(out _)) return false;
        if (!SdpSyntax.TryParseInt32(pt, 127, out var payloadType)) return false;
        var slash = encoding.IndexOf('/');
        if (slash <= 0) return false;
        var name = encoding[..slash];
        var rest = encoding[(slash + 1)..];
        var second = rest.IndexOf('/');
        var rate = second < 0 ? rest : rest[..second];
        if (!SdpSyntax.TryParseInt32(rate, int.MaxValue, out var clockRate)) return false;
        int? channels = null;
        if (second >= 0)
        {
            if (!SdpSyntax.TryParseInt32(rest[(second + 1)..], int.MaxValue, out var c)) return false;
            channels = c;
        }

        rtpMap = new SdpRtpMap(payloadType, name.ToString(), clockRate, channels);
        return true;
    }
}
