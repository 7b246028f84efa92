namespace Gateway.Media.Ice;

/// <summary>STUN methods (RFC 8489 §18.2, RFC 8656 TURN): the 12 M bits of the message type.</summary>
public enum StunMethod
{
    /// <summary>Binding (0x001), RFC 8489: connectivity checks and address discovery.</summary>
    Binding = 0x001,

    /// <summary>Allocate (0x003), RFC 8656 TURN.</summary>
    Allocate = 0x003,

    /// <summary>Refresh (0x004), RFC 8656 TURN.</summary>
    Refresh = 0x004,

    /// <summary>Send (0x006), RFC 8656 TURN (indication only).</summary>
    Send = 0x006,

    /// <summary>Data (0x007), RFC 8656 TURN (indication only).</summary>
    Data = 0x007,

    /// <summary>CreatePermission (0x008), RFC 8656 TURN.</summary>
    CreatePermission = 0x008,

    /// <summary>ChannelBind (0x009), RFC 8656 TURN.</summary>
    ChannelBind = 0x009,
}
