using System.Globalization;

namespace Gateway.Media.Sdp;

/// <summary>
/// A typed SDP parse failure: what went wrong (<see cref="Code"/>), on which line (<see cref="LineNumber"/>, 1-based)
/// and a sentence for a human (<see cref="Message"/>). The default value means "no error".
/// </summary>
public readonly record struct SdpParseError
{
    /// <summary>Creates an error.</summary>
    /// <param name="code">What went wrong.</param>
    /// <param name="lineNumber">The 1-based line concerned, or 0 when the error is not about one line.</param>
    /// <param name="message">A human-readable explanation.</param>
    public SdpParseError(SdpParseErrorCode code, int lineNumber, string message)
    {
        Code = code;
        LineNumber = lineNumber;
        Message = message;
    }

    /// <summary>No error.</summary>
    public static SdpParseError None => default;

    /// <summary>What went wrong.</summary>
    public SdpParseErrorCode Code { get; }

    /// <summary>The 1-based number of the offending line, or 0 when the error is not about one line.</summary>
    public int LineNumber { get; }

    /// <summary>A human-readable explanation (empty for <see cref="None"/>).</summary>
    public string Message { get => field ?? string.Empty; }

    /// <summary>True when this is an actual error.</summary>
    public bool IsError => Code != SdpParseErrorCode.None;

    /// <inheritdoc />
    public override string ToString() => !IsError
        ? "OK"
        : LineNumber > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{Code} at line {LineNumber}: {Message}")
            : string.Create(CultureInfo.InvariantCulture, $"{Code}: {Message}");
}
