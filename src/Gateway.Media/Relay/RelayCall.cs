namespace Gateway.Media.Relay;

/// <summary>
/// A call as rtpengine keys it: the Call-ID, its parties (monologues) and the pairings (dialogs) between them.
/// Guarded by the engine's lock.
/// </summary>
internal sealed class RelayCall
{
    public RelayCall(string callId, DateTimeOffset created)
    {
        CallId = callId;
        Created = created;
        LastSignal = created;
    }

    public string CallId { get; }

    public DateTimeOffset Created { get; }

    /// <summary>The last offer or answer (counts as activity for the media timeout).</summary>
    public DateTimeOffset LastSignal { get; set; }

    public List<RelayParty> Parties { get; } = [];

    public List<RelayDialog> Dialogs { get; } = [];

    public RelayParty? FindParty(string tag)
    {
        foreach (var party in Parties)
        {
            if (string.Equals(party.Tag, tag, StringComparison.Ordinal)) return party;
        }

        return null;
    }
}
