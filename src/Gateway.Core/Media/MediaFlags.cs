using System.Text;

namespace Gateway.Core.Media;

/// <summary>
/// How the relay rewrites one SDP for its recipient, in rtpengine's vocabulary — the string the tutorial passes to
/// <c>rtpengine_offer("RTP/AVP replace-session-connection replace-origin ICE=remove")</c> parses into this.
/// Every flag describes the leg toward the party that will receive the rewritten SDP.
/// </summary>
/// <remarks>
/// Known flags: a transport protocol (<c>RTP/AVP</c>, <c>RTP/SAVP</c>, <c>RTP/AVPF</c>, <c>RTP/SAVPF</c>,
/// <c>UDP/TLS/RTP/SAVP</c>, <c>UDP/TLS/RTP/SAVPF</c>, or <c>transport-protocol=…</c>), <c>ICE=remove|force|force-relay|default|optional</c>,
/// <c>DTLS=off|no|disable|passive|active</c>, <c>replace-origin</c>, <c>replace-session-connection</c> (and other
/// <c>replace-…</c>), <c>rtcp-mux-offer|accept|demux|reject|require</c>, <c>SDES-off</c>, <c>SDES-no-SUITE</c>,
/// <c>SDES-only-SUITE</c>, <c>media-address=IP</c>, <c>address-family=IP4|IP6</c>, <c>direction=NAME</c>,
/// <c>strict-source</c>, <c>symmetric</c>, <c>asymmetric</c>, <c>trust-address</c>. Anything else is kept in
/// <see cref="OtherFlags"/> and passed on to an ng relay as a flag.
/// </remarks>
public sealed class MediaFlags
{
    /// <summary>The transport protocol toward the recipient; <see cref="MediaTransportProtocol.Unchanged"/> keeps the sender's.</summary>
    public MediaTransportProtocol TransportProtocol { get; set; }

    /// <summary>What to do with ICE toward the recipient.</summary>
    public MediaIceMode Ice { get; set; }

    /// <summary>The relay's DTLS role toward the recipient.</summary>
    public MediaDtlsMode Dtls { get; set; }

    /// <summary><c>replace-origin</c>: the o= line carries the relay's address.</summary>
    public bool ReplaceOrigin { get; set; }

    /// <summary><c>replace-session-connection</c>: the session-level c= line carries the relay's address.</summary>
    public bool ReplaceSessionConnection { get; set; }

    /// <summary>Other <c>replace-…</c> items (rtpengine's <c>replace</c> list), without the prefix.</summary>
    public IList<string> OtherReplace { get; } = [];

    /// <summary>The <c>rtcp-mux-…</c> flags.</summary>
    public MediaRtcpMux RtcpMux { get; set; }

    /// <summary><c>SDES-off</c>: no a=crypto toward the recipient.</summary>
    public bool SdesOff { get; set; }

    /// <summary><c>SDES-no-SUITE</c>: suites not to offer.</summary>
    public IList<string> SdesExclude { get; } = [];

    /// <summary><c>SDES-only-SUITE</c>: the only suites to offer.</summary>
    public IList<string> SdesOnly { get; } = [];

    /// <summary><c>media-address=IP</c>: the address to advertise in place of the interface's.</summary>
    public string? MediaAddress { get; set; }

    /// <summary><c>address-family=IP4|IP6</c>: the family of the addresses toward the recipient.</summary>
    public string? AddressFamily { get; set; }

    /// <summary><c>direction=NAME</c> (twice: from, to): the relay interfaces for the two legs.</summary>
    public IList<string> Directions { get; } = [];

    /// <summary><c>strict-source</c>: after latching, drop packets from any other source.</summary>
    public bool StrictSource { get; set; }

    /// <summary><c>asymmetric</c>: the party may send from another address than it receives on (no latching).</summary>
    public bool Asymmetric { get; set; }

    /// <summary><c>trust-address</c>: use the SDP's address even if the message came from elsewhere.</summary>
    public bool TrustAddress { get; set; }

    /// <summary>Flags this type does not model, passed on unchanged to an ng relay.</summary>
    public IList<string> OtherFlags { get; } = [];

    /// <summary>Parses a whitespace-separated flags string; throws <see cref="FormatException"/> on a bad value of a known flag.</summary>
    public static MediaFlags Parse(string? flags)
    {
        if (!TryParse(flags, out var result, out var error)) throw new FormatException(error);
        return result;
    }

    /// <summary>Parses a whitespace-separated flags string.</summary>
    /// <param name="flags">The string, e.g. <c>"UDP/TLS/RTP/SAVPF ICE=force"</c>.</param>
    /// <param name="result">The flags (partial when parsing fails).</param>
    /// <param name="error">Why parsing failed.</param>
    public static bool TryParse(string? flags, out MediaFlags result, out string? error)
    {
        result = new MediaFlags();
        error = null;
        var rest = (flags ?? string.Empty).AsSpan();
        while (true)
        {
            rest = rest.TrimStart();
            if (rest.IsEmpty) return true;
            var end = rest.IndexOfAny(' ', '\t');
            var token = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[end..];
            if (!result.TryApply(token, out error)) return false;
        }
    }

    /// <summary>
    /// Applies one flag token (<c>ICE=remove</c>, <c>replace-origin</c>, <c>RTP/AVP</c>, …). Unknown tokens go to
    /// <see cref="OtherFlags"/>; a known flag with a bad value fails with <paramref name="error"/>.
    /// </summary>
    public bool TryApply(ReadOnlySpan<char> token, out string? error)
    {
        error = null;
        if (token.IsEmpty) return true;
        if (MediaTransportProtocolExtensions.TryParse(token, out var protocol))
        {
            TransportProtocol = protocol;
            return true;
        }

        var equals = token.IndexOf('=');
        if (equals > 0) return TryApplyValue(token[..equals], token[(equals + 1)..], out error);

        if (token.StartsWith("replace-", StringComparison.OrdinalIgnoreCase)) return ApplyReplace(token["replace-".Length..]);
        if (token.StartsWith("rtcp-mux-", StringComparison.OrdinalIgnoreCase)) return TryApplyRtcpMux(token["rtcp-mux-".Length..], out error);
        if (token.StartsWith("SDES-", StringComparison.OrdinalIgnoreCase)) return TryApplySdes(token["SDES-".Length..], out error);

        if (token.Equals("strict-source", StringComparison.OrdinalIgnoreCase)) StrictSource = true;
        else if (token.Equals("asymmetric", StringComparison.OrdinalIgnoreCase)) Asymmetric = true;
        else if (token.Equals("symmetric", StringComparison.OrdinalIgnoreCase)) Asymmetric = false;
        else if (token.Equals("trust-address", StringComparison.OrdinalIgnoreCase)) TrustAddress = true;
        else OtherFlags.Add(token.ToString());
        return true;
    }

    private bool TryApplyValue(ReadOnlySpan<char> name, ReadOnlySpan<char> value, out string? error)
    {
        error = null;
        if (name.Equals("ICE", StringComparison.OrdinalIgnoreCase))
        {
            if (!TryParseIce(value, out var ice)) return Invalid("ICE", value, "remove, force, force-relay, default or optional", out error);
            Ice = ice;
        }
        else if (name.Equals("DTLS", StringComparison.OrdinalIgnoreCase))
        {
            if (!TryParseDtls(value, out var dtls)) return Invalid("DTLS", value, "off, passive or active", out error);
            Dtls = dtls;
        }
        else if (name.Equals("transport-protocol", StringComparison.OrdinalIgnoreCase))
        {
            if (!MediaTransportProtocolExtensions.TryParse(value, out var protocol)) return Invalid("transport-protocol", value, "an RTP profile such as RTP/AVP or UDP/TLS/RTP/SAVPF", out error);
            TransportProtocol = protocol;
        }
        else if (name.Equals("media-address", StringComparison.OrdinalIgnoreCase))
        {
            if (!System.Net.IPAddress.TryParse(value, out _)) return Invalid("media-address", value, "an IP address", out error);
            MediaAddress = value.ToString();
        }
        else if (name.Equals("address-family", StringComparison.OrdinalIgnoreCase))
        {
            if (!value.Equals("IP4", StringComparison.OrdinalIgnoreCase) && !value.Equals("IP6", StringComparison.OrdinalIgnoreCase)) return Invalid("address-family", value, "IP4 or IP6", out error);
            AddressFamily = value.ToString().ToUpperInvariant();
        }
        else if (name.Equals("direction", StringComparison.OrdinalIgnoreCase))
        {
            Directions.Add(value.ToString());
        }
        else if (name.Equals("rtcp-mux", StringComparison.OrdinalIgnoreCase))
        {
            return TryApplyRtcpMux(value, out error);
        }
        else if (name.Equals("SDES", StringComparison.OrdinalIgnoreCase))
        {
            return TryApplySdes(value, out error);
        }
        else if (name.Equals("replace", StringComparison.OrdinalIgnoreCase))
        {
            return ApplyReplace(value);
        }
        else
        {
            OtherFlags.Add(string.Concat(name, "=", value));
        }

        return true;
    }

    private bool ApplyReplace(ReadOnlySpan<char> what)
    {
        if (what.Equals("origin", StringComparison.OrdinalIgnoreCase)) ReplaceOrigin = true;
        else if (what.Equals("session-connection", StringComparison.OrdinalIgnoreCase)) ReplaceSessionConnection = true;
        else OtherReplace.Add(what.ToString());
        return true;
    }

    private bool TryApplyRtcpMux(ReadOnlySpan<char> what, out string? error)
    {
        error = null;
        MediaRtcpMux flag;
        if (what.Equals("offer", StringComparison.OrdinalIgnoreCase)) flag = MediaRtcpMux.Offer;
        else if (what.Equals("accept", StringComparison.OrdinalIgnoreCase)) flag = MediaRtcpMux.Accept;
        else if (what.Equals("demux", StringComparison.OrdinalIgnoreCase)) flag = MediaRtcpMux.Demux;
        else if (what.Equals("reject", StringComparison.OrdinalIgnoreCase)) flag = MediaRtcpMux.Reject;
        else if (what.Equals("require", StringComparison.OrdinalIgnoreCase)) flag = MediaRtcpMux.Require;
        else return Invalid("rtcp-mux", what, "offer, accept, demux, reject or require", out error);
        RtcpMux |= flag;
        return true;
    }

    private bool TryApplySdes(ReadOnlySpan<char> what, out string? error)
    {
        error = null;
        if (what.Equals("off", StringComparison.OrdinalIgnoreCase) || what.Equals("no", StringComparison.OrdinalIgnoreCase)) SdesOff = true;
        else if (what.StartsWith("no-", StringComparison.OrdinalIgnoreCase) && what.Length > 3) SdesExclude.Add(what[3..].ToString());
        else if (what.StartsWith("only-", StringComparison.OrdinalIgnoreCase) && what.Length > 5) SdesOnly.Add(what[5..].ToString());
        else if (what.Equals("on", StringComparison.OrdinalIgnoreCase)) SdesOff = false;
        else OtherFlags.Add(string.Concat("SDES-", what));
        return true;
    }

    private static bool TryParseIce(ReadOnlySpan<char> value, out MediaIceMode mode)
    {
        mode = default;
        if (value.Equals("remove", StringComparison.OrdinalIgnoreCase)) mode = MediaIceMode.Remove;
        else if (value.Equals("force", StringComparison.OrdinalIgnoreCase)) mode = MediaIceMode.Force;
        else if (value.Equals("force-relay", StringComparison.OrdinalIgnoreCase)) mode = MediaIceMode.ForceRelay;
        else if (value.Equals("default", StringComparison.OrdinalIgnoreCase)) mode = MediaIceMode.Default;
        else if (value.Equals("optional", StringComparison.OrdinalIgnoreCase)) mode = MediaIceMode.Optional;
        else return false;
        return true;
    }

    private static bool TryParseDtls(ReadOnlySpan<char> value, out MediaDtlsMode mode)
    {
        mode = default;
        if (value.Equals("off", StringComparison.OrdinalIgnoreCase) || value.Equals("no", StringComparison.OrdinalIgnoreCase) || value.Equals("disable", StringComparison.OrdinalIgnoreCase)) mode = MediaDtlsMode.Off;
        else if (value.Equals("passive", StringComparison.OrdinalIgnoreCase)) mode = MediaDtlsMode.Passive;
        else if (value.Equals("active", StringComparison.OrdinalIgnoreCase)) mode = MediaDtlsMode.Active;
        else if (value.Equals("default", StringComparison.OrdinalIgnoreCase)) mode = MediaDtlsMode.Default;
        else return false;
        return true;
    }

    private static bool Invalid(string flag, ReadOnlySpan<char> value, string expected, out string? error)
    {
        error = $"Media flag {flag}={value.ToString()} is not valid: expected {expected}.";
        return false;
    }

    /// <summary>The flags as a string in the same vocabulary (round-trips through <see cref="Parse"/>).</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        void Add(string flag) => (text.Length == 0 ? text : text.Append(' ')).Append(flag);

        if (TransportProtocol.ToSdpName() is { } protocol) Add(protocol);
        if (Ice != MediaIceMode.Default) Add("ICE=" + Ice switch { MediaIceMode.Remove => "remove", MediaIceMode.Force => "force", MediaIceMode.ForceRelay => "force-relay", _ => "optional" });
        if (Dtls != MediaDtlsMode.Default) Add("DTLS=" + Dtls switch { MediaDtlsMode.Off => "off", MediaDtlsMode.Passive => "passive", _ => "active" });
        if (ReplaceOrigin) Add("replace-origin");
        if (ReplaceSessionConnection) Add("replace-session-connection");
        foreach (var item in OtherReplace) Add("replace-" + item);
        foreach (var (flag, name) in RtcpMuxNames)
        {
            if ((RtcpMux & flag) != 0) Add("rtcp-mux-" + name);
        }

        if (SdesOff) Add("SDES-off");
        foreach (var suite in SdesExclude) Add("SDES-no-" + suite);
        foreach (var suite in SdesOnly) Add("SDES-only-" + suite);
        if (MediaAddress is not null) Add("media-address=" + MediaAddress);
        if (AddressFamily is not null) Add("address-family=" + AddressFamily);
        foreach (var direction in Directions) Add("direction=" + direction);
        if (StrictSource) Add("strict-source");
        if (Asymmetric) Add("asymmetric");
        if (TrustAddress) Add("trust-address");
        foreach (var flag in OtherFlags) Add(flag);
        return text.ToString();
    }

    private static readonly (MediaRtcpMux Flag, string Name)[] RtcpMuxNames =
    [
        (MediaRtcpMux.Offer, "offer"), (MediaRtcpMux.Accept, "accept"), (MediaRtcpMux.Demux, "demux"),
        (MediaRtcpMux.Reject, "reject"), (MediaRtcpMux.Require, "require"),
    ];
}
