using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Gateway.Media.Sdp;

/// <summary>An <c>a=rtcp</c> value (RFC 3605 §2.1): <c>&lt;port&gt; [&lt;nettype&gt; &lt;addrtype&gt; &lt;address&gt;]</c>.</summary>
/// <param name="Port">The RTCP port.</param>
/// <param name="NetworkType">The network type (<c>IN</c>) when an address is given.</param>
/// <param name="AddressType">The address type (<c>IP4</c>/<c>IP6</c>) when an address is given.</param>
/// <param name="Address">The RTCP address, when given.</param>
public sealed record SdpRtcp(int Port, string? NetworkType = null, string? AddressType = null, string? Address = null)
{
    /// <summary>The text after <c>a=rtcp:</c>.</summary>
    /// <returns>The port, followed by the address fields when <see cref="Address"/> is set.</returns>
    public override string ToString() => Address is null
        ? SdpSyntax.ToText(Port)
        : string.Create(CultureInfo.InvariantCulture, $"{Port} {NetworkType ?? "IN"} {AddressType ?? "IP4"} {Address}");

    /// <summary>Parses the text after <c>a=rtcp:</c>.</summary>
    /// <param name="value">The attribute value.</param>
    /// <param name="rtcp">The parsed value, or null.</param>
    /// <returns>Whether <paramref name="value"/> is a port, optionally followed by exactly three address fields.</returns>
    public static bool TryParse(ReadOnlySpan<char> value, [NotNullWhen(true)] out SdpRtcp? rtcp)
    {
        rtcp = null;
        var tokens = new SdpTokenizer(value);
        if (!tokens.Next(out var portText) || !SdpSyntax.TryParseInt32(portText, 65535, out var port)) return false;
        if (!tokens.Next(out var netType))
        {
            rtcp = new SdpRtcp(port);
            return true;
        }

        if (!tokens.Next(out var addrType) || !tokens.Next(out var address) || tokens.Next(out _)) return false;
        rtcp = new SdpRtcp(port, SdpSyntax.Intern(netType), SdpSyntax.Intern(addrType), SdpSyntax.Intern(address));
        return true;
    }
}
