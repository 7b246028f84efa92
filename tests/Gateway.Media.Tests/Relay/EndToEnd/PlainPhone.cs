using System.Net;
using System.Net.Sockets;
using Gateway.Media.Tests.Relay.Legs;

namespace Gateway.Media.Tests.Relay.EndToEnd;

/// <summary>A SIP phone's media: an RTP and an RTCP socket on loopback, and the SDP that advertises them.</summary>
internal sealed class PlainPhone : IDisposable
{
    public Socket Rtp { get; } = LegNet.Bind();

    public Socket Rtcp { get; } = LegNet.Bind();

    public IPEndPoint RtpEndPoint => Rtp.EndPoint();

    public IPEndPoint RtcpEndPoint => Rtcp.EndPoint();

    /// <summary>A plain RTP/AVP offer or answer (PCMU, PCMA, telephone-event) with an explicit a=rtcp.</summary>
    public string Sdp(long sessionId) =>
        "v=0\r\n" +
        $"o=- {sessionId} 1 IN IP4 127.0.0.1\r\n" +
        "s=-\r\n" +
        "c=IN IP4 127.0.0.1\r\n" +
        "t=0 0\r\n" +
        $"m=audio {RtpEndPoint.Port} RTP/AVP 0 8 101\r\n" +
        $"a=rtcp:{RtcpEndPoint.Port}\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        "a=rtpmap:8 PCMA/8000\r\n" +
        "a=rtpmap:101 telephone-event/8000\r\n" +
        "a=fmtp:101 0-16\r\n" +
        "a=ptime:20\r\n" +
        "a=sendrecv\r\n";

    public void Dispose()
    {
        Rtp.Dispose();
        Rtcp.Dispose();
    }
}
