using Gateway.Core.Messages;

namespace Gateway.Core.Parsing;

/// <summary>
/// The outcome of parsing one message. A message can be present together with an error when its framing was
/// sound but a part of it was not (e.g. version 7.0, or a body shorter than Content-Length): a server can still
/// answer it with <see cref="SipParseError.StatusCode"/>. With no message, the input cannot be answered and is dropped.
/// </summary>
public readonly struct SipParseResult
{
    internal SipParseResult(SipMessage? message, SipParseError error)
    {
        Message = message;
        Error = error;
    }

    /// <summary>The framed message, or <see langword="null"/> when the input could not be framed.</summary>
    public SipMessage? Message { get; }

    /// <summary>The first error found, or <see cref="SipParseError.None"/>.</summary>
    public SipParseError Error { get; }

    /// <summary>True when a message was parsed with no error.</summary>
    public bool Success => Message is not null && !Error.IsError;

    /// <summary>The parsed request, if the message is one.</summary>
    public SipRequest? Request => Message as SipRequest;

    /// <summary>The parsed response, if the message is one.</summary>
    public SipResponse? Response => Message as SipResponse;
}
