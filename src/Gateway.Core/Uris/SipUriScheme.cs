namespace Gateway.Core.Uris;

/// <summary>The scheme of a URI carried in a SIP message.</summary>
public enum SipUriScheme
{
    /// <summary><c>sip:</c> (RFC 3261 §19.1).</summary>
    Sip,

    /// <summary><c>sips:</c> (RFC 3261 §19.1).</summary>
    Sips,

    /// <summary><c>tel:</c> (RFC 3966).</summary>
    Tel,

    /// <summary>Any other absolute URI; its text after <c>scheme:</c> is kept opaque.</summary>
    Other,
}
