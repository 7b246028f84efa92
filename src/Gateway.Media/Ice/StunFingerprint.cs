namespace Gateway.Media.Ice;

/// <summary>The FINGERPRINT value (RFC 8489 §14.7): CRC-32 of the message up to the attribute, XOR 0x5354554E.</summary>
public static class StunFingerprint
{
    /// <summary>The constant XORed into the CRC ("STUN" in ASCII), so that other protocols' CRCs do not collide.</summary>
    public const uint XorValue = 0x5354554Eu;

    /// <summary>The FINGERPRINT attribute size on the wire: 4-byte header and a 4-byte value.</summary>
    public const int AttributeSize = 8;

    /// <summary>Computes the FINGERPRINT value over the message bytes that precede the attribute.</summary>
    /// <param name="messageBeforeFingerprint">The message from its first byte up to (excluding) the FINGERPRINT
    /// attribute, with the header length field already counting the FINGERPRINT attribute.</param>
    /// <returns>The 32-bit value to carry in the attribute.</returns>
    public static uint Compute(ReadOnlySpan<byte> messageBeforeFingerprint) =>
        Crc32.Compute(messageBeforeFingerprint) ^ XorValue;
}
