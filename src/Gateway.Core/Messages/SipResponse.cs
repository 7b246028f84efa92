using System.Globalization;
using System.Text;

namespace Gateway.Core.Messages;

/// <summary>A SIP response: status code, reason phrase, headers and body (RFC 3261 §7.2).</summary>
public sealed class SipResponse : SipMessage
{
    private readonly int _reasonStart;
    private readonly int _reasonLength;
    private string? _reason;
    private bool _startLineChanged;

    internal SipResponse(ReadOnlyMemory<byte> source, int startLineStart, int startLineLength, int statusCode, int reasonStart, int reasonLength, SipHeaderCollection headers, int blankLineStart, int blankLineLength, ReadOnlyMemory<byte> body)
        : base(source, startLineStart, startLineLength, headers, blankLineStart, blankLineLength, body)
    {
        StatusCode = statusCode;
        _reasonStart = reasonStart;
        _reasonLength = reasonLength;
    }

    /// <summary>Creates a response in code, with no headers and no body.</summary>
    public SipResponse(int statusCode, string reasonPhrase)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 699);
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
    }

    /// <inheritdoc />
    public override bool IsRequest => false;

    /// <summary>The status code, 100–699.</summary>
    public int StatusCode { get; }

    /// <summary>True for 1xx.</summary>
    public bool IsProvisional => StatusCode < 200;

    /// <summary>True for 2xx.</summary>
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>The reason phrase (may be empty). Setting it rewrites the status line.</summary>
    public string ReasonPhrase
    {
        get => _reason ??= Encoding.UTF8.GetString(Source.Slice(_reasonStart, _reasonLength));
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.AsSpan().IndexOfAny('\r', '\n') >= 0) throw new ArgumentException("A reason phrase may not contain line breaks.", nameof(value));
            _reason = value;
            _startLineChanged = true;
        }
    }

    /// <summary>
    /// Creates a response to <paramref name="request"/> carrying its Via, From, To, Call-ID and CSeq fields
    /// copied unchanged (RFC 3261 §8.2.6.2), and Content-Length 0. Works on requests whose other headers are
    /// malformed, so a 400 can always be built.
    /// </summary>
    public static SipResponse CreateFor(SipRequest request, int statusCode, string reasonPhrase)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = new SipResponse(statusCode, reasonPhrase);
        var headers = request.Headers;
        for (var i = 0; i < headers.Count; i++)
        {
            var id = headers.GetId(i);
            if (id is SipHeaderId.Via or SipHeaderId.From or SipHeaderId.To or SipHeaderId.CallId or SipHeaderId.CSeq)
            {
                response.Headers.Add(SipHeaderNames.GetName(id), headers.GetValue(i));
            }
        }

        response.Headers.Add(SipHeaderNames.GetName(SipHeaderId.ContentLength), "0");
        return response;
    }

    private protected override int GetStartLineLength()
    {
        if (!_startLineChanged && HasRawStartLine) return RawStartLine.Length;
        return "SIP/2.0 000 "u8.Length + Encoding.UTF8.GetByteCount(ReasonPhrase) + 2;
    }

    private protected override int WriteStartLine(Span<byte> destination)
    {
        if (!_startLineChanged && HasRawStartLine)
        {
            RawStartLine.CopyTo(destination);
            return RawStartLine.Length;
        }

        "SIP/2.0 "u8.CopyTo(destination);
        var n = "SIP/2.0 "u8.Length;
        StatusCode.TryFormat(destination[n..], out var digits, default, CultureInfo.InvariantCulture);
        n += digits;
        destination[n++] = (byte)' ';
        n += Encoding.UTF8.GetBytes(ReasonPhrase, destination[n..]);
        destination[n++] = (byte)'\r';
        destination[n++] = (byte)'\n';
        return n;
    }
}
