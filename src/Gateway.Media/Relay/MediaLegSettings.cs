using System.Net;
using Gateway.Media.Dtls;
using Gateway.Media.Ice;
using Gateway.Media.Srtp;

namespace Gateway.Media.Relay;

/// <summary>
/// What the SDP offer/answer decided for one leg (see <see cref="IMediaLeg.Configure"/>). Immutable; a re-offer
/// builds a new instance and the leg applies the difference.
/// </summary>
internal sealed record MediaLegSettings
{
    /// <summary>The protocol on this leg, e.g. RTP/AVP or UDP/TLS/RTP/SAVPF (for counters and logs).</summary>
    public required string Protocol { get; init; }

    /// <summary>How packets toward and from the party are protected.</summary>
    public MediaLegSecurity Security { get; init; }

    /// <summary>
    /// Where to send RTP before anything was latched: the address in the party's SDP (or <c>received-from</c> when
    /// the SDP's is private and not trusted). <see langword="null"/> while unknown (e.g. before the answer) — then
    /// nothing is sent until latched.
    /// </summary>
    public IPEndPoint? RemoteRtp { get; init; }

    /// <summary>Where to send RTCP when not muxed (the SDP's a=rtcp, or RTP port + 1).</summary>
    public IPEndPoint? RemoteRtcp { get; init; }

    /// <summary>Whether RTP and RTCP share the RTP socket toward this party (rtcp-mux negotiated).</summary>
    public bool RtcpMux { get; init; }

    /// <summary>
    /// ICE-lite toward this party: the relay's credentials (advertised in the SDP toward it) and the party's
    /// (from its SDP). <see langword="null"/> when ICE is not used on this leg.
    /// </summary>
    public IceCredentials? LocalIce { get; init; }

    /// <summary>The party's ICE credentials; required when <see cref="LocalIce"/> is set.</summary>
    public IceCredentials? RemoteIce { get; init; }

    /// <summary>The relay's DTLS role toward the party when <see cref="Security"/> is <see cref="MediaLegSecurity.Dtls"/>.</summary>
    public DtlsRole DtlsRole { get; init; }

    /// <summary>The relay's certificate (its fingerprint is in the SDP toward the party).</summary>
    public DtlsCertificate? DtlsCertificate { get; init; }

    /// <summary>The party's certificate fingerprint(s) from its SDP; a handshake with any other certificate fails.</summary>
    public IReadOnlyList<DtlsFingerprint> RemoteFingerprints { get; init; } = [];

    /// <summary>SDES: the suite and master key/salt the relay uses to protect what it sends (its a=crypto toward the party).</summary>
    public SdesKey? SdesOutbound { get; init; }

    /// <summary>SDES: the suite and master key/salt the party protects with (its a=crypto).</summary>
    public SdesKey? SdesInbound { get; init; }

    /// <summary>
    /// Latch the party's address from its traffic (symmetric RTP, the default): from the ICE-nominated pair on ICE
    /// legs, from the first SRTP-authenticated packet on secure legs, from the first packet on plain legs.
    /// <see langword="false"/> for rtpengine's <c>asymmetric</c>.
    /// </summary>
    public bool Latch { get; init; } = true;

    /// <summary>rtpengine's <c>strict-source</c>: once latched (or from the SDP address), drop packets from any other source.</summary>
    public bool StrictSource { get; init; }

    /// <summary>Whether the stream is on hold / inactive toward the party (sendonly/inactive): packets are still counted but not forwarded.</summary>
    public bool ForwardingDisabled { get; init; }

    /// <summary>
    /// On the leg that carries a BUNDLE transport (RFC 8843): the m-lines sharing it, for demultiplexing what the party
    /// sends. <see langword="null"/> when the leg carries its own m-line only.
    /// </summary>
    public MediaLegBundle? Bundle { get; init; }
}
