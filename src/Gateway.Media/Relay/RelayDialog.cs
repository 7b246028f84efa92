namespace Gateway.Media.Relay;

/// <summary>
/// A pairing of two parties whose legs forward to each other: the offerer and one answering side (one per fork when
/// offers carry distinct via-branches).
/// </summary>
internal sealed class RelayDialog
{
    public RelayDialog(RelayParty first, RelayParty second, string? viaBranch)
    {
        First = first;
        Second = second;
        ViaBranch = viaBranch;
    }

    public RelayParty First { get; }

    public RelayParty Second { get; }

    /// <summary>The via-branch of the offer that created this pairing, when the caller gave one.</summary>
    public string? ViaBranch { get; }

    /// <summary>Whether an answer completed it.</summary>
    public bool Answered { get; set; }

    /// <summary>A counter value stamped on each answer, to find the most recent.</summary>
    public long AnsweredSequence { get; set; }

    public bool Contains(RelayParty party) => ReferenceEquals(First, party) || ReferenceEquals(Second, party);

    public RelayParty Other(RelayParty party) => ReferenceEquals(First, party) ? Second : First;
}
