namespace Gateway.Core.Messages;

/// <summary>
/// The header fields Gateway recognises by name (long or compact form, any case). Every other header is
/// <see cref="Unknown"/> and is kept byte for byte.
/// </summary>
public enum SipHeaderId : byte
{
    /// <summary>A header Gateway does not interpret.</summary>
    Unknown = 0,
    /// <summary>Via (compact <c>v</c>).</summary>
    Via,
    /// <summary>From (compact <c>f</c>).</summary>
    From,
    /// <summary>To (compact <c>t</c>).</summary>
    To,
    /// <summary>Call-ID (compact <c>i</c>).</summary>
    CallId,
    /// <summary>CSeq.</summary>
    CSeq,
    /// <summary>Max-Forwards.</summary>
    MaxForwards,
    /// <summary>Contact (compact <c>m</c>).</summary>
    Contact,
    /// <summary>Route.</summary>
    Route,
    /// <summary>Record-Route.</summary>
    RecordRoute,
    /// <summary>Path (RFC 3327).</summary>
    Path,
    /// <summary>Content-Type (compact <c>c</c>).</summary>
    ContentType,
    /// <summary>Content-Length (compact <c>l</c>).</summary>
    ContentLength,
    /// <summary>Content-Encoding (compact <c>e</c>).</summary>
    ContentEncoding,
    /// <summary>Expires.</summary>
    Expires,
    /// <summary>Allow.</summary>
    Allow,
    /// <summary>Supported (compact <c>k</c>).</summary>
    Supported,
    /// <summary>Require.</summary>
    Require,
    /// <summary>Proxy-Require.</summary>
    ProxyRequire,
    /// <summary>Unsupported.</summary>
    Unsupported,
    /// <summary>Accept.</summary>
    Accept,
    /// <summary>User-Agent.</summary>
    UserAgent,
    /// <summary>Server.</summary>
    Server,
    /// <summary>Subject (compact <c>s</c>).</summary>
    Subject,
    /// <summary>Event (compact <c>o</c>, RFC 6665).</summary>
    Event,
    /// <summary>Allow-Events (compact <c>u</c>, RFC 6665).</summary>
    AllowEvents,
    /// <summary>Refer-To (compact <c>r</c>, RFC 3515).</summary>
    ReferTo,
    /// <summary>Referred-By (compact <c>b</c>, RFC 3892).</summary>
    ReferredBy,
    /// <summary>Session-Expires (compact <c>x</c>, RFC 4028).</summary>
    SessionExpires,
    /// <summary>Identity (compact <c>y</c>, RFC 8224).</summary>
    Identity,
    /// <summary>Accept-Contact (compact <c>a</c>, RFC 3841).</summary>
    AcceptContact,
    /// <summary>Reject-Contact (compact <c>j</c>, RFC 3841).</summary>
    RejectContact,
    /// <summary>Request-Disposition (compact <c>d</c>, RFC 3841).</summary>
    RequestDisposition,
    /// <summary>Authorization.</summary>
    Authorization,
    /// <summary>Proxy-Authorization.</summary>
    ProxyAuthorization,
    /// <summary>WWW-Authenticate.</summary>
    WwwAuthenticate,
    /// <summary>Proxy-Authenticate.</summary>
    ProxyAuthenticate,
    /// <summary>Date.</summary>
    Date,
    /// <summary>Timestamp.</summary>
    Timestamp,
    /// <summary>Retry-After.</summary>
    RetryAfter,
    /// <summary>Warning.</summary>
    Warning,
    /// <summary>Min-Expires.</summary>
    MinExpires,
}
