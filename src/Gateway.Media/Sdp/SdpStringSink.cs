using System.Text;

namespace Gateway.Media.Sdp;

/// <summary>Collects the description's text into a <see cref="StringBuilder"/>.</summary>
internal readonly struct SdpStringSink : ISdpSink
{
    private readonly StringBuilder _builder;

    public SdpStringSink(StringBuilder builder) => _builder = builder;

    public void Append(ReadOnlySpan<char> text) => _builder.Append(text);
}
