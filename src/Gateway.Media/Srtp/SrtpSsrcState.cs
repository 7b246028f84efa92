namespace Gateway.Media.Srtp;

/// <summary>What a context remembers about one SSRC: the SRTP index (ROC ‖ highest SEQ) with its replay window, and
/// the SRTCP index (next to send, or highest received with its own window).</summary>
internal sealed class SrtpSsrcState
{
    /// <summary>The SSRC.</summary>
    public uint Ssrc;

    /// <summary>SRTP: highest 48-bit index (ROC · 2^16 + SEQ) and replay bitmap.</summary>
    public ReplayWindow Rtp;

    /// <summary>SRTCP: highest 31-bit index and replay bitmap.</summary>
    public ReplayWindow Rtcp;

    /// <summary>SRTCP index of the next packet to protect (RFC 3711 §3.4: starts at 0).</summary>
    public uint NextRtcpIndex;

    public void Reset(uint ssrc)
    {
        Ssrc = ssrc;
        Rtp.Reset();
        Rtcp.Reset();
        NextRtcpIndex = 0;
    }

    public void CopyFrom(SrtpSsrcState other)
    {
        Ssrc = other.Ssrc;
        Rtp = other.Rtp;
        Rtcp = other.Rtcp;
        NextRtcpIndex = other.NextRtcpIndex;
    }
}
