namespace Gateway.Core.Nat;

/// <summary>
/// The checks <see cref="NatHelper.IsBehindNat"/> runs, after OpenSIPS' <c>nat_uac_test()</c> flags (the values are
/// not OpenSIPS' numbers). A message is taken to be behind a NAT when any selected check fires. The Via checks
/// apply to requests only: the top Via of a response is the gateway's own.
/// </summary>
[Flags]
public enum NatTests
{
    /// <summary>No check.</summary>
    None = 0,

    /// <summary>The first Contact's host is a private address (RFC 1918, RFC 6598, IPv6 ULA) — nat_uac_test 1.</summary>
    ContactPrivate = 1,

    /// <summary>The top Via's sent-by host differs from the source address — nat_uac_test 2.</summary>
    ViaReceived = 2,

    /// <summary>The top Via's sent-by host is a private address — nat_uac_test 4.</summary>
    ViaPrivate = 4,

    /// <summary>The top Via's port (default 5060/5061) differs from the source port — nat_uac_test 16.</summary>
    ViaPort = 8,

    /// <summary>The source address itself is private — nat_uac_test 32.</summary>
    SourcePrivate = 16,

    /// <summary>The message came over WS or WSS: a browser is only reachable over its connection — nat_uac_test 64.</summary>
    WebSocket = 32,

    /// <summary>The first Contact's port (default 5060/5061) differs from the source port — nat_uac_test 128.</summary>
    ContactPort = 64,

    /// <summary>The first Contact's host is not the source address (a host name such as <c>*.invalid</c> counts).</summary>
    ContactAddress = 128,

    /// <summary>
    /// Every check but <see cref="SourcePrivate"/> (a gateway on a private network sees private sources that are
    /// not behind a NAT).
    /// </summary>
    Default = ContactPrivate | ViaReceived | ViaPrivate | ViaPort | WebSocket | ContactPort | ContactAddress,
}
