namespace Gateway.Core.Media;

/// <summary>rtpengine's <c>DTLS=</c> flag: the relay's DTLS role toward the SDP's recipient.</summary>
public enum MediaDtlsMode
{
    /// <summary>Follow the negotiation (<c>a=setup</c>): <c>actpass</c> in an offer, the complement in an answer.</summary>
    Default,

    /// <summary>Never use DTLS toward the recipient.</summary>
    Off,

    /// <summary>The relay is the DTLS server (<c>a=setup:passive</c>).</summary>
    Passive,

    /// <summary>The relay is the DTLS client (<c>a=setup:active</c>).</summary>
    Active,
}
