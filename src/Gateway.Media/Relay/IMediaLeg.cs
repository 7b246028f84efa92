using System.Net;

namespace Gateway.Media.Relay;

/// <summary>
/// One side of one relayed media stream (one m-line toward one party): the relay's socket(s) for that party, the
/// security in force toward it (plain, SDES-SRTP or DTLS-SRTP, ICE-lite), address latching, and counters.
/// Packets received from the party are authenticated/decrypted here and handed to <see cref="Peer"/>, which
/// protects them for its own party and sends them. The contract between the session layer (SDP, flags, ports)
/// and the packet path.
/// </summary>
internal interface IMediaLeg : IAsyncDisposable
{
    /// <summary>The relay's RTP address toward the party (the socket's bound address; the SDP may advertise another).</summary>
    IPEndPoint LocalRtpEndPoint { get; }

    /// <summary>The relay's separate RTCP address toward the party, or <see langword="null"/> when the leg has one socket only.</summary>
    IPEndPoint? LocalRtcpEndPoint { get; }

    /// <summary>The leg that forwards what this leg receives (and whose received packets this leg sends).</summary>
    IMediaLeg? Peer { get; set; }

    /// <summary>
    /// Applies (or, on a re-offer, re-applies) what the SDP exchange decided for this leg. Safe to call while packets
    /// flow: a change of ICE credentials restarts ICE, a change of DTLS role or remote fingerprint starts a new
    /// handshake, a change of SDES keys replaces the SRTP contexts; unchanged settings keep their state.
    /// </summary>
    void Configure(MediaLegSettings settings);

    /// <summary>
    /// Sends one plain RTP or RTCP packet (already decrypted by <see cref="Peer"/>) to this leg's party: protects it
    /// for this leg in place (the buffer has room for the SRTP tag and index) and sends it to the current remote
    /// address. Called on the peer's receive loop; must not block or allocate.
    /// </summary>
    /// <param name="buffer">The packet at offset 0, with at least <see cref="MediaLegLimits.ProtectOverhead"/> spare bytes after it.</param>
    /// <param name="length">The packet's length.</param>
    /// <param name="isRtcp">Whether it is RTCP (else RTP).</param>
    void Send(Span<byte> buffer, int length, bool isRtcp);

    /// <summary>A snapshot of the leg's counters and addresses.</summary>
    MediaLegStatistics GetStatistics();
}
