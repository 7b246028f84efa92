namespace Gateway.Core.Media;

/// <summary>
/// Identifies a media session the way rtpengine does: the SIP Call-ID, the tag of the offering side
/// (<c>from-tag</c>), the answering side's tag once known (<c>to-tag</c>) and, for forked branches, the
/// <c>via-branch</c>.
/// </summary>
/// <param name="CallId">The dialog's Call-ID.</param>
/// <param name="FromTag">The tag of the party that sent the offer (the From tag for an offer in a request).</param>
/// <param name="ToTag">The tag of the answering party, when known.</param>
/// <param name="ViaBranch">The branch the offer went out on, to tell forked answers apart; optional.</param>
public sealed record MediaSessionKey(string CallId, string FromTag, string? ToTag = null, string? ViaBranch = null)
{
    /// <summary>The Call-ID; never empty.</summary>
    public string CallId { get; init; } = !string.IsNullOrEmpty(CallId) ? CallId : throw new ArgumentException("A media session needs a Call-ID.", nameof(CallId));

    /// <summary>The offering side's tag; may be empty for a peer that sent none (RFC 2543).</summary>
    public string FromTag { get; init; } = FromTag ?? string.Empty;
}
