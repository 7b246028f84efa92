using System.Net.Sockets;

namespace Gateway.Media.Relay;

/// <summary>An RTP/RTCP socket pair the <see cref="PortAllocator"/> bound: RTP on an even port, RTCP on the next one.</summary>
internal sealed class RelayPortPair
{
    public RelayPortPair(int rtpPort, Socket rtp, Socket rtcp)
    {
        RtpPort = rtpPort;
        Rtp = rtp;
        Rtcp = rtcp;
    }

    /// <summary>The even RTP port.</summary>
    public int RtpPort { get; }

    /// <summary>The RTCP port: <see cref="RtpPort"/> + 1.</summary>
    public int RtcpPort => RtpPort + 1;

    /// <summary>The bound RTP socket (owned by the leg once created, closed again on release).</summary>
    public Socket Rtp { get; }

    /// <summary>The bound RTCP socket.</summary>
    public Socket Rtcp { get; }

    /// <summary>Set once the pair went back to the allocator.</summary>
    public bool Released { get; set; }
}
