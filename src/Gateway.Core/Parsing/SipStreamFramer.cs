using System.Buffers;
using Gateway.Core.Headers;
using Gateway.Core.Messages;

namespace Gateway.Core.Parsing;

/// <summary>
/// Finds message boundaries in a byte stream (TCP, TLS): the header section ends at the first empty line and the
/// body runs for Content-Length octets (RFC 3261 §18.3); CRLF keep-alives of RFC 5626 §3.5.1 are recognised.
/// Works on a <see cref="ReadOnlySequence{T}"/> from a <c>PipeReader</c>, however it is split into segments.
/// </summary>
public static class SipStreamFramer
{
    /// <summary>
    /// Looks for one frame at the start of <paramref name="buffer"/>. On <see cref="SipFrameKind.Message"/> and the
    /// keep-alive kinds, <paramref name="frameLength"/> is the number of octets the frame occupies (slice and
    /// consume them); on <see cref="SipFrameKind.Incomplete"/> nothing should be consumed.
    /// A message with no Content-Length is framed with an empty body.
    /// </summary>
    public static SipFrameKind TryFrame(in ReadOnlySequence<byte> buffer, SipParserOptions options, out long frameLength, out SipParseError error)
    {
        ArgumentNullException.ThrowIfNull(options);
        frameLength = 0;
        error = SipParseError.None;
        if (buffer.IsEmpty) return SipFrameKind.Incomplete;

        Span<byte> head = stackalloc byte[4];
        var headLength = (int)Math.Min(4, buffer.Length);
        buffer.Slice(0, headLength).CopyTo(head);
        if (head[0] == '\r' || head[0] == '\n')
        {
            return FrameKeepAlive(head[..headLength], out frameLength);
        }

        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> headers, "\r\n\r\n"u8, advancePastDelimiter: true))
        {
            if (buffer.Length > options.MaxHeaderSectionSize)
            {
                error = new SipParseError(SipParseErrorCode.HeadersTooLarge);
                return SipFrameKind.Error;
            }

            return SipFrameKind.Incomplete;
        }

        var headerLength = headers.Length + 4;
        if (headerLength > options.MaxHeaderSectionSize)
        {
            error = new SipParseError(SipParseErrorCode.HeadersTooLarge);
            return SipFrameKind.Error;
        }

        var contentLength = FindContentLength(headers, out var bad);
        if (bad)
        {
            error = new SipParseError(SipParseErrorCode.BadContentLength);
            return SipFrameKind.Error;
        }

        var total = headerLength + contentLength;
        if (total > options.MaxMessageSize)
        {
            error = new SipParseError(SipParseErrorCode.MessageTooLarge);
            return SipFrameKind.Error;
        }

        if (buffer.Length < total) return SipFrameKind.Incomplete;
        frameLength = total;
        return SipFrameKind.Message;
    }

    private static SipFrameKind FrameKeepAlive(ReadOnlySpan<byte> head, out long frameLength)
    {
        frameLength = 0;
        if (head.Length >= 4 && head.SequenceEqual("\r\n\r\n"u8))
        {
            frameLength = 4;
            return SipFrameKind.KeepAlivePing;
        }

        if (head[0] == '\n')
        {
            frameLength = 1;
            return SipFrameKind.KeepAlivePong;
        }

        // "\r", "\r\n" and "\r\n\r" may still grow into a ping.
        if (head.Length < 2 || (head.Length == 2 && head[1] == '\n') || (head.Length == 3 && head[1] == '\n' && head[2] == '\r'))
        {
            return SipFrameKind.Incomplete;
        }

        frameLength = head[1] == '\n' ? 2 : 1;
        return SipFrameKind.KeepAlivePong;
    }

    /// <summary>
    /// Scans the header section (without its final CRLFCRLF) for Content-Length / l. Returns 0 when absent; sets
    /// <paramref name="bad"/> when a value is malformed or two values differ.
    /// </summary>
    private static long FindContentLength(in ReadOnlySequence<byte> headers, out bool bad)
    {
        bad = false;
        byte[]? rented = null;
        var length = (int)headers.Length;
        Span<byte> section = length <= 2048 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length)).AsSpan(0, length);
        try
        {
            headers.CopyTo(section);
            var result = -1;
            var pos = section.IndexOf((byte)'\n') + 1; // skip the start line
            while (pos > 0 && pos < section.Length)
            {
                var lineLength = section[pos..].IndexOf((byte)'\n');
                var end = lineLength < 0 ? section.Length : pos + lineLength;
                var line = section[pos..end];
                if (line.Length > 0 && line[0] is not (byte)' ' and not (byte)'\t')
                {
                    var colon = line.IndexOf((byte)':');
                    if (colon > 0)
                    {
                        var name = line[..colon].TrimEnd(" \t"u8);
                        if (SipHeaderNames.Identify(name) == SipHeaderId.ContentLength)
                        {
                            if (!SipNumericHeader.TryParseContentLength(line[(colon + 1)..].Trim(" \t\r"u8), out var value) || (result >= 0 && result != value))
                            {
                                bad = true;
                                return 0;
                            }

                            result = value;
                        }
                    }
                }

                pos = end + 1;
            }

            return Math.Max(result, 0);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
