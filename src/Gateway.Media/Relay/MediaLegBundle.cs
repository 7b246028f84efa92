namespace Gateway.Media.Relay;

/// <summary>
/// The m-lines that share one leg's transport (RFC 8843 BUNDLE): set on the transport leg's settings
/// (<see cref="MediaLegSettings.Bundle"/>), it tells the leg how to hand each received RTP/RTCP packet to the leg of
/// its m-line. <see langword="null"/> on legs that carry one m-line only.
/// </summary>
internal sealed record MediaLegBundle
{
    /// <summary>The bundled m-lines in m-line order; one of them is the transport leg itself.</summary>
    public required IReadOnlyList<MediaLegBundleMember> Members { get; init; }

    /// <summary>The id the party gave the MID RTP header extension (<c>urn:ietf:params:rtp-hdrext:sdes:mid</c>) in its a=extmap; 0 when it has none.</summary>
    public int MidExtensionId { get; init; }
}
