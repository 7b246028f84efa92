using System.Buffers;
using System.Text;

namespace Gateway.Core.Messages;

/// <summary>
/// A SIP request or response (RFC 3261 §7). A parsed message keeps the received bytes and serialises untouched
/// parts of them back unchanged; headers are decoded lazily on first access. Edits (headers, start line, body) are
/// applied in place and only the edited parts are rewritten on output.
/// </summary>
/// <remarks>A message is not thread-safe; one owner edits it at a time.</remarks>
public abstract partial class SipMessage
{
    private readonly ReadOnlyMemory<byte> _source;
    private readonly int _startLineStart;
    private readonly int _startLineLength;
    private readonly int _blankLineStart;
    private readonly int _blankLineLength;
    private ReadOnlyMemory<byte> _body;

    private protected SipMessage(ReadOnlyMemory<byte> source, int startLineStart, int startLineLength, SipHeaderCollection headers, int blankLineStart, int blankLineLength, ReadOnlyMemory<byte> body)
    {
        _source = source;
        _startLineStart = startLineStart;
        _startLineLength = startLineLength;
        _blankLineStart = blankLineStart;
        _blankLineLength = blankLineLength;
        _body = body;
        Headers = headers;
        headers.AttachTo(this);
    }

    private protected SipMessage()
        : this(ReadOnlyMemory<byte>.Empty, 0, 0, new SipHeaderCollection(), 0, 0, ReadOnlyMemory<byte>.Empty)
    {
    }

    /// <summary>True for a request, false for a response.</summary>
    public abstract bool IsRequest { get; }

    /// <summary>The header fields, in wire order.</summary>
    public SipHeaderCollection Headers { get; }

    /// <summary>The message body (exactly Content-Length octets of a parsed message).</summary>
    public ReadOnlyMemory<byte> Body => _body;

    /// <summary>What the parser tolerated when it accepted this message.</summary>
    public SipParseWarnings Warnings { get; internal set; }

    private protected ReadOnlySpan<byte> Source => _source.Span;

    private protected bool HasRawStartLine => _startLineLength > 0;

    /// <summary>
    /// Replaces the body and sets Content-Length to its size; when <paramref name="contentType"/> is given,
    /// Content-Type is set too (an empty body with no type removes Content-Type).
    /// </summary>
    public void SetBody(ReadOnlyMemory<byte> body, string? contentType = null)
    {
        _body = body;
        Headers.Set(SipHeaderNames.GetName(SipHeaderId.ContentLength), body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (contentType is not null)
        {
            Headers.Set(SipHeaderNames.GetName(SipHeaderId.ContentType), contentType);
        }
        else if (body.IsEmpty)
        {
            Headers.RemoveAll(SipHeaderNames.GetName(SipHeaderId.ContentType));
        }
    }

    /// <summary>Octets the message occupies when serialised.</summary>
    public int GetSerializedLength() => GetStartLineLength() + Headers.GetSerializedLength() + BlankLine.Length + _body.Length;

    /// <summary>Serialises the message into <paramref name="destination"/>; false when it does not fit.</summary>
    public bool TryWriteTo(Span<byte> destination, out int written)
    {
        var length = GetSerializedLength();
        if (destination.Length < length)
        {
            written = 0;
            return false;
        }

        var n = WriteStartLine(destination);
        n += Headers.WriteTo(destination[n..]);
        var blank = BlankLine;
        blank.CopyTo(destination[n..]);
        n += blank.Length;
        _body.Span.CopyTo(destination[n..]);
        written = n + _body.Length;
        return true;
    }

    /// <summary>Serialises the message into <paramref name="writer"/>.</summary>
    public void WriteTo(IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var length = GetSerializedLength();
        var span = writer.GetSpan(length);
        TryWriteTo(span, out var written);
        writer.Advance(written);
    }

    /// <summary>Serialises the message into a new array.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[GetSerializedLength()];
        TryWriteTo(bytes, out _);
        return bytes;
    }

    /// <summary>The serialised message as text (UTF-8), for logs and tests.</summary>
    public override string ToString() => Encoding.UTF8.GetString(ToArray());

    private ReadOnlySpan<byte> BlankLine => _blankLineLength > 0 ? _source.Span.Slice(_blankLineStart, _blankLineLength) : "\r\n"u8;

    private protected ReadOnlySpan<byte> RawStartLine => _source.Span.Slice(_startLineStart, _startLineLength);

    private protected abstract int GetStartLineLength();

    private protected abstract int WriteStartLine(Span<byte> destination);

    internal partial void OnHeaderChanged(SipHeaderId id);
}
