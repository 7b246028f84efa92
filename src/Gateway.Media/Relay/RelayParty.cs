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

    /// <summary>The party's latest SDP as it sent it (before rewriting).</summary>
    public SessionDescription? LastSdp { get; set; }

    public RelayStream? GetStream(int index) => index < Streams.Count ? Streams[index] : null;
}
