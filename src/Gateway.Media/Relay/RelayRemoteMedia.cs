using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Gateway.Media.Dtls;
using Gateway.Media.Ice;
using Gateway.Media.Sdp;

namespace Gateway.Media.Relay;

/// <summary>What a party said about one m-line in its latest SDP: where it receives, how it secures media, its ICE.</summary>
internal sealed class RelayRemoteMedia
{
    /// <summary>The URI of the MID RTP header extension.</summary>
    public const string MidExtensionUri = "urn:ietf:params:rtp-hdrext:sdes:mid";

    public required string Protocol { get; init; }

    public required string MediaType { get; init; }

    /// <summary>Where the party receives RTP (see <see cref="Read"/> for the address rule); null while unknown.</summary>
    public IPEndPoint? Rtp { get; init; }

    /// <summary>Where the party receives RTCP when not muxed (a=rtcp, else RTP port + 1).</summary>
    public IPEndPoint? Rtcp { get; init; }

    public bool RtcpMux { get; init; }

    public IceCredentials? Ice { get; init; }

    public IReadOnlyList<DtlsFingerprint> Fingerprints { get; init; } = [];

    public SdpSetup? Setup { get; init; }

    public IReadOnlyList<SdpCrypto> Cryptos { get; init; } = [];

    public SdpDirection Direction { get; init; }

    public string? Mid { get; init; }

    /// <summary>The SSRCs the party announced for the m-line (a=ssrc and a=ssrc-group, each once).</summary>
    public IReadOnlyList<uint> Ssrcs { get; init; } = [];

    /// <summary>The m-line's numeric payload types.</summary>
    public IReadOnlyList<int> PayloadTypes { get; init; } = [];

    /// <summary>The party's a=extmap id for the MID header extension (RFC 8843 §15.1), or 0.</summary>
    public int MidExtensionId { get; init; }

    /// <summary>Whether the party refused or disabled the stream (port 0).</summary>
    public bool Rejected { get; init; }

    /// <summary>
    /// Reads one m-line of a party's SDP. Address rule (rtpengine's <c>received-from</c>): the SDP's connection
    /// address is used when <paramref name="trustAddress"/> is set, when no <paramref name="receivedFrom"/> is known,
    /// or when it is a public address; a private, loopback, link-local or CGNAT address in the SDP is replaced by
    /// the address the signalling came from (the port stays the SDP's). An unspecified address (0.0.0.0, the
    /// browsers' placeholder) or a host name leaves the address unknown: it is learned from ICE or latching.
    /// </summary>
    public static RelayRemoteMedia Read(MediaDescription media, IPEndPoint? receivedFrom, bool trustAddress)
    {
        var port = media.Port;
        IPEndPoint? rtp = null, rtcp = null;
        var mux = media.RtcpMux;
        if (port > 0 && media.EffectiveConnection?.TryGetIPAddress() is { } address && !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any))
        {
            if (!trustAddress && receivedFrom is not null && !address.Equals(receivedFrom.Address) && IsPrivate(address)) address = receivedFrom.Address;
            rtp = new IPEndPoint(address, port);
            if (media.Rtcp is { } attribute)
            {
                var rtcpAddress = attribute.Address is { } text && IPAddress.TryParse(text, out var parsed) && !parsed.Equals(IPAddress.Any) && (trustAddress || !IsPrivate(parsed))
                    ? parsed
                    : address;
                rtcp = attribute.Port > 0 ? new IPEndPoint(rtcpAddress, attribute.Port) : null;
            }
            else if (port < 65535)
            {
                rtcp = new IPEndPoint(address, port + 1);
            }
        }

        var ufrag = media.IceUfrag;
        var pwd = media.IcePwd;
        var ice = IceCredentials.IsValidUsernameFragment(ufrag) && IceCredentials.IsValidPassword(pwd) ? new IceCredentials(ufrag!, pwd!) : null;

        var fingerprints = new List<DtlsFingerprint>(1);
        foreach (var fingerprint in media.Fingerprints)
        {
            if (DtlsFingerprint.TryParse(fingerprint.ToString(), out var parsed)) fingerprints.Add(parsed);
        }

        var ssrcs = new List<uint>();
        foreach (var ssrc in media.Ssrcs)
        {
            if (!ssrcs.Contains(ssrc.Ssrc)) ssrcs.Add(ssrc.Ssrc);
        }

        foreach (var group in media.SsrcGroups)
        {
            foreach (var ssrc in group.Ssrcs)
            {
                if (!ssrcs.Contains(ssrc)) ssrcs.Add(ssrc);
            }
        }

        var payloadTypes = new List<int>(media.Formats.Count);
        foreach (var format in media.Formats)
        {
            if (int.TryParse(format, NumberStyles.None, CultureInfo.InvariantCulture, out var payloadType) && payloadType <= 127) payloadTypes.Add(payloadType);
        }

        return new RelayRemoteMedia
        {
            Protocol = media.Protocol,
            MediaType = media.Media,
            Rtp = rtp,
            Rtcp = rtcp,
            RtcpMux = mux,
            Ice = ice,
            Fingerprints = fingerprints,
            Setup = media.Setup,
            Cryptos = media.Cryptos,
            Direction = media.Direction,
            Mid = media.Mid,
            Ssrcs = ssrcs,
            PayloadTypes = payloadTypes,
            MidExtensionId = ReadMidExtensionId(media),
            Rejected = port == 0 && !media.IsBundleOnly,
        };
    }

    /// <summary>The id of <c>a=extmap:&lt;id&gt;[/&lt;direction&gt;] urn:ietf:params:rtp-hdrext:sdes:mid</c>, or 0.</summary>
    private static int ReadMidExtensionId(MediaDescription media)
    {
        foreach (var attribute in media.Attributes)
        {
            if (!attribute.Is("extmap") || attribute.Value is not { } value) continue;
            var space = value.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0) continue;
            var uri = value.AsSpan(space + 1).Trim();
            var end = uri.IndexOf(' ');
            if (end >= 0) uri = uri[..end];
            if (!uri.Equals(MidExtensionUri, StringComparison.OrdinalIgnoreCase)) continue;
            var id = value.AsSpan(0, space);
            var slash = id.IndexOf('/');
            if (slash >= 0) id = id[..slash];
            if (int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is > 0 and < 256) return parsed;
        }

        return 0;
    }

    /// <summary>RFC 1918, RFC 6598 (CGNAT), loopback, link-local; IPv6 ULA, link-local and loopback.</summary>
    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return true;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal;
        }

        Span<byte> b = stackalloc byte[4];
        if (!address.TryWriteBytes(b, out _)) return false;
        return b[0] == 10
            || (b[0] == 172 && (b[1] & 0xF0) == 16)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && (b[1] & 0xC0) == 64);
    }
}
