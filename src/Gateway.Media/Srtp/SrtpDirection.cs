namespace Gateway.Media.Srtp;

/// <summary>The one direction an <see cref="SrtpContext"/> serves.</summary>
public enum SrtpDirection
{
    /// <summary>Outbound: the context protects (encrypts and tags) packets we send.</summary>
    Protect,

    /// <summary>Inbound: the context unprotects (verifies and decrypts) packets we receive.</summary>
    Unprotect,
}
