namespace Gateway.Media.Sdp;

/// <summary>The kind of the last line read: the state of <see cref="SdpParser"/>'s order check (RFC 8866 §9).</summary>
internal enum SdpParserState
{
    Start,
    Version,
    Origin,
    SessionName,
    Information,
    Uri,
    Email,
    Phone,
    Connection,
    Bandwidth,
    Timing,
    Repeat,
    Zone,
    Key,
    Attribute,
    Media,
    MediaInformation,
    MediaConnection,
    MediaBandwidth,
    MediaKey,
    MediaAttribute,
}
