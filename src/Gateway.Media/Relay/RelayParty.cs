using Gateway.Media.Sdp;

namespace Gateway.Media.Relay;

/// <summary>
/// One party of a call (rtpengine's monologue): its tag, once known, and one <see cref="RelayStream"/> per m-line,
/// each with the leg facing the party. The answering party has no tag until its answer arrives.
/// </summary>
internal sealed class RelayParty
{
    public RelayParty(string? tag) => Tag = tag;

    /// <summary>The party's SIP tag; null for the recipient of an offer not yet answered.</summary>
    public string? Tag { get; set; }

    /// <summary>Streams by m-line index; null where the m-line carries no relayed RTP.</summary>
    public List<RelayStream?> Streams { get; } = [];

    /// <summary>
    /// Whether the relay bundles this party's m-lines (RFC 8843): it offered a BUNDLE group, or the relay offered it one
    /// (a WebRTC recipient). Decided when the party's first streams are made; re-offers keep it.
    /// </summary>
    public bool Bundles { get; set; }

    /// <summary>The stream carrying the party's BUNDLE transport, once made.</summary>
    public RelayStream? BundleTransport { get; set; }

    /// <summary>The party's latest SDP as it sent it (before rewriting).</summary>
    public SessionDescription? LastSdp { get; set; }

    public RelayStream? GetStream(int index) => index < Streams.Count ? Streams[index] : null;
}
