using Gateway.Media.Ice;

namespace Gateway.Media.Relay.Legs;

/// <summary>
/// ICE-lite on a leg: one <see cref="IceLiteAgent"/> per component (RTP, and RTCP when it has its own socket and is
/// not muxed), sharing the stream's credentials (RFC 8445 §5.3: the ufrag/pwd are per stream).
/// </summary>
internal sealed class MediaLegIce : IDisposable
{
    private MediaLegIce(IceLiteAgent rtp, IceLiteAgent? rtcp, IceCredentials local, IceCredentials remote)
    {
        Rtp = rtp;
        Rtcp = rtcp;
        Local = local;
        Remote = remote;
    }

    /// <summary>The agent of component 1 (RTP, and RTCP when muxed).</summary>
    public IceLiteAgent Rtp { get; }

    /// <summary>The agent of component 2 on the separate RTCP socket, or null.</summary>
    public IceLiteAgent? Rtcp { get; }

    /// <summary>The credentials in force (updated by <see cref="Restart"/>).</summary>
    public IceCredentials Local { get; private set; }

    /// <summary>The party's credentials in force.</summary>
    public IceCredentials Remote { get; private set; }

    /// <summary>Creates the agents.</summary>
    /// <param name="local">The relay's credentials toward the party.</param>
    /// <param name="remote">The party's credentials.</param>
    /// <param name="withRtcpComponent">Whether a second agent serves the separate RTCP socket.</param>
    /// <param name="timeProvider">The consent clock.</param>
    /// <returns>The agents.</returns>
    public static MediaLegIce Create(IceCredentials local, IceCredentials remote, bool withRtcpComponent, TimeProvider timeProvider)
    {
        var rtp = new IceLiteAgent(local, remote, timeProvider);
        var rtcp = withRtcpComponent ? new IceLiteAgent(local, remote, timeProvider) : null;
        return new MediaLegIce(rtp, rtcp, local, remote);
    }

    /// <summary>The agent for a socket.</summary>
    /// <param name="rtcpSocket">Whether the datagram came on the separate RTCP socket.</param>
    /// <returns>The agent, or null when that socket has none.</returns>
    public IceLiteAgent? For(bool rtcpSocket) => rtcpSocket ? Rtcp : Rtp;

    /// <summary>Whether these agents serve the given shape (with or without an RTCP component).</summary>
    /// <param name="withRtcpComponent">The wanted shape.</param>
    /// <returns>True when it matches.</returns>
    public bool HasShape(bool withRtcpComponent) => (Rtcp is not null) == withRtcpComponent;

    /// <summary>Applies an ICE restart (RFC 8445 §9) with new credentials on every component.</summary>
    /// <param name="local">The relay's new credentials.</param>
    /// <param name="remote">The party's new credentials.</param>
    public void Restart(IceCredentials local, IceCredentials remote)
    {
        Rtp.Restart(local, remote);
        Rtcp?.Restart(local, remote);
        Local = local;
        Remote = remote;
    }

    /// <summary>Stops the consent timers.</summary>
    public void Dispose()
    {
        Rtp.Dispose();
        Rtcp?.Dispose();
    }
}
