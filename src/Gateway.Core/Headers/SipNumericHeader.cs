namespace Gateway.Core.Headers;

/// <summary>
/// Parsers for the purely numeric header values: Max-Forwards (RFC 3261 §20.22), Expires and other
/// delta-seconds (§20.19, §25.1) and Content-Length (§20.14). Each accepts the value with surrounding linear
/// whitespace (folding included) and leading zeros, works on characters or raw octets without allocating,
/// and returns false (never throws) when the text is not a number in range.
/// </summary>
public static class SipNumericHeader
{
    /// <summary>The largest Max-Forwards value (RFC 3261 §20.22: 0-255).</summary>
    public const int MaxMaxForwards = 255;

    /// <summary>The largest delta-seconds value accepted, 2**32-1.</summary>
    public const long MaxDeltaSeconds = uint.MaxValue;

    /// <summary>Parses a Max-Forwards value: <c>1*DIGIT</c> in 0..255 (<c>0068</c> is 68; 300 is invalid).</summary>
    /// <param name="value">The header value text.</param>
    /// <param name="result">The hop count, or 0 on failure.</param>
    public static bool TryParseMaxForwards(ReadOnlySpan<char> value, out int result)
    {
        var ok = HeaderSyntax.TryParseDigits(HeaderSyntax.TrimLws(value), MaxMaxForwards, out var v);
        result = (int)v;
        return ok;
    }

    /// <summary>Parses a Max-Forwards value from raw octets: <c>1*DIGIT</c> in 0..255.</summary>
    /// <param name="value">The header value octets.</param>
    /// <param name="result">The hop count, or 0 on failure.</param>
    public static bool TryParseMaxForwards(ReadOnlySpan<byte> value, out int result)
    {
        var ok = HeaderSyntax.TryParseDigits(HeaderSyntax.TrimLws(value), MaxMaxForwards, out var v);
        result = (int)v;
        return ok;
    }

    /// <summary>
    /// Parses delta-seconds (Expires, the expires parameter, Min-Expires): <c>1*DIGIT</c> in 0..2**32-1;
    /// larger values are rejected as malformed.
    /// </summary>
    /// <param name="value">The header value text.</param>
    /// <param name="result">The number of seconds, or 0 on failure.</param>
    public static bool TryParseDeltaSeconds(ReadOnlySpan<char> value, out long result)
    {
        var ok = HeaderSyntax.TryParseDigits(HeaderSyntax.TrimLws(value), MaxDeltaSeconds, out var v);
        result = (long)v;
        return ok;
    }

    /// <summary>Parses delta-seconds from raw octets: <c>1*DIGIT</c> in 0..2**32-1.</summary>
    /// <param name="value">The header value octets.</param>
    /// <param name="result">The number of seconds, or 0 on failure.</param>
    public static bool TryParseDeltaSeconds(ReadOnlySpan<byte> value, out long result)
    {
        var ok = HeaderSyntax.TryParseDigits(HeaderSyntax.TrimLws(value), MaxDeltaSeconds, out var v);
        result = (long)v;
        return ok;
    }

    /// <summary>
    /// Parses a Content-Length value: <c>1*DIGIT</c> in 0..<see cref="int.MaxValue"/>. A sign (such as
    /// <c>-999</c>) or any other character makes it invalid.
    /// </summary>
    /// <param name="value">The header value text.</param>
    /// <param name="result">The body length in octets, or 0 on failure.</param>
    public static bool TryParseContentLength(ReadOnlySpan<char> value, out int result)
    {
        var ok = HeaderSyntax.TryParseDigits(HeaderSyntax.TrimLws(value), int.MaxValue, out var v);
        result = (int)v;
        return ok;
    }

    /// <summary>Parses a Content-Length value from raw octets: <c>1*DIGIT</c> in 0..<see cref="int.MaxValue"/>.</summary>
    /// <param name="value">The header value octets.</param>
    /// <param name="result">The body length in octets, or 0 on failure.</param>
    public static bool TryParseContentLength(ReadOnlySpan<byte> value, out int result)
    {
        var ok = HeaderSyntax.TryParseDigits(HeaderSyntax.TrimLws(value), int.MaxValue, out var v);
        result = (int)v;
        return ok;
    }
}
