namespace Gateway.Core.Parsing;

/// <summary>
/// A typed parse failure: a code, the header it concerns (if any), and a reason phrase a server can put into its
/// error response. <see cref="StatusCode"/> is 505 for an unsupported version and 400 otherwise.
/// </summary>
public readonly record struct SipParseError
{
    /// <summary>Creates an error.</summary>
    public SipParseError(SipParseErrorCode code, string? headerName = null)
    {
        Code = code;
        HeaderName = headerName;
    }

    /// <summary>No error.</summary>
    public static SipParseError None => default;

    /// <summary>What went wrong.</summary>
    public SipParseErrorCode Code { get; }

    /// <summary>The header concerned, when the error is about one header.</summary>
    public string? HeaderName { get; }

    /// <summary>True when this is an actual error.</summary>
    public bool IsError => Code != SipParseErrorCode.None;

    /// <summary>The status code to answer with: 505 for <see cref="SipParseErrorCode.UnsupportedVersion"/>, else 400.</summary>
    public int StatusCode => Code == SipParseErrorCode.UnsupportedVersion ? 505 : 400;

    /// <summary>A reason phrase for the error response, e.g. <c>Bad Header Value: CSeq</c>.</summary>
    public string ReasonPhrase
    {
        get
        {
            var text = Code switch
            {
                SipParseErrorCode.None => "OK",
                SipParseErrorCode.Empty => "Empty Message",
                SipParseErrorCode.MessageTooLarge => "Message Too Large",
                SipParseErrorCode.HeadersTooLarge => "Header Section Too Large",
                SipParseErrorCode.HeadersNotTerminated => "Header Section Not Terminated",
                SipParseErrorCode.BadRequestLine => "Bad Request Line",
                SipParseErrorCode.BadStatusLine => "Bad Status Line",
                SipParseErrorCode.UnsupportedVersion => "Version Not Supported",
                SipParseErrorCode.BadRequestUri => "Bad Request-URI",
                SipParseErrorCode.BadHeaderLine => "Bad Header Line",
                SipParseErrorCode.BadContentLength => "Bad Content-Length",
                SipParseErrorCode.TruncatedBody => "Body Shorter Than Content-Length",
                SipParseErrorCode.MissingHeader => "Missing Header",
                SipParseErrorCode.DuplicateHeader => "Duplicate Header",
                SipParseErrorCode.BadHeaderValue => "Bad Header Value",
                SipParseErrorCode.CSeqMismatch => "CSeq Method Does Not Match",
                _ => "Bad Request",
            };
            return HeaderName is null ? text : text + ": " + HeaderName;
        }
    }

    /// <inheritdoc />
    public override string ToString() => ReasonPhrase;
}
