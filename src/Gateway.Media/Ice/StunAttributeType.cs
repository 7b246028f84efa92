namespace Gateway.Media.Ice;

/// <summary>
/// STUN attribute types used by Gateway (RFC 8489 §18.3, RFC 8445 §16.1, RFC 8656). Types below 0x8000 are
/// comprehension-required, the others comprehension-optional (RFC 8489 §14).
/// </summary>
public static class StunAttributeType
{
    /// <summary>MAPPED-ADDRESS (0x0001), RFC 8489 §14.1.</summary>
    public const ushort MappedAddress = 0x0001;

    /// <summary>USERNAME (0x0006), RFC 8489 §14.3.</summary>
    public const ushort Username = 0x0006;

    /// <summary>MESSAGE-INTEGRITY (0x0008), RFC 8489 §14.5: HMAC-SHA1.</summary>
    public const ushort MessageIntegrity = 0x0008;

    /// <summary>ERROR-CODE (0x0009), RFC 8489 §14.8.</summary>
    public const ushort ErrorCode = 0x0009;

    /// <summary>UNKNOWN-ATTRIBUTES (0x000A), RFC 8489 §14.13.</summary>
    public const ushort UnknownAttributes = 0x000A;

    /// <summary>CHANNEL-NUMBER (0x000C), RFC 8656 §18.1.</summary>
    public const ushort ChannelNumber = 0x000C;

    /// <summary>LIFETIME (0x000D), RFC 8656 §18.2.</summary>
    public const ushort Lifetime = 0x000D;

    /// <summary>XOR-PEER-ADDRESS (0x0012), RFC 8656 §18.3.</summary>
    public const ushort XorPeerAddress = 0x0012;

    /// <summary>DATA (0x0013), RFC 8656 §18.4.</summary>
    public const ushort Data = 0x0013;

    /// <summary>REALM (0x0014), RFC 8489 §14.9.</summary>
    public const ushort Realm = 0x0014;

    /// <summary>NONCE (0x0015), RFC 8489 §14.10.</summary>
    public const ushort Nonce = 0x0015;

    /// <summary>XOR-RELAYED-ADDRESS (0x0016), RFC 8656 §18.5.</summary>
    public const ushort XorRelayedAddress = 0x0016;

    /// <summary>REQUESTED-TRANSPORT (0x0019), RFC 8656 §18.7.</summary>
    public const ushort RequestedTransport = 0x0019;

    /// <summary>MESSAGE-INTEGRITY-SHA256 (0x001C), RFC 8489 §14.6.</summary>
    public const ushort MessageIntegritySha256 = 0x001C;

    /// <summary>PASSWORD-ALGORITHM (0x001D), RFC 8489 §14.12.</summary>
    public const ushort PasswordAlgorithm = 0x001D;

    /// <summary>USERHASH (0x001E), RFC 8489 §14.4.</summary>
    public const ushort UserHash = 0x001E;

    /// <summary>XOR-MAPPED-ADDRESS (0x0020), RFC 8489 §14.2.</summary>
    public const ushort XorMappedAddress = 0x0020;

    /// <summary>PRIORITY (0x0024), RFC 8445 §16.1.</summary>
    public const ushort Priority = 0x0024;

    /// <summary>USE-CANDIDATE (0x0025), RFC 8445 §16.1.</summary>
    public const ushort UseCandidate = 0x0025;

    /// <summary>PASSWORD-ALGORITHMS (0x8002), RFC 8489 §14.11.</summary>
    public const ushort PasswordAlgorithms = 0x8002;

    /// <summary>ALTERNATE-DOMAIN (0x8003), RFC 8489 §14.16.</summary>
    public const ushort AlternateDomain = 0x8003;

    /// <summary>SOFTWARE (0x8022), RFC 8489 §14.14.</summary>
    public const ushort Software = 0x8022;

    /// <summary>ALTERNATE-SERVER (0x8023), RFC 8489 §14.15.</summary>
    public const ushort AlternateServer = 0x8023;

    /// <summary>FINGERPRINT (0x8028), RFC 8489 §14.7.</summary>
    public const ushort Fingerprint = 0x8028;

    /// <summary>ICE-CONTROLLED (0x8029), RFC 8445 §16.1.</summary>
    public const ushort IceControlled = 0x8029;

    /// <summary>ICE-CONTROLLING (0x802A), RFC 8445 §16.1.</summary>
    public const ushort IceControlling = 0x802A;

    /// <summary>True for comprehension-required types (0x0000–0x7FFF), RFC 8489 §14.</summary>
    /// <param name="type">An attribute type.</param>
    /// <returns>True when an agent that does not understand the attribute must reject the message.</returns>
    public static bool IsComprehensionRequired(ushort type) => type < 0x8000;
}
