using System.Buffers;
using System.Text;

namespace Gateway.Media.Sdp;

/// <summary>Encodes the description's text into a caller's span; notes overflow instead of throwing.</summary>
internal ref struct SdpSpanSink : ISdpSink
{
    private readonly Span<byte> _destination;
    private readonly Encoding _encoding;

    public SdpSpanSink(Span<byte> destination, Encoding encoding)
    {
        _destination = destination;
        _encoding = encoding;
    }

    public int Written { get; private set; }

    public bool Overflowed { get; private set; }

    public void Append(ReadOnlySpan<char> text)
    {
        if (Overflowed || text.IsEmpty) return;
        var destination = _destination[Written..];

        // SDP is nearly always ASCII: take the vectorised path, fall back to the encoding for anything else.
        if (text.Length <= destination.Length && Ascii.FromUtf16(text, destination, out var ascii) == OperationStatus.Done)
        {
            Written += ascii;
        }
        else if (_encoding.TryGetBytes(text, destination, out var written))
        {
            Written += written;
        }
        else
        {
            Overflowed = true;
        }
    }
}
