using System.Net;
using System.Net.Sockets;
using System.Text;
using Gateway.Core.Media;

namespace Gateway.Media.Control.Ng;

/// <summary>
/// Translates between an ng dictionary's flag keys and <see cref="MediaFlags"/>, both ways, as rtpengine's SIP modules
/// do: Kamailio's <c>rtpengine_offer("RTP/AVP replace-origin ICE=remove")</c> sends
/// <c>transport-protocol: RTP/AVP, replace: [origin], ICE: remove</c>; bare words go to the <c>flags</c> list,
/// <c>key=value</c> words become dictionary entries, and <c>replace-</c>, <c>rtcp-mux-</c>, <c>SDES-</c> and
/// <c>direction=</c> words become lists.
/// </summary>
internal static class NgFlagMapper
{
    /// <summary>Keys the ng dictionary carries that are not flags (identity, body, bookkeeping).</summary>
    private static readonly string[] NonFlagKeys =
    [
        "command", "sdp", "call-id", "from-tag", "to-tag", "via-branch", "supports", "sip-message-type", "received-from",
        "flags", "replace", "rtcp-mux", "SDES", "direction", "ICE", "DTLS", "transport-protocol", "media-address",
        "address-family", "record-call", "rtpp-flags",
    ];

    /// <summary>Reads the flag keys of a request dictionary into <paramref name="flags"/>.</summary>
    public static bool TryRead(NgValue dictionary, MediaFlags flags, out string? error)
    {
        error = null;

        // Daemon-side parsing (Kamailio's newer mode): the script's flag string as it was written.
        if (dictionary.GetText("rtpp-flags") is { } raw && !ApplyAll(raw, flags, out error)) return false;

        foreach (var flag in dictionary.GetStrings("flags"))
        {
            if (!Apply(flags, NormalizeWord(flag), out error)) return false;
        }

        foreach (var item in dictionary.GetStrings("replace"))
        {
            if (!Apply(flags, "replace-" + NormalizeWord(item), out error)) return false;
        }

        foreach (var item in dictionary.GetStrings("rtcp-mux"))
        {
            if (!Apply(flags, "rtcp-mux-" + item, out error)) return false;
        }

        foreach (var item in dictionary.GetStrings("SDES"))
        {
            if (!Apply(flags, "SDES-" + item, out error)) return false;
        }

        foreach (var item in dictionary.GetStrings("direction"))
        {
            if (!Apply(flags, "direction=" + item, out error)) return false;
        }

        if (!ApplyValue(dictionary, flags, "transport-protocol", out error)
            || !ApplyValue(dictionary, flags, "ICE", out error)
            || !ApplyValue(dictionary, flags, "DTLS", out error)
            || !ApplyValue(dictionary, flags, "media-address", out error)
            || !ApplyValue(dictionary, flags, "address-family", out error))
        {
            return false;
        }

        if (dictionary.GetText("record-call") is { } record && (record.Equals("yes", StringComparison.OrdinalIgnoreCase) || record.Equals("on", StringComparison.OrdinalIgnoreCase)))
        {
            flags.OtherFlags.Add("record-call");
        }

        return true;
    }

    /// <summary>Reads <c>received-from</c> (<c>["IP4", "192.0.2.1"]</c>); port 0 since ng carries none.</summary>
    public static bool TryReadReceivedFrom(NgValue dictionary, out IPEndPoint? endPoint, out string? error)
    {
        endPoint = null;
        error = null;
        if (!dictionary.TryGet("received-from", out var value)) return true;
        if (value.Kind != NgValueKind.List || value.Items.Count != 2 || value.Items[1].Kind != NgValueKind.String)
        {
            error = "'received-from' must be a list of an address family and an address";
            return false;
        }

        var family = value.Items[0].Text;
        if (!IPAddress.TryParse(value.Items[1].Text, out var address)
            || (family is "IP4" && address.AddressFamily != AddressFamily.InterNetwork)
            || (family is "IP6" && address.AddressFamily != AddressFamily.InterNetworkV6))
        {
            error = $"'received-from' has an invalid address: {family} {value.Items[1].Text}";
            return false;
        }

        endPoint = new IPEndPoint(address, 0);
        return true;
    }

    /// <summary>Whether a dictionary key is one this mapper (or the command itself) consumes.</summary>
    public static bool IsKnownKey(string key)
    {
        foreach (var known in NonFlagKeys)
        {
            if (NgValue.KeyEquals(known, key)) return true;
        }

        return false;
    }

    /// <summary>
    /// Writes <paramref name="flags"/> as Kamailio's rtpengine module would: <c>ICE</c>, <c>DTLS</c>, <c>replace</c>,
    /// <c>transport-protocol</c>, <c>rtcp-mux</c>, <c>SDES</c>, <c>direction</c>, <c>media-address</c>,
    /// <c>address-family</c>, <c>received-from</c>, other <c>key=value</c> flags as entries; the <c>flags</c> list is
    /// written by <see cref="WriteFlagList"/> so the caller can add its own words.
    /// </summary>
    public static void WriteEntries(ref BencodeWriter writer, MediaFlags flags, IPEndPoint? receivedFrom)
    {
        if (IceName(flags.Ice) is { } ice) writer.TryWriteKeyValue("ICE"u8, ice);
        if (DtlsName(flags.Dtls) is { } dtls) writer.TryWriteKeyValue("DTLS"u8, dtls);

        if (flags.ReplaceOrigin || flags.ReplaceSessionConnection || flags.OtherReplace.Count > 0)
        {
            writer.TryWriteKey("replace"u8);
            writer.TryWriteStartList();
            if (flags.ReplaceSessionConnection) writer.TryWriteString("session-connection"u8);
            if (flags.ReplaceOrigin) writer.TryWriteString("origin"u8);
            foreach (var other in flags.OtherReplace) writer.TryWriteString(other.AsSpan());
            writer.TryWriteEnd();
        }

        if (flags.TransportProtocol.ToSdpName() is { } protocol) writer.TryWriteKeyValue("transport-protocol"u8, protocol);

        if (flags.RtcpMux != MediaRtcpMux.None)
        {
            writer.TryWriteKey("rtcp-mux"u8);
            writer.TryWriteStartList();
            if ((flags.RtcpMux & MediaRtcpMux.Offer) != 0) writer.TryWriteString("offer"u8);
            if ((flags.RtcpMux & MediaRtcpMux.Accept) != 0) writer.TryWriteString("accept"u8);
            if ((flags.RtcpMux & MediaRtcpMux.Demux) != 0) writer.TryWriteString("demux"u8);
            if ((flags.RtcpMux & MediaRtcpMux.Reject) != 0) writer.TryWriteString("reject"u8);
            if ((flags.RtcpMux & MediaRtcpMux.Require) != 0) writer.TryWriteString("require"u8);
            writer.TryWriteEnd();
        }

        if (flags.SdesOff || flags.SdesExclude.Count > 0 || flags.SdesOnly.Count > 0)
        {
            writer.TryWriteKey("SDES"u8);
            writer.TryWriteStartList();
            if (flags.SdesOff) writer.TryWriteString("off"u8);
            foreach (var suite in flags.SdesExclude) writer.TryWriteString(("no-" + suite).AsSpan());
            foreach (var suite in flags.SdesOnly) writer.TryWriteString(("only-" + suite).AsSpan());
            writer.TryWriteEnd();
        }

        if (flags.Directions.Count > 0)
        {
            writer.TryWriteKey("direction"u8);
            writer.TryWriteStartList();
            foreach (var direction in flags.Directions) writer.TryWriteString(direction.AsSpan());
            writer.TryWriteEnd();
        }

        if (flags.MediaAddress is { } mediaAddress) writer.TryWriteKeyValue("media-address"u8, mediaAddress);
        if (flags.AddressFamily is { } family) writer.TryWriteKeyValue("address-family"u8, family);

        if (receivedFrom is not null)
        {
            writer.TryWriteKey("received-from"u8);
            writer.TryWriteStartList();
            writer.TryWriteString(receivedFrom.AddressFamily == AddressFamily.InterNetworkV6 ? "IP6"u8 : "IP4"u8);
            writer.TryWriteString(receivedFrom.Address.ToString().AsSpan());
            writer.TryWriteEnd();
        }

        foreach (var other in flags.OtherFlags)
        {
            var equals = other.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) continue;
            var key = other[..equals];
            if (IsKnownKey(key)) continue;
            writer.TryWriteKey(Encoding.UTF8.GetBytes(key));
            writer.TryWriteString(other.AsSpan(equals + 1));
        }
    }

    /// <summary>Whether <see cref="WriteFlagList"/> would write anything.</summary>
    public static bool HasFlagList(MediaFlags flags)
    {
        if (flags.StrictSource || flags.Asymmetric || flags.TrustAddress) return true;
        foreach (var other in flags.OtherFlags)
        {
            if (!other.Contains('=', StringComparison.Ordinal)) return true;
        }

        return false;
    }

    /// <summary>Writes the items of the <c>flags</c> list (the caller opens and closes it).</summary>
    public static void WriteFlagList(ref BencodeWriter writer, MediaFlags flags)
    {
        if (flags.TrustAddress) writer.TryWriteString("trust-address"u8);
        if (flags.StrictSource) writer.TryWriteString("strict-source"u8);
        if (flags.Asymmetric) writer.TryWriteString("asymmetric"u8);
        foreach (var other in flags.OtherFlags)
        {
            if (!other.Contains('=', StringComparison.Ordinal)) writer.TryWriteString(other.AsSpan());
        }
    }

    private static bool ApplyValue(NgValue dictionary, MediaFlags flags, string key, out string? error)
    {
        error = null;
        if (dictionary.GetText(key) is not { } value) return true;
        if (key == "transport-protocol" && value.Equals("accept", StringComparison.OrdinalIgnoreCase))
        {
            flags.OtherFlags.Add("transport-protocol=accept"); // answers only: go along with the answerer's protocol
            return true;
        }

        return Apply(flags, key + "=" + value, out error);
    }

    private static bool ApplyAll(string raw, MediaFlags flags, out string? error)
    {
        error = null;
        foreach (var token in raw.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Apply(flags, token, out error)) return false;
        }

        return true;
    }

    private static bool Apply(MediaFlags flags, string token, out string? error)
    {
        if (flags.TryApply(token, out error)) return true;
        error = $"Invalid flag '{token}': {error}";
        return false;
    }

    /// <summary>rtpengine writes multi-word flags with spaces (<c>trust address</c>); our vocabulary uses dashes.</summary>
    private static string NormalizeWord(string word) => word.Contains(' ', StringComparison.Ordinal) ? word.Replace(' ', '-') : word;

    private static string? IceName(MediaIceMode mode) => mode switch
    {
        MediaIceMode.Remove => "remove",
        MediaIceMode.Force => "force",
        MediaIceMode.ForceRelay => "force-relay",
        MediaIceMode.Optional => "optional",
        _ => null,
    };

    private static string? DtlsName(MediaDtlsMode mode) => mode switch
    {
        MediaDtlsMode.Off => "off",
        MediaDtlsMode.Passive => "passive",
        MediaDtlsMode.Active => "active",
        _ => null,
    };
}
