namespace Gateway.Media.Relay;

/// <summary>One bundled m-line: its leg and what identifies its packets (see <see cref="MediaLegBundle"/>).</summary>
internal sealed record MediaLegBundleMember
{
    /// <summary>The m-line's leg: the transport leg itself, or a leg from <see cref="IMediaLegFactory.CreateBundled"/> on it.</summary>
    public required IMediaLeg Leg { get; init; }

    /// <summary>The m-line's a=mid, matched against the MID RTP header extension.</summary>
    public string? Mid { get; init; }

    /// <summary>The SSRCs the party announced for the m-line (a=ssrc, a=ssrc-group).</summary>
    public IReadOnlyList<uint> Ssrcs { get; init; } = [];

    /// <summary>The payload types of the m-line (a payload type in no other bundled m-line identifies it).</summary>
    public IReadOnlyList<int> PayloadTypes { get; init; } = [];
}
