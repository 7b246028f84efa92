using System.Globalization;
using System.Net;
using Gateway.Core.Media;
using Gateway.Media.Dtls;
using Gateway.Media.Ice;
using Gateway.Media.Sdp;
using Gateway.Media.Srtp;

namespace Gateway.Media.Relay;

/// <summary>
/// Decides what the relay says toward an SDP's recipient (rtpengine semantics of <see cref="MediaFlags"/>) and
/// rewrites the SDP accordingly: c=/m= ports to the relay, protocol, ICE (removed, or the relay's ICE-lite
/// credentials and candidates), DTLS fingerprint and setup, SDES a=crypto, rtcp-mux and a=rtcp. Codecs, rtpmap/fmtp,
/// mid, ssrc, msid and non-BUNDLE groups pass through untouched: the relay is codec-transparent.
/// </summary>
/// <remarks>
/// BUNDLE (RFC 8843) is the relay's own business toward each party: a party the relay bundles
/// (<see cref="RelayParty.Bundles"/>) gets a BUNDLE group over its bundled, accepted m-lines (the transport's m-line
/// first, as the tag) and the same transport in each of them — port, ICE credentials and candidate, fingerprint,
/// setup, SDES key, rtcp-mux; a party the relay does not bundle gets no BUNDLE group at all, whatever the other side
/// wrote.
/// </remarks>
internal sealed class RelaySdpRewriter
{
    private const string TlsId = "tls-id";
    private readonly IPAddress _advertised;
    private readonly SdpFingerprint _fingerprint;
    private readonly List<SrtpProfile> _suites = [];

    public RelaySdpRewriter(IPAddress advertised, DtlsCertificate certificate, IEnumerable<string> suites)
    {
        _advertised = advertised;
        var fingerprint = certificate.GetFingerprint(DtlsHashFunction.Sha256);
        _fingerprint = new SdpFingerprint(fingerprint.HashFunctionName, fingerprint.HexValue);
        foreach (var name in suites)
        {
            if (SrtpProfile.TryFromName(name, out var profile) && !_suites.Contains(profile)) _suites.Add(profile);
        }
    }

    /// <summary>The relay's certificate fingerprint as written in a=fingerprint.</summary>
    public SdpFingerprint Fingerprint => _fingerprint;

    /// <summary>The address advertised toward a recipient: <c>media-address=</c>, else the configured one.</summary>
    public IPAddress AdvertisedAddress(MediaFlags flags) =>
        flags.MediaAddress is { } text && IPAddress.TryParse(text, out var address) ? address : _advertised;

    /// <summary>Takes in a party's new SDP for one m-line: what it said, and a new ICE password toward it on an ICE restart.</summary>
    public static void ReadSender(RelayStream stream, RelayRemoteMedia remote, MediaFlags flags)
    {
        var previous = stream.Remote;
        stream.Remote = remote;
        stream.MediaType = remote.MediaType;
        stream.Latch = !flags.Asymmetric;
        stream.StrictSource = flags.StrictSource;

        // ICE restart (RFC 8445 §9): the party changed its ufrag/pwd, so the relay's side toward it restarts too.
        if (stream.LocalIce is not null && remote.Ice is not null && previous?.Ice is not null && previous.Ice != remote.Ice)
        {
            stream.LocalIce = IceCredentials.Generate();
        }
    }

    /// <summary>
    /// Provisional values toward an offerer until its answer is rewritten (so its leg can work at once): its own
    /// protocol, ICE if it uses ICE, the DTLS role opposite its a=setup, its first usable SDES key.
    /// </summary>
    public void ProvisionOfferer(RelayStream stream)
    {
        var remote = stream.Remote!;
        if (stream.Negotiated)
        {
            // Re-offer: the answer settles everything again; follow a forced a=setup of the party now.
            if (remote.Setup == SdpSetup.Active) stream.DtlsRole = DtlsRole.Server;
            else if (remote.Setup == SdpSetup.Passive) stream.DtlsRole = DtlsRole.Client;
            return;
        }

        var kind = ParseProtocol(remote.Protocol);
        stream.Protocol = remote.Protocol;
        stream.ProtocolKind = kind;
        stream.LocalIce = remote.Ice is null ? null : stream.LocalIce ?? IceCredentials.Generate();
        stream.Dtls = kind.IsDtls();
        stream.DtlsRole = remote.Setup == SdpSetup.Active ? DtlsRole.Server : DtlsRole.Client;
        stream.RtcpMux = remote.RtcpMux || stream.BundleTransport is not null;
        if (IsSdes(kind)) ChooseSdes(stream, remote, new MediaFlags());
    }

    /// <summary>Settles the relay's side toward an answerer from its answer: DTLS role, the SDES tag it accepted, rtcp-mux.</summary>
    public static void ReadAnswerer(RelayStream stream)
    {
        var remote = stream.Remote!;
        stream.DtlsRole = stream.LocalSetup switch
        {
            SdpSetup.Active => DtlsRole.Client,
            SdpSetup.Passive => DtlsRole.Server,
            _ => remote.Setup == SdpSetup.Passive ? DtlsRole.Client : DtlsRole.Server,
        };

        stream.SdesInbound = null;
        stream.SdesOutbound = null;
        foreach (var crypto in remote.Cryptos)
        {
            if (stream.OfferedSdes.TryGetValue(crypto.Tag, out var ours) && string.Equals(ours.Profile.Name, crypto.Suite, StringComparison.Ordinal)
                && RelaySdes.TryRead(crypto, out var theirs))
            {
                stream.SdesOutbound = ours;
                stream.SdesInbound = theirs;
                stream.SdesTag = crypto.Tag;
                break;
            }
        }

        stream.RtcpMux = stream.RtcpMuxRequired || (stream.RtcpMux && remote.RtcpMux);
        stream.Negotiated = true;
    }

    /// <summary>Rewrites an offer for its recipient and settles what the relay offers toward it.</summary>
    public void RewriteOffer(SessionDescription sdp, RelayParty sender, RelayParty recipient, MediaFlags flags)
    {
        var address = AdvertisedAddress(flags);
        var anyIce = false;
        List<RelayStream>? settled = null;
        PrepareSession(sdp, flags, address);
        for (var i = 0; i < sdp.Media.Count; i++)
        {
            var media = sdp.Media[i];
            var stream = recipient.GetStream(i);
            if (stream is null || sender.GetStream(i)?.Remote is not { Rejected: false } offered)
            {
                Disable(sdp, media, address);
                continue;
            }

            var kind = flags.TransportProtocol != MediaTransportProtocol.Unchanged ? flags.TransportProtocol : ParseProtocol(media.Protocol);
            stream.Protocol = flags.TransportProtocol.ToSdpName() ?? media.Protocol;
            stream.ProtocolKind = kind;
            stream.MediaType = media.Media;

            var useIce = flags.Ice switch
            {
                MediaIceMode.Remove => false,
                MediaIceMode.Default => offered.Ice is not null,
                _ => true,
            };
            stream.LocalIce = useIce ? stream.LocalIce ?? IceCredentials.Generate() : null;
            stream.RelayCandidates = flags.Ice == MediaIceMode.ForceRelay;
            anyIce |= useIce;

            stream.Dtls = kind.IsDtls() && flags.Dtls != MediaDtlsMode.Off;
            if (stream.Dtls)
            {
                var setup = flags.Dtls switch
                {
                    MediaDtlsMode.Passive => SdpSetup.Passive,
                    MediaDtlsMode.Active => SdpSetup.Active,
                    // A re-offer keeps the role already in force (no needless new handshake); a first offer lets the recipient choose.
                    _ when stream.Negotiated && stream.LocalSetup is not null => stream.DtlsRole == DtlsRole.Client ? SdpSetup.Active : SdpSetup.Passive,
                    _ => SdpSetup.ActPass,
                };
                stream.LocalSetup = setup;
                stream.DtlsRole = setup == SdpSetup.Active ? DtlsRole.Client : DtlsRole.Server;
            }
            else
            {
                stream.LocalSetup = null;
            }

            if (IsSdes(kind) && !flags.SdesOff) OfferSdes(stream, flags);
            else stream.OfferedSdes.Clear();

            var webRtc = kind == MediaTransportProtocol.UdpTlsRtpSavpf;
            var mux = flags.RtcpMux;
            stream.RtcpMuxRequired = (mux & MediaRtcpMux.Require) != 0;
            stream.RtcpMux = stream.RtcpMuxRequired || (mux & MediaRtcpMux.Offer) != 0 || webRtc
                || (offered.RtcpMux && (mux & MediaRtcpMux.Demux) == 0);

            ShareBundle(stream, ref settled);
            var needsMid = webRtc || stream.BundleTransport is not null;
            WriteMedia(sdp, media, stream, address, offer: true, webRtc, mid: needsMid ? media.Mid ?? i.ToString(CultureInfo.InvariantCulture) : null);
        }

        // A WebRTC recipient (max-bundle) refuses an offer without a BUNDLE group: the relay writes its own.
        WriteBundleGroup(sdp, recipient);
        sdp.IceLite = anyIce;
    }

    /// <summary>Rewrites an answer for the offerer and settles the relay's side toward the offerer.</summary>
    /// <returns>A warning (an SDES offer with no usable suite), or null.</returns>
    public string? RewriteAnswer(SessionDescription sdp, RelayParty answerer, RelayParty offerer, MediaFlags flags)
    {
        string? warning = null;
        var address = AdvertisedAddress(flags);
        var anyIce = false;
        List<RelayStream>? settled = null;
        PrepareSession(sdp, flags, address);
        for (var i = 0; i < sdp.Media.Count; i++)
        {
            var media = sdp.Media[i];
            var stream = offerer.GetStream(i);
            if (stream?.Remote is not { Rejected: false } offered || answerer.GetStream(i)?.Remote is not { Rejected: false })
            {
                Disable(sdp, media, address);
                if (stream?.Remote?.Mid is { } rejectedMid && media.Mid is null) media.Mid = rejectedMid;
                continue;
            }

            var kind = flags.TransportProtocol != MediaTransportProtocol.Unchanged ? flags.TransportProtocol : ParseProtocol(offered.Protocol);
            stream.Protocol = flags.TransportProtocol.ToSdpName() ?? offered.Protocol;
            stream.ProtocolKind = kind;
            stream.MediaType = media.Media;

            var useIce = flags.Ice switch
            {
                MediaIceMode.Remove => false,
                MediaIceMode.Force or MediaIceMode.ForceRelay => true,
                _ => offered.Ice is not null,
            };
            stream.LocalIce = useIce ? stream.LocalIce ?? IceCredentials.Generate() : null;
            stream.RelayCandidates = flags.Ice == MediaIceMode.ForceRelay;
            anyIce |= useIce;

            stream.Dtls = kind.IsDtls() && flags.Dtls != MediaDtlsMode.Off;
            if (stream.Dtls)
            {
                // The complement of the offerer's a=setup; to an actpass offer the relay answers active, as rtpengine does.
                var setup = flags.Dtls switch
                {
                    MediaDtlsMode.Passive => SdpSetup.Passive,
                    MediaDtlsMode.Active => SdpSetup.Active,
                    _ => offered.Setup == SdpSetup.Active ? SdpSetup.Passive : SdpSetup.Active,
                };
                stream.LocalSetup = setup;
                stream.DtlsRole = setup == SdpSetup.Active ? DtlsRole.Client : DtlsRole.Server;
            }
            else
            {
                stream.LocalSetup = null;
            }

            if (IsSdes(kind) && !flags.SdesOff)
            {
                if (!ChooseSdes(stream, offered, flags)) warning = "No SDES crypto suite in common with the offer";
            }
            else
            {
                stream.SdesInbound = null;
                stream.SdesOutbound = null;
            }

            stream.RtcpMuxRequired = (flags.RtcpMux & MediaRtcpMux.Require) != 0;
            stream.RtcpMux = stream.RtcpMuxRequired || (offered.RtcpMux && (flags.RtcpMux & MediaRtcpMux.Reject) == 0);
            stream.Negotiated = true;

            var webRtc = kind == MediaTransportProtocol.UdpTlsRtpSavpf;
            ShareBundle(stream, ref settled);
            WriteMedia(sdp, media, stream, address, offer: false, webRtc, mid: offered.Mid);
        }

        // A WebRTC offerer that bundled refuses an answer that drops its BUNDLE group (an answer from a plain RTP phone);
        // one that did not bundle must not be told to (an answer from a bundling browser).
        WriteBundleGroup(sdp, offerer);

        // An answer has as many m-lines as the offer (RFC 3264 §6): add the missing ones, rejected.
        if (offerer.LastSdp is { } offer)
        {
            for (var i = sdp.Media.Count; i < offer.Media.Count; i++)
            {
                // Only what identifies the section: type, protocol, one format, mid; nothing of the offerer's own.
                var source = offer.Media[i];
                var protocol = offerer.GetStream(i)?.Protocol ?? source.Protocol;
                var missing = new MediaDescription(source.Media, 0, protocol, source.Formats.Count > 0 ? [source.Formats[0]] : []);
                if (sdp.Connection is null) missing.Connection = SdpConnection.FromAddress(address);
                if (source.Mid is { } mid) missing.Mid = mid;
                sdp.Media.Add(missing);
            }
        }

        sdp.IceLite = anyIce;
        return warning;
    }

    /// <summary>
    /// Gives a bundled m-line the transport of its bundle: the first bundled m-line settled in this rewrite (normally
    /// the transport's own, which comes first) sets the shared values, the others take them. Bundling implies rtcp-mux.
    /// </summary>
    private static void ShareBundle(RelayStream stream, ref List<RelayStream>? settled)
    {
        if (stream.BundleTransport is not { } transport) return;
        stream.RtcpMux = true;
        stream.RtcpMuxRequired = true;
        settled ??= [];
        if (ReferenceEquals(transport, stream))
        {
            settled.Add(stream);
            return;
        }

        if (settled.Contains(transport))
        {
            CopyTransport(transport, stream);
        }
        else
        {
            // The transport's own m-line was rejected in this exchange: it carries this m-line's values.
            CopyTransport(stream, transport);
            settled.Add(transport);
        }
    }

    private static void CopyTransport(RelayStream from, RelayStream to)
    {
        to.LocalIce = from.LocalIce;
        to.RelayCandidates = from.RelayCandidates;
        to.Dtls = from.Dtls;
        to.LocalSetup = from.LocalSetup;
        to.DtlsRole = from.DtlsRole;
        to.OfferedSdes.Clear();
        foreach (var (tag, key) in from.OfferedSdes) to.OfferedSdes[tag] = key;
        to.SdesOutbound = from.SdesOutbound;
        to.SdesInbound = from.SdesInbound;
        to.SdesTag = from.SdesTag;
        to.RtcpMux = true;
        to.RtcpMuxRequired = true;
    }

    /// <summary>
    /// Replaces any BUNDLE group with the relay's toward <paramref name="party"/>: its bundled m-lines the SDP keeps
    /// (port not 0), the transport's first; none when the relay does not bundle the party.
    /// </summary>
    private static void WriteBundleGroup(SessionDescription sdp, RelayParty party)
    {
        sdp.RemoveGroups("BUNDLE");
        if (!party.Bundles || party.BundleTransport is not { } transport) return;
        List<string>? mids = null;
        for (var i = 0; i < sdp.Media.Count; i++)
        {
            var media = sdp.Media[i];
            if (media.Port == 0 || media.Mid is not { } mid || party.GetStream(i) is not { } stream || !ReferenceEquals(stream.BundleTransport, transport)) continue;
            mids ??= [];
            if (ReferenceEquals(stream, transport)) mids.Insert(0, mid);
            else mids.Add(mid);
        }

        if (mids is not null) sdp.AddGroup(new SdpGroup("BUNDLE", mids));
    }

    /// <summary>The protocol of an SDP token; unknown RTP profiles count as plain RTP.</summary>
    public static MediaTransportProtocol ParseProtocol(string protocol) =>
        MediaTransportProtocolExtensions.TryParse(protocol, out var kind) ? kind : MediaTransportProtocol.RtpAvp;

    private static bool IsSdes(MediaTransportProtocol kind) => kind is MediaTransportProtocol.RtpSavp or MediaTransportProtocol.RtpSavpf;

    private static void PrepareSession(SessionDescription sdp, MediaFlags flags, IPAddress address)
    {
        // Everything transport-related the sender wrote is about its own leg, not the relay's: drop it first.
        sdp.RemoveIce();
        sdp.IceLite = false;
        sdp.Fingerprint = null;
        sdp.Setup = null;
        sdp.Attributes.RemoveAll(TlsId);
        var connection = SdpConnection.FromAddress(address);
        if (flags.ReplaceOrigin)
        {
            sdp.Origin = sdp.Origin with { NetworkType = "IN", AddressType = connection.AddressType, Address = connection.Address };
        }

        if (flags.ReplaceSessionConnection && sdp.Connection is not null) sdp.Connection = connection;
    }

    private static void StripTransport(MediaDescription media)
    {
        media.RemoveIce();
        media.Fingerprint = null;
        media.Setup = null;
        media.Attributes.RemoveAll(TlsId);
        media.RemoveCryptos();
        media.Rtcp = null;
        media.RtcpMux = false;
    }

    private static void SetConnection(SessionDescription sdp, MediaDescription media, SdpConnection connection)
    {
        // A media-level c= is written when the section had one, or when the session-level one (if any) is not the relay.
        if (media.Connection is not null || sdp.Connection is null || !sdp.Connection.Equals(connection)) media.Connection = connection;
    }

    private static void Disable(SessionDescription sdp, MediaDescription media, IPAddress address)
    {
        StripTransport(media);
        media.IsBundleOnly = false;
        media.Port = 0;
        media.PortCount = null;
        if (media.Connection is not null) SetConnection(sdp, media, SdpConnection.FromAddress(address));
    }

    private void WriteMedia(SessionDescription sdp, MediaDescription media, RelayStream stream, IPAddress address, bool offer, bool webRtc, string? mid)
    {
        StripTransport(media);
        media.IsBundleOnly = false;
        media.Port = stream.Ports.RtpPort;
        media.PortCount = null;
        media.Protocol = stream.Protocol;
        SetConnection(sdp, media, SdpConnection.FromAddress(address));
        if (mid is not null && media.Mid is null) media.Mid = mid;

        // a=rtcp: always without mux; with mux only as the fallback of a non-WebRTC offer that does not require mux.
        var writeRtcp = !stream.RtcpMux || (offer && !stream.RtcpMuxRequired && !webRtc);
        if (stream.RtcpMux) media.RtcpMux = true;
        if (writeRtcp) media.Rtcp = new SdpRtcp(stream.Ports.RtcpPort);

        if (stream.LocalIce is { } ice)
        {
            media.IceUfrag = ice.UsernameFragment;
            media.IcePwd = ice.Password;
            var text = address.ToString();
            media.AddCandidate(Candidate(1, text, stream.Ports.RtpPort, stream.RelayCandidates));
            if (writeRtcp) media.AddCandidate(Candidate(2, text, stream.Ports.RtcpPort, stream.RelayCandidates));
            media.EndOfCandidates = true;
        }

        if (stream.Dtls && stream.LocalSetup is { } setup)
        {
            media.Fingerprint = _fingerprint;
            media.Setup = setup;
        }

        if (offer)
        {
            foreach (var (tag, key) in stream.OfferedSdes) media.AddCrypto(RelaySdes.ToCrypto(tag, key));
        }
        else if (stream.SdesOutbound is { } outbound)
        {
            media.AddCrypto(RelaySdes.ToCrypto(stream.SdesTag, outbound));
        }
    }

    /// <summary>A relay candidate (RFC 8445 §5.1.2.1 priority; type preference 126 for host, 0 for relay).</summary>
    private static SdpCandidate Candidate(int component, string address, int port, bool relay)
    {
        var typePreference = relay ? 0u : 126u;
        var priority = (typePreference << 24) | (65535u << 8) | (uint)(256 - component);
        return relay
            ? new SdpCandidate("2", component, "UDP", priority, address, port, "relay", address, port)
            : new SdpCandidate("1", component, "UDP", priority, address, port, "host");
    }

    private void OfferSdes(RelayStream stream, MediaFlags flags)
    {
        // Keep the keys already offered when the suites are the same (a re-offer must not rekey needlessly).
        var tag = 0;
        var same = true;
        foreach (var profile in _suites)
        {
            if (!RelaySdes.IsAllowed(profile.Name, flags)) continue;
            tag++;
            same &= stream.OfferedSdes.TryGetValue(tag, out var existing) && existing.Profile == profile;
        }

        if (same && tag == stream.OfferedSdes.Count) return;
        stream.OfferedSdes.Clear();
        tag = 0;
        foreach (var profile in _suites)
        {
            if (!RelaySdes.IsAllowed(profile.Name, flags)) continue;
            stream.OfferedSdes[++tag] = stream.SdesOutbound is { } current && current.Profile == profile ? current : RelaySdes.Generate(profile);
        }
    }

    private bool ChooseSdes(RelayStream stream, RelayRemoteMedia offered, MediaFlags flags)
    {
        foreach (var crypto in offered.Cryptos)
        {
            if (!RelaySdes.IsAllowed(crypto.Suite, flags) || !RelaySdes.TryRead(crypto, out var theirs)) continue;
            if (!_suites.Contains(theirs!.Profile)) continue;
            stream.SdesInbound = theirs;
            stream.SdesOutbound = stream.SdesOutbound is { } current && current.Profile == theirs.Profile ? current : RelaySdes.Generate(theirs.Profile);
            stream.SdesTag = crypto.Tag;
            return true;
        }

        stream.SdesInbound = null;
        stream.SdesOutbound = null;
        return false;
    }
}
