using Gateway.Core.Media;
using Gateway.Media.Dtls;
using Gateway.Media.Ice;
using Gateway.Media.Sdp;

namespace Gateway.Media.Relay;

/// <summary>
/// One m-line of one party: the leg (socket pair) facing that party, what the party said about the stream
/// (<see cref="Remote"/>) and what the relay says toward it (protocol, ICE, DTLS role, SDES keys, rtcp-mux).
/// </summary>
internal sealed class RelayStream
{
    public RelayStream(int index, RelayPortPair ports, IMediaLeg leg)
    {
        Index = index;
        Ports = ports;
        Leg = leg;
    }

    public int Index { get; }

    public RelayPortPair Ports { get; }

    public IMediaLeg Leg { get; }

    /// <summary>
    /// When the m-line is bundled toward its party (RFC 8843): the stream whose leg carries the BUNDLE transport — this
    /// stream itself for the m-line that owns the port pair, else the owner (this stream's <see cref="Ports"/> are then
    /// the owner's, and its leg a bundled leg on the owner's). Null when the m-line has a transport of its own.
    /// </summary>
    public RelayStream? BundleTransport { get; set; }

    /// <summary>Whether this stream owns <see cref="Ports"/> (releases them on delete): unbundled, or the bundle's transport.</summary>
    public bool OwnsPorts => BundleTransport is null || ReferenceEquals(BundleTransport, this);

    /// <summary>Whether the m-line shares another m-line's transport.</summary>
    public bool IsBundleMember => BundleTransport is not null && !ReferenceEquals(BundleTransport, this);

    /// <summary>The party's latest SDP for this m-line; null before it sent one (the answerer before its answer).</summary>
    public RelayRemoteMedia? Remote { get; set; }

    /// <summary>Whether the relay's side toward the party was settled by an answer (else the values are provisional).</summary>
    public bool Negotiated { get; set; }

    /// <summary>The media type (<c>audio</c>, <c>video</c>) for counters.</summary>
    public string MediaType { get; set; } = "audio";

    /// <summary>The protocol the relay uses toward the party.</summary>
    public string Protocol { get; set; } = "RTP/AVP";

    public MediaTransportProtocol ProtocolKind { get; set; } = MediaTransportProtocol.RtpAvp;

    /// <summary>The relay's ICE credentials toward the party; null when ICE is off on this leg.</summary>
    public IceCredentials? LocalIce { get; set; }

    /// <summary>Whether the candidates toward the party are advertised as <c>relay</c> (ICE=force-relay).</summary>
    public bool RelayCandidates { get; set; }

    /// <summary>Whether DTLS-SRTP is used toward the party.</summary>
    public bool Dtls { get; set; }

    /// <summary>The a=setup the relay advertised toward the party.</summary>
    public SdpSetup? LocalSetup { get; set; }

    public DtlsRole DtlsRole { get; set; } = DtlsRole.Server;

    /// <summary>The keys the relay offered toward the party, by a=crypto tag (an offer carries one per suite).</summary>
    public Dictionary<int, SdesKey> OfferedSdes { get; } = [];

    public SdesKey? SdesOutbound { get; set; }

    public SdesKey? SdesInbound { get; set; }

    /// <summary>The a=crypto tag of the suite in use (echoed in an answer).</summary>
    public int SdesTag { get; set; }

    public bool RtcpMux { get; set; }

    /// <summary>rtcp-mux-require toward the party: no fallback RTCP port advertised.</summary>
    public bool RtcpMuxRequired { get; set; }

    public bool Latch { get; set; } = true;

    public bool StrictSource { get; set; }

    /// <summary>The settings last given to <see cref="IMediaLeg.Configure"/>.</summary>
    public MediaLegSettings? Settings { get; set; }
}
