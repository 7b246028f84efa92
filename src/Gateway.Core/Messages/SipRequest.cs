using System.Text;
using Gateway.Core.Uris;

namespace Gateway.Core.Messages;

/// <summary>A SIP request: method, Request-URI, headers and body (RFC 3261 §7.1).</summary>
public sealed class SipRequest : SipMessage
{
    private readonly int _uriStart;
    private readonly int _uriLength;
    private string? _uriText;
    private SipUri? _uri;
    private bool _startLineChanged;

    internal SipRequest(ReadOnlyMemory<byte> source, int startLineStart, int startLineLength, SipMethod method, int uriStart, int uriLength, SipHeaderCollection headers, int blankLineStart, int blankLineLength, ReadOnlyMemory<byte> body)
        : base(source, startLineStart, startLineLength, headers, blankLineStart, blankLineLength, body)
    {
        Method = method;
        _uriStart = uriStart;
        _uriLength = uriLength;
    }

    /// <summary>Creates a request in code, with no headers and no body.</summary>
    public SipRequest(SipMethod method, SipUri requestUri)
    {
        ArgumentNullException.ThrowIfNull(requestUri);
        if (string.IsNullOrEmpty(method.Name)) throw new ArgumentException("The method is empty.", nameof(method));
        Method = method;
        _uri = requestUri;
        _startLineChanged = true;
    }

    /// <inheritdoc />
    public override bool IsRequest => true;

    /// <summary>The request method.</summary>
    public SipMethod Method { get; }

    /// <summary>The Request-URI as text (exactly as received, until it is replaced).</summary>
    public string RequestUriText => _uriText ??= _uri?.ToString() ?? Encoding.UTF8.GetString(Source.Slice(_uriStart, _uriLength));

    /// <summary>
    /// The Request-URI, parsed on first access. Setting it rewrites the request line (a proxy retargeting the
    /// request, RFC 3261 §16.5). Throws <see cref="FormatException"/> on access when the received URI is malformed;
    /// use <see cref="TryGetRequestUri"/> to test.
    /// </summary>
    public SipUri RequestUri
    {
        get
        {
            if (!TryGetRequestUri(out var uri)) throw new FormatException("The Request-URI is malformed.");
            return uri;
        }

        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _uri = value;
            _uriText = null;
            _startLineChanged = true;
        }
    }

    /// <summary>Parses the Request-URI if needed; false when it is malformed.</summary>
    public bool TryGetRequestUri([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SipUri? uri)
    {
        if (_uri is null && SipUri.TryParse(RequestUriText, out var parsed)) _uri = parsed;
        uri = _uri;
        return uri is not null;
    }

    private protected override int GetStartLineLength()
    {
        if (!_startLineChanged && HasRawStartLine) return RawStartLine.Length;
        return Encoding.UTF8.GetByteCount(Method.Name) + 1 + Encoding.UTF8.GetByteCount(RequestUriText) + " SIP/2.0\r\n"u8.Length;
    }

    private protected override int WriteStartLine(Span<byte> destination)
    {
        if (!_startLineChanged && HasRawStartLine)
        {
            RawStartLine.CopyTo(destination);
            return RawStartLine.Length;
        }

        var n = Encoding.UTF8.GetBytes(Method.Name, destination);
        destination[n++] = (byte)' ';
        n += Encoding.UTF8.GetBytes(RequestUriText, destination[n..]);
        " SIP/2.0\r\n"u8.CopyTo(destination[n..]);
        return n + " SIP/2.0\r\n"u8.Length;
    }
}
