namespace Gateway.Media.Dtls;

/// <summary>A DTLS-SRTP handshake failed; <see cref="Error"/> says why.</summary>
public sealed class DtlsHandshakeException : Exception
{
    /// <summary>Creates an exception with a generic message.</summary>
    public DtlsHandshakeException()
        : this(DtlsHandshakeError.ProtocolError, "The DTLS handshake failed.", null)
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">The message.</param>
    public DtlsHandshakeException(string message)
        : this(DtlsHandshakeError.ProtocolError, message, null)
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public DtlsHandshakeException(string message, Exception? innerException)
        : this(DtlsHandshakeError.ProtocolError, message, innerException)
    {
    }

    /// <summary>Creates an exception for a specific failure.</summary>
    /// <param name="error">Why the handshake failed.</param>
    /// <param name="message">A human-readable explanation.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public DtlsHandshakeException(DtlsHandshakeError error, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
    }

    /// <summary>Why the handshake failed.</summary>
    public DtlsHandshakeError Error { get; }
}
