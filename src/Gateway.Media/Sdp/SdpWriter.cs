namespace Gateway.Media.Sdp;

/// <summary>Writes SDP lines to a sink: the type prefix, the value, the line ending.</summary>
internal static class SdpWriter
{
    public static void Line<TSink>(ref TSink sink, string prefix, string value, string lineEnding)
        where TSink : ISdpSink, allows ref struct
    {
        sink.Append(prefix);
        sink.Append(value);
        sink.Append(lineEnding);
    }

    public static void Attribute<TSink>(ref TSink sink, SdpAttribute attribute, string lineEnding)
        where TSink : ISdpSink, allows ref struct
    {
        sink.Append("a=");
        sink.Append(attribute.Name);
        if (attribute.Value is not null)
        {
            sink.Append(":");
            sink.Append(attribute.Value);
        }

        sink.Append(lineEnding);
    }
}
