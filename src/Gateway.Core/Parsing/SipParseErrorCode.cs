namespace Gateway.Core.Parsing;

/// <summary>Why a SIP message was refused. Each code has a reason phrase fit for a 400 (or 505) response.</summary>
public enum SipParseErrorCode
{
    /// <summary>No error.</summary>
    None = 0,
    /// <summary>The input is empty or holds only line breaks.</summary>
    Empty,
    /// <summary>The message exceeds the configured maximum size.</summary>
    MessageTooLarge,
    /// <summary>The header section exceeds the configured size, line length or header count.</summary>
    HeadersTooLarge,
    /// <summary>The header section is not terminated by an empty line.</summary>
    HeadersNotTerminated,
    /// <summary>The request line is malformed (method, spacing, Request-URI or version).</summary>
    BadRequestLine,
    /// <summary>The status line is malformed (version, status code or reason phrase).</summary>
    BadStatusLine,
    /// <summary>The SIP version is not 2.0 (answer 505).</summary>
    UnsupportedVersion,
    /// <summary>The Request-URI does not parse, or carries a component a Request-URI may not have.</summary>
    BadRequestUri,
    /// <summary>A header line has no colon, an invalid name, or stray bytes.</summary>
    BadHeaderLine,
    /// <summary>Content-Length is missing where it is required, malformed, negative or repeated with different values.</summary>
    BadContentLength,
    /// <summary>Content-Length announces more octets than the message carries.</summary>
    TruncatedBody,
    /// <summary>A header required in every request or response is missing (Via, From, To, Call-ID, CSeq).</summary>
    MissingHeader,
    /// <summary>A header that may appear once appears several times with different values.</summary>
    DuplicateHeader,
    /// <summary>A header value does not follow its grammar or is out of range.</summary>
    BadHeaderValue,
    /// <summary>The CSeq method differs from the request method.</summary>
    CSeqMismatch,
}
