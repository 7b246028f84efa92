namespace Gateway.Media.Ice;

/// <summary>
/// The 14-bit STUN message type (RFC 8489 §5): a 12-bit method and a 2-bit class, interleaved as
/// <c>M11..M7 C1 M6..M4 C0 M3..M0</c>.
/// </summary>
public readonly record struct StunMessageType
{
    /// <summary>A Binding request (0x0001).</summary>
    public static readonly StunMessageType BindingRequest = new(StunMethod.Binding, StunClass.Request);

    /// <summary>A Binding success response (0x0101).</summary>
    public static readonly StunMessageType BindingSuccess = new(StunMethod.Binding, StunClass.SuccessResponse);

    /// <summary>A Binding error response (0x0111).</summary>
    public static readonly StunMessageType BindingError = new(StunMethod.Binding, StunClass.ErrorResponse);

    /// <summary>A Binding indication (0x0011), used as a keep-alive.</summary>
    public static readonly StunMessageType BindingIndication = new(StunMethod.Binding, StunClass.Indication);

    /// <summary>Creates a message type from a method and a class.</summary>
    /// <param name="method">The method; only its low 12 bits are used.</param>
    /// <param name="messageClass">The class.</param>
    public StunMessageType(StunMethod method, StunClass messageClass)
    {
        var m = (int)method & 0x0FFF;
        var c = (int)messageClass & 0x3;
        Value = (ushort)((m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2) | ((c & 1) << 4) | ((c & 2) << 7));
    }

    private StunMessageType(ushort value) => Value = value;

    /// <summary>The 16-bit wire value (the two top bits are always zero).</summary>
    public ushort Value { get; }

    /// <summary>The method.</summary>
    public StunMethod Method => (StunMethod)((Value & 0x000F) | ((Value & 0x00E0) >> 1) | ((Value & 0x3E00) >> 2));

    /// <summary>The class.</summary>
    public StunClass Class => (StunClass)(((Value >> 4) & 1) | ((Value >> 7) & 2));

    /// <summary>Interprets a wire value; fails when one of the two top bits is set (not STUN).</summary>
    /// <param name="value">The first two bytes of a message, big-endian.</param>
    /// <param name="type">The message type when the value is valid.</param>
    /// <returns>True when the top two bits are zero.</returns>
    public static bool TryFromValue(ushort value, out StunMessageType type)
    {
        type = new StunMessageType(value);
        return (value & 0xC000) == 0;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Method} {Class} (0x{Value:X4})";
}
