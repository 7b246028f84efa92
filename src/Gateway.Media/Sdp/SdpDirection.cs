namespace Gateway.Media.Sdp;

/// <summary>The media direction attributes of RFC 8866 §6.7 (<c>a=sendrecv</c> is the default when none is given).</summary>
public enum SdpDirection
{
    /// <summary><c>a=sendrecv</c>: send and receive (the default).</summary>
    SendRecv = 0,

    /// <summary><c>a=sendonly</c>: send only.</summary>
    SendOnly,

    /// <summary><c>a=recvonly</c>: receive only.</summary>
    RecvOnly,

    /// <summary><c>a=inactive</c>: neither send nor receive (e.g. on hold).</summary>
    Inactive,
}
