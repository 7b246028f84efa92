using System.Globalization;

namespace Gateway.Media.Sdp;

/// <summary>
/// The <c>o=</c> line (RFC 8866 §5.2): <c>&lt;username&gt; &lt;sess-id&gt; &lt;sess-version&gt; &lt;nettype&gt;
/// &lt;addrtype&gt; &lt;unicast-address&gt;</c>. Immutable; edit with <c>with</c>, e.g.
/// <c>sdp.Origin = sdp.Origin with { Address = "203.0.113.1", SessionVersion = sdp.Origin.SessionVersion + 1 }</c>.
/// </summary>
/// <param name="Username">The user's login on the originating host, or <c>-</c>.</param>
/// <param name="SessionId">The numeric session id, kept as text (any number of digits).</param>
/// <param name="SessionVersion">The version of this description; RFC 3264 §8 increments it on every change.</param>
/// <param name="NetworkType">The network type, normally <c>IN</c>.</param>
/// <param name="AddressType">The address type, normally <c>IP4</c> or <c>IP6</c>.</param>
/// <param name="Address">The originating host's address or name.</param>
public sealed record SdpOrigin(string Username, string SessionId, ulong SessionVersion, string NetworkType, string AddressType, string Address)
{
    /// <summary>The text after <c>o=</c>.</summary>
    /// <returns>The six fields separated by single spaces.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Username} {SessionId} {SessionVersion} {NetworkType} {AddressType} {Address}");

    /// <summary>Parses the text after <c>o=</c>. Separators may be runs of spaces; the session id must be digits.</summary>
    /// <param name="value">The text after <c>o=</c>.</param>
    /// <param name="origin">The parsed origin, or null.</param>
    /// <returns>Whether <paramref name="value"/> is a valid origin.</returns>
    public static bool TryParse(ReadOnlySpan<char> value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SdpOrigin? origin)
    {
        origin = null;
        var tokens = new SdpTokenizer(value);
        if (!tokens.Next(out var user) || !tokens.Next(out var id) || !tokens.Next(out var version)
            || !tokens.Next(out var netType) || !tokens.Next(out var addrType) || !tokens.Next(out var address)
            || tokens.Next(out _))
        {
            return false;
        }

        if (!SdpSyntax.IsDigits(id) || !SdpSyntax.TryParseUInt64(version, out var sessionVersion)) return false;
        origin = new SdpOrigin(user.ToString(), id.ToString(), sessionVersion, SdpSyntax.Intern(netType), SdpSyntax.Intern(addrType), address.ToString());
        return true;
    }
}
