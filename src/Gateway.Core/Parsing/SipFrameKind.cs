namespace Gateway.Core.Parsing;

/// <summary>What <see cref="SipStreamFramer"/> found at the start of a stream buffer.</summary>
public enum SipFrameKind
{
    /// <summary>More bytes are needed; consume nothing, mark everything examined.</summary>
    Incomplete,
    /// <summary>A complete message (header section plus Content-Length octets).</summary>
    Message,
    /// <summary>A CRLFCRLF keep-alive ping (RFC 5626 §3.5.1); answer it with a CRLF pong.</summary>
    KeepAlivePing,
    /// <summary>A single CRLF: a keep-alive pong, or an empty line between messages; nothing to answer.</summary>
    KeepAlivePong,
    /// <summary>The stream cannot be framed (limits exceeded, bad Content-Length); close the connection.</summary>
    Error,
}
