namespace Gateway.Media.Ice;

/// <summary>The outcome of checking MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 or FINGERPRINT.</summary>
public enum StunCheckResult
{
    /// <summary>The attribute is present and its value matches.</summary>
    Valid,

    /// <summary>The message does not carry the attribute.</summary>
    Absent,

    /// <summary>The attribute is present and its value does not match (or is malformed).</summary>
    Invalid,
}
