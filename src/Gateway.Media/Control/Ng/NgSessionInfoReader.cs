using System.Net;
using Gateway.Core.Media;

namespace Gateway.Media.Control.Ng;

/// <summary>Reads rtpengine's <c>query</c> (or <c>delete</c>) reply into a <see cref="MediaSessionInfo"/>.</summary>
internal static class NgSessionInfoReader
{
    /// <summary>One <see cref="MediaStreamStatistics"/> per tag and media; RTP and RTCP streams of a media are summed.</summary>
    public static MediaSessionInfo Read(NgValue reply, MediaSessionKey key, string instance)
    {
        var created = FromUnix(reply.GetInteger("created"));
        var lastSignal = FromUnix(reply.GetInteger("last-signal", reply.GetInteger("created")));
        var streams = new List<MediaStreamStatistics>();
        var lastActivity = lastSignal;
        if (reply.TryGet("tags", out var tags) && tags.Kind == NgValueKind.Dictionary)
        {
            foreach (var (tagKey, tag) in tags.Entries)
            {
                if (tag.Kind != NgValueKind.Dictionary || !tag.TryGet("medias", out var medias)) continue;
                var tagName = tag.GetText("tag") ?? tagKey;
                foreach (var media in medias.Items)
                {
                    if (media.Kind != NgValueKind.Dictionary) continue;
                    var statistics = ReadMedia(media, tagName);
                    if (statistics.LastPacket is { } last && last > lastActivity) lastActivity = last;
                    streams.Add(statistics);
                }
            }
        }

        return new MediaSessionInfo
        {
            Key = key,
            Created = created,
            LastActivity = lastActivity,
            Instance = instance,
            Streams = streams,
        };
    }

    private static MediaStreamStatistics ReadMedia(NgValue media, string tag)
    {
        long packets = 0, bytes = 0, errors = 0, packetsOut = 0, bytesOut = 0, lastPacket = 0;
        IPEndPoint? local = null, remote = null;
        var latched = false;
        if (media.TryGet("streams", out var list))
        {
            foreach (var stream in list.Items)
            {
                if (stream.Kind != NgValueKind.Dictionary) continue;
                if (stream.TryGet("stats", out var stats))
                {
                    packets += stats.GetInteger("packets");
                    bytes += stats.GetInteger("bytes");
                    errors += stats.GetInteger("errors");
                }

                if (stream.TryGet("stats_out", out var statsOut))
                {
                    packetsOut += statsOut.GetInteger("packets");
                    bytesOut += statsOut.GetInteger("bytes");
                }

                lastPacket = Math.Max(lastPacket, stream.GetInteger("last-packet"));
                if (local is null && stream.GetInteger("local-port") is > 0 and <= 65535 and var port
                    && IPAddress.TryParse(stream.GetText("local-address"), out var address))
                {
                    local = new IPEndPoint(address, (int)port);
                }

                if (remote is null && stream.TryGet("endpoint", out var endpoint) && endpoint.GetInteger("port") is > 0 and <= 65535 and var remotePort
                    && IPAddress.TryParse(endpoint.GetText("address"), out var remoteAddress))
                {
                    remote = new IPEndPoint(remoteAddress, (int)remotePort);
                }

                foreach (var flag in stream.GetStrings("flags")) latched |= flag == "confirmed";
            }
        }

        return new MediaStreamStatistics
        {
            Tag = tag,
            MediaIndex = (int)Math.Max(0, media.GetInteger("index", 1) - 1),
            MediaType = media.GetText("type") ?? "audio",
            Protocol = media.GetText("protocol") ?? "RTP/AVP",
            LocalEndPoint = local,
            RemoteEndPoint = remote,
            Latched = latched,
            PacketsReceived = packets,
            BytesReceived = bytes,
            PacketsSent = packetsOut,
            BytesSent = bytesOut,
            Errors = errors,
            LastPacket = lastPacket > 0 ? FromUnix(lastPacket) : null,
        };
    }

    private static DateTimeOffset FromUnix(long seconds) =>
        seconds is > 0 and < 253402300799 ? DateTimeOffset.FromUnixTimeSeconds(seconds) : DateTimeOffset.UnixEpoch;
}
