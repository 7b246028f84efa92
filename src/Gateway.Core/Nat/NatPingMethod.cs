namespace Gateway.Core.Nat;

/// <summary>What <see cref="NatKeepAlive"/> sends to a client registered over UDP.</summary>
public enum NatPingMethod
{
    /// <summary>
    /// A datagram holding CRLF CRLF: keeps the NAT pinhole open and costs the client nothing, but tells nothing about
    /// whether the client is still there (OpenSIPS' nathelper pings without <c>natping_method</c> are of this kind).
    /// </summary>
    Crlf,

    /// <summary>
    /// An OPTIONS request ("SIP ping"): also keeps the pinhole open, and its answer shows the client is alive. Answers
    /// are counted only when the pipeline passes them to <see cref="NatKeepAlive.TryHandleResponse"/>; then
    /// <see cref="NatKeepAliveOptions.MaxMissedPings"/> can remove clients that stopped answering.
    /// </summary>
    Options,
}
