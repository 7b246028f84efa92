using System.Text;

namespace Gateway.Media.Sdp;

/// <summary>Counts the bytes the description's text encodes to.</summary>
internal struct SdpByteCountSink : ISdpSink
{
    private readonly Encoding _encoding;

    public SdpByteCountSink(Encoding encoding) => _encoding = encoding;

    public long Count { get; private set; }

    public void Append(ReadOnlySpan<char> text) => Count += Ascii.IsValid(text) ? text.Length : _encoding.GetByteCount(text);
}
