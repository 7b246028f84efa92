namespace Gateway.Media.Dtls;

/// <summary>
/// Where a <see cref="DtlsSrtpHandshake"/> sends its DTLS datagrams: typically the relay socket of a media leg, sending
/// to the peer's current (ICE-nominated) address. Received DTLS datagrams go the other way, through
/// <see cref="DtlsSrtpHandshake.DeliverPacket"/>, after the relay has demultiplexed them (RFC 7983: first byte 20–63).
/// </summary>
public interface IDtlsPacketChannel
{
    /// <summary>Sends one datagram to the peer. Called from the handshake thread; must not block for long.</summary>
    /// <param name="datagram">The datagram; only valid during the call.</param>
    void Send(ReadOnlySpan<byte> datagram);
}
