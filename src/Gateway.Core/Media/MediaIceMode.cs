namespace Gateway.Core.Media;

/// <summary>rtpengine's <c>ICE=</c> flag: what to do with ICE toward the SDP's recipient.</summary>
public enum MediaIceMode
{
    /// <summary>Offer ICE (the relay's candidates) when the sender used ICE; otherwise leave it out.</summary>
    Default,

    /// <summary>Strip all ICE attributes and candidates.</summary>
    Remove,

    /// <summary>Replace the candidates with the relay's own, whether or not the sender used ICE.</summary>
    Force,

    /// <summary>Like <see cref="Force"/>, advertising the relay's candidates as type <c>relay</c>.</summary>
    ForceRelay,

    /// <summary>Offer ICE but let the recipient ignore it (rtpengine's <c>optional</c>).</summary>
    Optional,
}
