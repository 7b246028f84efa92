namespace Gateway.Core.Messages;

/// <summary>Things the parser tolerated in a message it accepted (RFC 3261 §7.5, §18.3).</summary>
[Flags]
public enum SipParseWarnings
{
    /// <summary>Nothing tolerated.</summary>
    None = 0,
    /// <summary>Empty lines preceded the start line and were skipped (§7.5).</summary>
    LeadingLineBreaks = 1 << 0,
    /// <summary>A datagram carried octets beyond Content-Length; they were discarded (§18.3).</summary>
    ExtraOctetsDiscarded = 1 << 1,
    /// <summary>A datagram had no Content-Length; the body runs to the end of the datagram (§18.3).</summary>
    MissingContentLength = 1 << 2,
    /// <summary>Some lines of the header section ended in a bare LF instead of CRLF.</summary>
    BareLineFeeds = 1 << 3,
}
