namespace Gateway.Media.Relay.Legs;

/// <summary>One learned SSRC of a BUNDLE transport and the bundled m-line (member index) it belongs to. Immutable.</summary>
/// <param name="Ssrc">The SSRC.</param>
/// <param name="Member">The member's index in the <see cref="MediaBundleDemux"/>.</param>
internal sealed record MediaBundleSsrc(uint Ssrc, int Member);
