using System.Net;
using System.Net.Sockets;
using Gateway.Core.Media;

namespace Gateway.Media.Control.Ng;

/// <summary>Writes ng reply dictionaries shaped like rtpengine's (<c>result</c>, <c>error-reason</c>, query stats).</summary>
internal static class NgReplyWriter
{
    /// <summary>Writes <c>cookie SP</c> then an error dictionary.</summary>
    public static int WriteError(Span<byte> destination, ReadOnlySpan<byte> cookie, string reason)
    {
        var writer = Start(destination, cookie);
        writer.TryWriteStartDictionary();
        writer.TryWriteKeyValue("result"u8, "error");
        writer.TryWriteKeyValue("error-reason"u8, reason);
        writer.TryWriteEnd();
        return Finish(ref writer, cookie);
    }

    /// <summary>Starts a reply: the cookie and a space (the dictionary follows).</summary>
    public static BencodeWriter Start(Span<byte> destination, ReadOnlySpan<byte> cookie)
    {
        if (destination.Length < cookie.Length + 1) return new BencodeWriter([]);
        cookie.CopyTo(destination);
        destination[cookie.Length] = (byte)' ';
        return new BencodeWriter(destination[(cookie.Length + 1)..]);
    }

    /// <summary>Total length of the datagram, or -1 when it did not fit.</summary>
    public static int Finish(ref BencodeWriter writer, ReadOnlySpan<byte> cookie) =>
        writer.HasFailed || writer.CurrentDepth != 0 || writer.BytesWritten == 0 ? -1 : cookie.Length + 1 + writer.BytesWritten;

    /// <summary>Writes the keys of rtpengine's <c>query</c> reply (and of a <c>delete</c> reply's statistics) for a session.</summary>
    public static void WriteSession(ref BencodeWriter writer, MediaSessionInfo info)
    {
        writer.TryWriteKeyValue("created"u8, info.Created.ToUnixTimeSeconds());
        writer.TryWriteKeyValue("created_us"u8, (info.Created.ToUnixTimeMilliseconds() % 1000) * 1000);
        writer.TryWriteKeyValue("last signal"u8, info.LastActivity.ToUnixTimeSeconds());
        writer.TryWriteKeyValue("last redis update"u8, 0);

        writer.TryWriteKey("tags"u8);
        writer.TryWriteStartDictionary();
        var tags = DistinctTags(info);
        foreach (var tag in tags)
        {
            writer.TryWriteKey(System.Text.Encoding.UTF8.GetBytes(tag));
            writer.TryWriteStartDictionary();
            writer.TryWriteKeyValue("tag"u8, tag);
            writer.TryWriteKeyValue("created"u8, info.Created.ToUnixTimeSeconds());
            if (tags.Count == 2) writer.TryWriteKeyValue("in dialogue with"u8, tags[0] == tag ? tags[1] : tags[0]);
            writer.TryWriteKey("medias"u8);
            writer.TryWriteStartList();
            foreach (var stream in info.Streams)
            {
                if (stream.Tag != tag) continue;
                WriteMedia(ref writer, stream);
            }

            writer.TryWriteEnd();
            writer.TryWriteEnd();
        }

        writer.TryWriteEnd();

        long packets = 0, bytes = 0, errors = 0;
        foreach (var stream in info.Streams)
        {
            packets += stream.PacketsReceived;
            bytes += stream.BytesReceived;
            errors += stream.Errors;
        }

        writer.TryWriteKey("totals"u8);
        writer.TryWriteStartDictionary();
        writer.TryWriteKey("RTP"u8);
        WriteStats(ref writer, packets, bytes, errors);
        writer.TryWriteKey("RTCP"u8);
        WriteStats(ref writer, 0, 0, 0);
        writer.TryWriteEnd();
    }

    private static void WriteMedia(ref BencodeWriter writer, MediaStreamStatistics stream)
    {
        writer.TryWriteStartDictionary();
        writer.TryWriteKeyValue("index"u8, stream.MediaIndex + 1);
        writer.TryWriteKeyValue("type"u8, stream.MediaType);
        writer.TryWriteKeyValue("protocol"u8, stream.Protocol);
        writer.TryWriteKey("streams"u8);
        writer.TryWriteStartList();
        writer.TryWriteStartDictionary();
        if (stream.LocalEndPoint is { } local)
        {
            writer.TryWriteKeyValue("local port"u8, local.Port);
            writer.TryWriteKeyValue("local address"u8, local.Address.ToString());
            writer.TryWriteKeyValue("family"u8, Family(local));
        }

        if (stream.RemoteEndPoint is { } remote)
        {
            writer.TryWriteKey("endpoint"u8);
            WriteEndPoint(ref writer, remote);
            writer.TryWriteKey("advertised endpoint"u8);
            WriteEndPoint(ref writer, remote);
        }

        writer.TryWriteKeyValue("last packet"u8, stream.LastPacket?.ToUnixTimeSeconds() ?? 0);
        writer.TryWriteKey("flags"u8);
        writer.TryWriteStartList();
        writer.TryWriteString("RTP"u8);
        if (stream.RemoteEndPoint is not null) writer.TryWriteString("filled"u8);
        if (stream.Latched) writer.TryWriteString("confirmed"u8);
        writer.TryWriteEnd();
        writer.TryWriteKey("stats"u8);
        WriteStats(ref writer, stream.PacketsReceived, stream.BytesReceived, stream.Errors);
        writer.TryWriteKey("stats_out"u8);
        WriteStats(ref writer, stream.PacketsSent, stream.BytesSent, 0);
        writer.TryWriteEnd();
        writer.TryWriteEnd();
        writer.TryWriteEnd();
    }

    private static void WriteEndPoint(ref BencodeWriter writer, IPEndPoint endPoint)
    {
        writer.TryWriteStartDictionary();
        writer.TryWriteKeyValue("family"u8, Family(endPoint));
        writer.TryWriteKeyValue("address"u8, endPoint.Address.ToString());
        writer.TryWriteKeyValue("port"u8, endPoint.Port);
        writer.TryWriteEnd();
    }

    private static void WriteStats(ref BencodeWriter writer, long packets, long bytes, long errors)
    {
        writer.TryWriteStartDictionary();
        writer.TryWriteKeyValue("packets"u8, packets);
        writer.TryWriteKeyValue("bytes"u8, bytes);
        writer.TryWriteKeyValue("errors"u8, errors);
        writer.TryWriteEnd();
    }

    private static string Family(IPEndPoint endPoint) => endPoint.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";

    private static List<string> DistinctTags(MediaSessionInfo info)
    {
        var tags = new List<string>();
        if (!tags.Contains(info.Key.FromTag)) tags.Add(info.Key.FromTag);
        if (info.Key.ToTag is { } toTag && !tags.Contains(toTag)) tags.Add(toTag);
        foreach (var stream in info.Streams)
        {
            if (!tags.Contains(stream.Tag)) tags.Add(stream.Tag);
        }

        return tags;
    }
}
