namespace Gateway.Media.Rtp;

/// <summary>RTCP packet types (the PT field) of the packets a relay meets.</summary>
public enum RtcpPacketType : byte
{
    /// <summary>SR, sender report (RFC 3550 §6.4.1).</summary>
    SenderReport = 200,

    /// <summary>RR, receiver report (RFC 3550 §6.4.2).</summary>
    ReceiverReport = 201,

    /// <summary>SDES, source description (RFC 3550 §6.5).</summary>
    SourceDescription = 202,

    /// <summary>BYE, goodbye (RFC 3550 §6.6).</summary>
    Goodbye = 203,

    /// <summary>APP, application-defined (RFC 3550 §6.7).</summary>
    ApplicationDefined = 204,

    /// <summary>RTPFB, transport-layer feedback (RFC 4585 §6.1: NACK, TWCC…).</summary>
    TransportFeedback = 205,

    /// <summary>PSFB, payload-specific feedback (RFC 4585 §6.1: PLI, FIR, REMB…).</summary>
    PayloadFeedback = 206,

    /// <summary>XR, extended report (RFC 3611).</summary>
    ExtendedReport = 207,
}
