using System.Net;
using Gateway.Core.Transport;

namespace Gateway.Core.Routing;

/// <summary>Where a message goes next: a transport and an address (RFC 3263 §4), or an existing flow.</summary>
/// <param name="Kind">The transport to use.</param>
/// <param name="EndPoint">The address to send to.</param>
public readonly record struct SipNextHop(SipTransportKind Kind, IPEndPoint EndPoint);
