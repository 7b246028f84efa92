using System.Net;

namespace Gateway.Media.Relay;

/// <summary>A snapshot of one leg's counters (see <see cref="IMediaLeg.GetStatistics"/>).</summary>
internal readonly record struct MediaLegStatistics(
    IPEndPoint? RemoteEndPoint,
    bool Latched,
    long PacketsReceived,
    long BytesReceived,
    long PacketsSent,
    long BytesSent,
    long Errors,
    DateTimeOffset? LastPacket,
    bool IceConnected,
    bool DtlsConnected);
