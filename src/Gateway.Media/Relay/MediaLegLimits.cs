namespace Gateway.Media.Relay;

/// <summary>Buffer sizes shared by the packet path.</summary>
internal static class MediaLegLimits
{
    /// <summary>The largest datagram the relay receives (bigger ones are truncated by the socket and dropped).</summary>
    public const int MaxDatagram = 1500;

    /// <summary>Room kept after a packet for SRTP/SRTCP growth: 16-byte tag + 4-byte SRTCP index + MKI slack.</summary>
    public const int ProtectOverhead = 32;

    /// <summary>The size of the buffers the receive loops rent.</summary>
    public const int BufferSize = MaxDatagram + ProtectOverhead;
}
