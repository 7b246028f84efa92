namespace Gateway.Media.Sdp;

/// <summary>The <c>a=setup</c> roles of RFC 4145 §4, used by DTLS-SRTP per RFC 5763 §5 and RFC 8842.</summary>
public enum SdpSetup
{
    /// <summary><c>actpass</c>: either role; an offerer's usual choice (RFC 5763 §5).</summary>
    ActPass = 0,

    /// <summary><c>active</c>: this endpoint starts the connection (the DTLS client).</summary>
    Active,

    /// <summary><c>passive</c>: this endpoint waits for the connection (the DTLS server).</summary>
    Passive,

    /// <summary><c>holdconn</c>: no connection for now.</summary>
    HoldConn,
}
