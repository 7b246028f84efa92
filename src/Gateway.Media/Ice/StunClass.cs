namespace Gateway.Media.Ice;

/// <summary>The class of a STUN message (RFC 8489 §5): the two C bits interleaved in the message type.</summary>
public enum StunClass
{
    /// <summary>A request (C1C0 = 0b00).</summary>
    Request = 0,

    /// <summary>An indication (C1C0 = 0b01).</summary>
    Indication = 1,

    /// <summary>A success response (C1C0 = 0b10).</summary>
    SuccessResponse = 2,

    /// <summary>An error response (C1C0 = 0b11).</summary>
    ErrorResponse = 3,
}
