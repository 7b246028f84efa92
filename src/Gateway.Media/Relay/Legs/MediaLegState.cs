namespace Gateway.Media.Relay.Legs;

/// <summary>
/// Everything a leg's packet path reads per packet, as one immutable snapshot: <see cref="UdpMediaLeg.Configure"/>
/// and the DTLS completion build a new one and publish it with a single volatile write, so the receive loops and
/// <see cref="UdpMediaLeg.Send"/> never take a lock to read configuration. Objects dropped from a snapshot are
/// disposed after it is replaced; the packet path copes with a disposed object (it fails and counts the packet).
/// </summary>
internal sealed record MediaLegState
{
    /// <summary>Before the first <see cref="UdpMediaLeg.Configure"/>: everything is dropped.</summary>
    public static MediaLegState Unconfigured { get; } = new();

    /// <summary>The settings in force, or null before the first configuration.</summary>
    public MediaLegSettings? Settings { get; init; }

    /// <summary>The ICE-lite agents, or null when the leg has no ICE.</summary>
    public MediaLegIce? Ice { get; init; }

    /// <summary>The current DTLS handshake on a DTLS leg.</summary>
    public MediaLegDtls? Dtls { get; init; }

    /// <summary>Unprotects what the party sends (SDES inbound key, or the DTLS remote key); null while not keyed.</summary>
    public MediaLegSrtp? Inbound { get; init; }

    /// <summary>Protects what the relay sends to the party (SDES outbound key, or the DTLS local key); null while not keyed.</summary>
    public MediaLegSrtp? Outbound { get; init; }

    /// <summary>The address in the settings for RTP, in the RTP socket's family.</summary>
    public MediaLegEndPoint? SettingsRtp { get; init; }

    /// <summary>The address in the settings for RTCP, in the sending socket's family.</summary>
    public MediaLegEndPoint? SettingsRtcp { get; init; }

    /// <summary>On a BUNDLE transport carrying more than one m-line: which m-line each received packet belongs to.</summary>
    public MediaBundleDemux? Bundle { get; init; }
}
