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
}
