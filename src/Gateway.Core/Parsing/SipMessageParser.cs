using Gateway.Core.Headers;
using Gateway.Core.Messages;
using Gateway.Core.Syntax;

namespace Gateway.Core.Parsing;

/// <summary>
/// Parses SIP messages from bytes (RFC 3261 §7, §25). The parser frames the message, checks the start line and the
/// shape of every header field, and indexes the fields; header values are decoded only when asked for. It never
/// throws on malformed input: failures come back as a <see cref="SipParseError"/>.
/// </summary>
/// <remarks>
/// The returned message refers to the input memory rather than copying it: the caller must keep the buffer alive
/// and unchanged for as long as it uses the message.
/// </remarks>
public static class SipMessageParser
{
    private const byte CR = (byte)'\r';
    private const byte LF = (byte)'\n';
    private const byte SP = (byte)' ';
    private const byte HT = (byte)'\t';

    [ThreadStatic]
    private static HeaderEntry[]? t_scratch;

    /// <summary>
    /// Parses one message received as a datagram (UDP, or one WebSocket message): Content-Length is optional and
    /// octets beyond it are discarded (RFC 3261 §18.3).
    /// </summary>
    public static SipParseResult Parse(ReadOnlyMemory<byte> datagram, SipParserOptions? options = null) =>
        Parse(datagram, options ?? SipParserOptions.Default, requireContentLength: false);

    /// <summary>
    /// Parses one message framed from a stream (TCP, TLS) by <see cref="SipStreamFramer"/>: Content-Length is required.
    /// </summary>
    public static SipParseResult ParseFramed(ReadOnlyMemory<byte> message, SipParserOptions? options = null) =>
        Parse(message, options ?? SipParserOptions.Default, requireContentLength: true);

    private static SipParseResult Parse(ReadOnlyMemory<byte> memory, SipParserOptions options, bool requireContentLength)
    {
        var data = memory.Span;
        if (data.Length > options.MaxMessageSize) return Fail(SipParseErrorCode.MessageTooLarge);

        var warnings = SipParseWarnings.None;
        var pos = 0;
        while (pos < data.Length && (data[pos] == CR || data[pos] == LF)) pos++;
        if (pos == data.Length) return Fail(SipParseErrorCode.Empty);
        if (pos > 0) warnings |= SipParseWarnings.LeadingLineBreaks;

        // Start line.
        var startLineStart = pos;
        var lf = data[pos..].IndexOf(LF);
        if (lf < 0) return Fail(SipParseErrorCode.HeadersNotTerminated);
        var lineEnd = pos + lf;
        var contentEnd = lineEnd > pos && data[lineEnd - 1] == CR ? lineEnd - 1 : lineEnd;
        if (contentEnd == lineEnd) warnings |= SipParseWarnings.BareLineFeeds;
        var startLine = data[pos..contentEnd];
        if (startLine.Length > options.MaxLineLength) return Fail(SipParseErrorCode.HeadersTooLarge);
        var isResponse = startLine.StartsWith("SIP/"u8);
        var error = SipParseError.None;
        int statusCode = 0, reasonStart = 0, reasonLength = 0, uriStart = 0, uriLength = 0, methodLength = 0;
        if (isResponse)
        {
            var code = ParseStatusLine(startLine, out statusCode, out reasonStart, out reasonLength);
            if (code == SipParseErrorCode.UnsupportedVersion) error = new SipParseError(code);
            else if (code != SipParseErrorCode.None) return Fail(code);
            reasonStart += pos;
        }
        else
        {
            var code = ParseRequestLine(startLine, out methodLength, out uriStart, out uriLength);
            if (code == SipParseErrorCode.UnsupportedVersion) error = new SipParseError(code);
            else if (code != SipParseErrorCode.None) return Fail(code);
            uriStart += pos;
        }

        var startLineLength = lineEnd + 1 - startLineStart;
        pos = lineEnd + 1;

        // Header fields, up to the empty line.
        var scratch = t_scratch ??= new HeaderEntry[256];
        var count = 0;
        int blankStart;
        while (true)
        {
            if (pos - startLineStart > options.MaxHeaderSectionSize) return Fail(SipParseErrorCode.HeadersTooLarge);
            if (pos >= data.Length) return Fail(SipParseErrorCode.HeadersNotTerminated);
            var b = data[pos];
            if (b == CR && pos + 1 < data.Length && data[pos + 1] == LF)
            {
                blankStart = pos;
                pos += 2;
                break;
            }

            if (b == LF)
            {
                warnings |= SipParseWarnings.BareLineFeeds;
                blankStart = pos;
                pos += 1;
                break;
            }

            if (b == SP || b == HT) return Fail(SipParseErrorCode.BadHeaderLine);
            if (count == options.MaxHeaderCount) return Fail(SipParseErrorCode.HeadersTooLarge);
            if (count == scratch.Length)
            {
                Array.Resize(ref scratch, scratch.Length * 2);
                t_scratch = scratch;
            }

            var code = ParseHeaderField(data, pos, options, ref warnings, out scratch[count]);
            if (code != SipParseErrorCode.None) return Fail(code);
            pos += scratch[count].RawLength;
            count++;
        }

        if (pos - startLineStart > options.MaxHeaderSectionSize) return Fail(SipParseErrorCode.HeadersTooLarge);

        // Body, framed by Content-Length (RFC 3261 §18.3, §20.14).
        var available = data.Length - pos;
        var contentLength = -1;
        for (var i = 0; i < count; i++)
        {
            if (scratch[i].Id != SipHeaderId.ContentLength) continue;
            var value = data.Slice(scratch[i].ValueStart, scratch[i].ValueLength);
            if (!SipNumericHeader.TryParseContentLength(value, out var parsed))
            {
                if (!error.IsError) error = new SipParseError(SipParseErrorCode.BadContentLength);
                contentLength = -2;
                break;
            }

            if (contentLength >= 0 && contentLength != parsed)
            {
                if (!error.IsError) error = new SipParseError(SipParseErrorCode.BadContentLength);
                contentLength = -2;
                break;
            }

            contentLength = parsed;
        }

        int bodyLength;
        if (contentLength >= 0)
        {
            if (contentLength > available)
            {
                if (requireContentLength) return Fail(SipParseErrorCode.TruncatedBody);
                if (!error.IsError) error = new SipParseError(SipParseErrorCode.TruncatedBody);
                bodyLength = available;
            }
            else
            {
                bodyLength = contentLength;
                if (contentLength < available) warnings |= SipParseWarnings.ExtraOctetsDiscarded;
            }
        }
        else
        {
            if (contentLength == -1)
            {
                if (requireContentLength && available > 0) return Fail(SipParseErrorCode.BadContentLength);
                warnings |= SipParseWarnings.MissingContentLength;
            }

            bodyLength = available;
        }

        var entries = new HeaderEntry[count + 4];
        Array.Copy(scratch, entries, count);
        var headers = new SipHeaderCollection(memory, entries, count);
        var body = memory.Slice(pos, bodyLength);
        SipMessage message = isResponse
            ? new SipResponse(memory, startLineStart, startLineLength, statusCode, reasonStart, reasonLength, headers, blankStart, pos - blankStart, body)
            : new SipRequest(memory, startLineStart, startLineLength, SipMethod.FromBytes(data.Slice(startLineStart, methodLength)), uriStart, uriLength, headers, blankStart, pos - blankStart, body);
        message.Warnings = warnings;
        return new SipParseResult(message, error);
    }

    private static SipParseResult Fail(SipParseErrorCode code) => new(null, new SipParseError(code));

    /// <summary>Request-Line = Method SP Request-URI SP SIP-Version (RFC 3261 §7.1): single spaces, nothing trailing.</summary>
    private static SipParseErrorCode ParseRequestLine(ReadOnlySpan<byte> line, out int methodLength, out int uriStart, out int uriLength)
    {
        uriStart = uriLength = 0;
        methodLength = 0;
        while (methodLength < line.Length && SipCharacters.IsToken(line[methodLength])) methodLength++;
        if (methodLength == 0 || methodLength >= line.Length || line[methodLength] != SP) return SipParseErrorCode.BadRequestLine;

        uriStart = methodLength + 1;
        var uriEnd = line[uriStart..].IndexOf(SP);
        if (uriEnd <= 0) return SipParseErrorCode.BadRequestLine;
        uriLength = uriEnd;
        uriEnd += uriStart;
        var uri = line.Slice(uriStart, uriLength);

        // The Request-URI is an absolute URI: scheme ":" ... with no whitespace, controls or angle brackets.
        if (!SipCharacters.IsAlpha(uri[0])) return SipParseErrorCode.BadRequestUri;
        var colon = uri.IndexOf((byte)':');
        if (colon < 1) return SipParseErrorCode.BadRequestUri;
        foreach (var c in uri)
        {
            if (c <= SP || c == 0x7F || c == '<' || c == '>' || c == '"') return SipParseErrorCode.BadRequestUri;
        }

        return ParseVersion(line[(uriEnd + 1)..]);
    }

    /// <summary>Status-Line = SIP-Version SP Status-Code SP Reason-Phrase (RFC 3261 §7.2).</summary>
    private static SipParseErrorCode ParseStatusLine(ReadOnlySpan<byte> line, out int statusCode, out int reasonStart, out int reasonLength)
    {
        statusCode = reasonStart = reasonLength = 0;
        var space = line.IndexOf(SP);
        if (space < 0) return SipParseErrorCode.BadStatusLine;
        var version = ParseVersion(line[..space]);
        if (version == SipParseErrorCode.BadRequestLine) return SipParseErrorCode.BadStatusLine;

        var rest = line[(space + 1)..];
        if (rest.Length < 3 || !SipCharacters.IsDigit(rest[0]) || !SipCharacters.IsDigit(rest[1]) || !SipCharacters.IsDigit(rest[2]))
        {
            return SipParseErrorCode.BadStatusLine;
        }

        statusCode = ((rest[0] - '0') * 100) + ((rest[1] - '0') * 10) + (rest[2] - '0');
        if (statusCode < 100 || statusCode > 699) return SipParseErrorCode.BadStatusLine;
        if (rest.Length > 3)
        {
            if (rest[3] != SP) return SipParseErrorCode.BadStatusLine;
            reasonStart = space + 5;
            reasonLength = line.Length - reasonStart;
            foreach (var c in line[reasonStart..])
            {
                if ((c < SP && c != HT) || c == 0x7F) return SipParseErrorCode.BadStatusLine;
            }
        }
        else
        {
            reasonStart = line.Length;
        }

        return version;
    }

    /// <summary>SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT; only 2.0 is supported (505 otherwise).</summary>
    private static SipParseErrorCode ParseVersion(ReadOnlySpan<byte> version)
    {
        if (version.Length < 7 || (version[0] | 0x20) != 's' || (version[1] | 0x20) != 'i' || (version[2] | 0x20) != 'p' || version[3] != '/')
        {
            return SipParseErrorCode.BadRequestLine;
        }

        var numbers = version[4..];
        var dot = numbers.IndexOf((byte)'.');
        if (dot < 1 || dot == numbers.Length - 1) return SipParseErrorCode.BadRequestLine;
        foreach (var c in numbers[..dot])
        {
            if (!SipCharacters.IsDigit(c)) return SipParseErrorCode.BadRequestLine;
        }

        foreach (var c in numbers[(dot + 1)..])
        {
            if (!SipCharacters.IsDigit(c)) return SipParseErrorCode.BadRequestLine;
        }

        return numbers.SequenceEqual("2.0"u8) ? SipParseErrorCode.None : SipParseErrorCode.UnsupportedVersion;
    }

    /// <summary>
    /// message-header = field-name HCOLON field-value CRLF, with continuation lines (LWS) folded into the value
    /// (RFC 3261 §7.3.1). HCOLON allows whitespace before the colon.
    /// </summary>
    private static SipParseErrorCode ParseHeaderField(ReadOnlySpan<byte> data, int start, SipParserOptions options, ref SipParseWarnings warnings, out HeaderEntry entry)
    {
        entry = default;
        var rest = data[start..];
        var lf = rest.IndexOf(LF);
        if (lf < 0) return SipParseErrorCode.HeadersNotTerminated;

        // Extend over continuation lines.
        while (lf + 1 < rest.Length && (rest[lf + 1] == SP || rest[lf + 1] == HT))
        {
            var next = rest[(lf + 1)..].IndexOf(LF);
            if (next < 0) return SipParseErrorCode.HeadersNotTerminated;
            lf += next + 1;
        }

        if (lf + 1 > options.MaxLineLength) return SipParseErrorCode.HeadersTooLarge;
        var line = rest[..lf];
        if (line.Length > 0 && line[^1] == CR) line = line[..^1];
        else warnings |= SipParseWarnings.BareLineFeeds;

        var colon = line.IndexOf((byte)':');
        if (colon <= 0) return SipParseErrorCode.BadHeaderLine;
        var nameEnd = colon;
        while (nameEnd > 0 && (line[nameEnd - 1] == SP || line[nameEnd - 1] == HT)) nameEnd--;
        var name = line[..nameEnd];
        if (!SipCharacters.IsToken(name)) return SipParseErrorCode.BadHeaderLine;

        var valueStart = colon + 1;
        var valueEnd = line.Length;
        while (valueStart < valueEnd && IsLws(line[valueStart])) valueStart++;
        while (valueEnd > valueStart && IsLws(line[valueEnd - 1])) valueEnd--;

        entry.Id = SipHeaderNames.Identify(name);
        entry.RawStart = start;
        entry.RawLength = lf + 1;
        entry.NameLength = nameEnd;
        entry.ValueStart = start + valueStart;
        entry.ValueLength = valueEnd - valueStart;
        return SipParseErrorCode.None;
    }

    private static bool IsLws(byte b) => b == SP || b == HT || b == CR || b == LF;
}
