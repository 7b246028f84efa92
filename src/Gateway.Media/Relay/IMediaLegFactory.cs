using System.Net.Sockets;

namespace Gateway.Media.Relay;

/// <summary>Creates the packet path for a leg over sockets the port allocator bound.</summary>
internal interface IMediaLegFactory
{
    /// <summary>Creates a leg that owns <paramref name="rtp"/> (and <paramref name="rtcp"/>, when given) and starts receiving.</summary>
    /// <param name="rtp">The bound RTP socket (UDP).</param>
    /// <param name="rtcp">The bound RTCP socket (RTP port + 1), or <see langword="null"/> for an rtcp-mux-only leg.</param>
    /// <param name="label">A label for logs (call-id, tag, m-line index).</param>
    IMediaLeg Create(Socket rtp, Socket? rtcp, string label);

    /// <summary>
    /// Creates the leg of an m-line bundled onto <paramref name="transport"/> (RFC 8843): no socket of its own; it
    /// receives what the transport demultiplexes to it and sends through the transport's socket, ICE, DTLS and keys.
    /// The transport learns about it from <see cref="MediaLegSettings.Bundle"/>.
    /// </summary>
    /// <param name="transport">A leg this factory created.</param>
    /// <param name="label">A label for logs (call-id, tag, m-line index).</param>
    IMediaLeg CreateBundled(IMediaLeg transport, string label);
}
