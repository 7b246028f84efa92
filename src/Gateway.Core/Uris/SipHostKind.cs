namespace Gateway.Core.Uris;

/// <summary>The form of the host part of a SIP URI (RFC 3261 §25.1 <c>host</c>).</summary>
public enum SipHostKind
{
    /// <summary>A host name (<c>hostname</c>).</summary>
    DomainName,

    /// <summary>A dotted-quad IPv4 address (<c>IPv4address</c>).</summary>
    IPv4,

    /// <summary>A bracketed IPv6 reference (<c>IPv6reference</c>), e.g. <c>[2001:db8::10]</c>.</summary>
    IPv6,
}
