namespace Gateway.Transports.WebSockets;

/// <summary>The outcome of reading an HTTP/1.1 WebSocket upgrade request: accept (status 101) or refuse.</summary>
/// <param name="Status">101 to accept, else the HTTP status of the refusal.</param>
/// <param name="Reason">The reason phrase.</param>
/// <param name="Response">The complete HTTP response head to write.</param>
internal readonly record struct WebSocketUpgradeResult(int Status, string Reason, byte[] Response)
{
    public bool Accepted => Status == 101;
}
