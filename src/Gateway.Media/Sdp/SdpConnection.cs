using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Gateway.Media.Sdp;

/// <summary>
/// A <c>c=</c> line (RFC 8866 §5.7): <c>&lt;nettype&gt; &lt;addrtype&gt; &lt;connection-address&gt;</c>, where an IP4
/// multicast address may carry <c>/ttl</c> and then <c>/count</c>, and an IP6 multicast address <c>/count</c>.
/// </summary>
/// <param name="NetworkType">The network type, normally <c>IN</c>.</param>
/// <param name="AddressType">The address type, normally <c>IP4</c> or <c>IP6</c>.</param>
/// <param name="Address">The address or host name, without any <c>/ttl</c> or <c>/count</c> suffix.</param>
/// <param name="Ttl">The multicast TTL (IP4 only), when present.</param>
/// <param name="AddressCount">The number of consecutive multicast addresses, when present.</param>
public sealed record SdpConnection(string NetworkType, string AddressType, string Address, int? Ttl = null, int? AddressCount = null)
{
    /// <summary>An <c>IN IP4</c> or <c>IN IP6</c> connection for <paramref name="address"/>.</summary>
    /// <param name="address">The address the media is sent to.</param>
    /// <returns>The connection line value.</returns>
    public static SdpConnection FromAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var type = address.AddressFamily == AddressFamily.InterNetworkV6 ? "IP6" : "IP4";
        return new SdpConnection("IN", type, address.ToString());
    }

    /// <summary>The address as an <see cref="IPAddress"/>, or null when it is a host name or does not parse.</summary>
    /// <returns>The parsed address, or null.</returns>
    public IPAddress? TryGetIPAddress() => IPAddress.TryParse(Address, out var ip) ? ip : null;

    /// <summary>The text after <c>c=</c>.</summary>
    /// <returns>The three fields, with <c>/ttl</c> and <c>/count</c> appended when present.</returns>
    public override string ToString()
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{NetworkType} {AddressType} {Address}");
        if (Ttl is { } ttl) text = string.Create(CultureInfo.InvariantCulture, $"{text}/{ttl}");
        if (AddressCount is { } count) text = string.Create(CultureInfo.InvariantCulture, $"{text}/{count}");
        return text;
    }

    /// <summary>
    /// Parses the text after <c>c=</c>. For <c>IP4</c>, <c>addr/ttl[/count]</c> (TTL 0–255); for <c>IP6</c>,
    /// <c>addr/count</c>; for other address types the address is kept whole.
    /// </summary>
    /// <param name="value">The text after <c>c=</c>.</param>
    /// <param name="connection">The parsed connection, or null.</param>
    /// <returns>Whether <paramref name="value"/> is a valid connection.</returns>
    public static bool TryParse(ReadOnlySpan<char> value, [NotNullWhen(true)] out SdpConnection? connection)
    {
        connection = null;
        var tokens = new SdpTokenizer(value);
        if (!tokens.Next(out var netType) || !tokens.Next(out var addrType) || !tokens.Next(out var address) || tokens.Next(out _))
        {
            return false;
        }

        int? ttl = null, count = null;
        var isIp4 = addrType.Equals("IP4", StringComparison.OrdinalIgnoreCase);
        var isIp6 = addrType.Equals("IP6", StringComparison.OrdinalIgnoreCase);
        if (isIp4 || isIp6)
        {
            var slash = address.IndexOf('/');
            if (slash >= 0)
            {
                var suffix = address[(slash + 1)..];
                address = address[..slash];
                var second = suffix.IndexOf('/');
                var first = second < 0 ? suffix : suffix[..second];
                if (isIp4)
                {
                    if (!SdpSyntax.TryParseInt32(first, 255, out var t)) return false;
                    ttl = t;
                    if (second >= 0)
                    {
                        if (!SdpSyntax.TryParseInt32(suffix[(second + 1)..], int.MaxValue, out var c) || c == 0) return false;
                        count = c;
                    }
                }
                else
                {
                    if (second >= 0 || !SdpSyntax.TryParseInt32(first, int.MaxValue, out var c) || c == 0) return false;
                    count = c;
                }
            }

            if (address.IsEmpty) return false;
        }

        connection = new SdpConnection(SdpSyntax.Intern(netType), SdpSyntax.Intern(addrType), SdpSyntax.Intern(address), ttl, count);
        return true;
    }
}
