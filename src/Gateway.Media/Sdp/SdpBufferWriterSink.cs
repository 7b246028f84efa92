using System.Buffers;
using System.Text;

namespace Gateway.Media.Sdp;

/// <summary>Encodes the description's text straight into an <see cref="IBufferWriter{T}"/>.</summary>
internal readonly struct SdpBufferWriterSink : ISdpSink
{
    private readonly IBufferWriter<byte> _writer;
    private readonly Encoding _encoding;

    public SdpBufferWriterSink(IBufferWriter<byte> writer, Encoding encoding)
    {
        _writer = writer;
        _encoding = encoding;
    }

    public void Append(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return;
        if (Ascii.IsValid(text))
        {
            var ascii = _writer.GetSpan(text.Length);
            Ascii.FromUtf16(text, ascii, out var copied);
            _writer.Advance(copied);
            return;
        }

        var span = _writer.GetSpan(_encoding.GetMaxByteCount(text.Length));
        var written = _encoding.GetBytes(text, span);
        _writer.Advance(written);
    }
}
