namespace Gateway.Media.Dtls;

/// <summary>
/// The DTLS role of this side (RFC 5763 §5: from SDP a=setup, "active" connects as the client, "passive" accepts as
/// the server).
/// </summary>
public enum DtlsRole
{
    /// <summary>DTLS client: sends the ClientHello (a=setup:active).</summary>
    Client,

    /// <summary>DTLS server: waits for the ClientHello (a=setup:passive).</summary>
    Server,
}
