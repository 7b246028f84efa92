using System.Net;

namespace Gateway.Core.Transport;

/// <summary>
/// A listening address as the SIP layer sees it: what to put in Via, Record-Route and Path for messages that leave
/// through it (the advertised host and port when the gateway sits behind a NAT or load balancer).
/// </summary>
/// <param name="Kind">The transport.</param>
/// <param name="EndPoint">The bound socket address.</param>
/// <param name="AdvertisedHost">Host to write into Via/Record-Route (defaults to the bound address).</param>
/// <param name="AdvertisedPort">Port to write into Via/Record-Route (defaults to the bound port).</param>
public sealed record SipListenerInfo(SipTransportKind Kind, IPEndPoint EndPoint, string AdvertisedHost, int AdvertisedPort);
