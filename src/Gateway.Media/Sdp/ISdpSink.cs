namespace Gateway.Media.Sdp;

/// <summary>Receives the text of a description as the writer produces it (a string, a byte count, or encoded bytes).</summary>
internal interface ISdpSink
{
    void Append(ReadOnlySpan<char> text);
}
