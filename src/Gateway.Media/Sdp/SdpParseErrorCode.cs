namespace Gateway.Media.Sdp;

/// <summary>Why a session description was refused by <see cref="SessionDescription.TryParse(ReadOnlySpan{byte}, out SessionDescription?, out SdpParseError)"/>.</summary>
public enum SdpParseErrorCode
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The input is empty or holds only line breaks.</summary>
    Empty,

    /// <summary>The input is longer than <see cref="SessionDescription.MaxLength"/>.</summary>
    TooLarge,

    /// <summary>The first line is not a <c>v=</c> line (RFC 8866 §5: a description starts with <c>v=</c>).</summary>
    MissingVersion,

    /// <summary>The <c>v=</c> line carries a version other than <c>0</c> (RFC 8866 §5.1).</summary>
    UnsupportedVersion,

    /// <summary>A line is not of the form <c>&lt;letter&gt;=&lt;value&gt;</c>.</summary>
    InvalidLine,

    /// <summary>An empty line is followed by more lines (empty lines are tolerated only at the very end).</summary>
    EmptyLine,

    /// <summary>A line holds a NUL, a CR that does not end the line, or (string input) a lone surrogate.</summary>
    InvalidCharacter,

    /// <summary>A line's type letter is not one RFC 8866 defines (§5: such descriptions must be refused whole).</summary>
    UnknownLineType,

    /// <summary>A line appears where the RFC 8866 §9 grammar does not allow it (order, or a second single-valued line).</summary>
    UnexpectedLine,

    /// <summary>The input ends before a required line (<c>o=</c>, <c>s=</c> or <c>t=</c>).</summary>
    MissingLine,

    /// <summary>The <c>o=</c> line does not have its six fields, or its session id or version is not a number.</summary>
    MalformedOrigin,

    /// <summary>A <c>c=</c> line does not have its three fields, or its TTL or address count is invalid.</summary>
    MalformedConnection,

    /// <summary>A <c>b=</c> line is not <c>&lt;type&gt;:&lt;number&gt;</c>.</summary>
    MalformedBandwidth,

    /// <summary>A <c>t=</c> line is not two decimal times.</summary>
    MalformedTiming,

    /// <summary>An <c>m=</c> line lacks its media, port or protocol field, or its media or port count is invalid.</summary>
    MalformedMedia,

    /// <summary>An <c>m=</c> line's port is not a decimal number from 0 to 65535.</summary>
    InvalidPort,

    /// <summary>An <c>a=</c> line has an empty or invalid attribute name.</summary>
    MalformedAttribute,
}
