using System.Globalization;
using System.Text;

namespace Gateway.Media.Sdp;

/// <summary>
/// One media section (RFC 8866 §5.14): the <c>m=</c> line and the <c>i=</c>, <c>c=</c>, <c>b=</c>, <c>k=</c> and
/// <c>a=</c> lines that follow it, in that order. Every line read is kept: unchanged lines are written back byte for
/// byte, changed ones in canonical form.
/// </summary>
/// <remarks>
/// The typed helpers (<see cref="RtpMaps"/>, <see cref="Candidates"/>, <see cref="Fingerprint"/>, …) parse the
/// attributes on each access and write through <see cref="Attributes"/>; malformed attribute values are skipped by the
/// list helpers and read as null by the single-valued ones, never thrown. Getters of attributes that may also appear
/// at session level (ICE credentials and options, fingerprint, setup, direction) return the effective value: this
/// section's, else the session's. Setters always write this section's attribute.
/// </remarks>
public sealed class MediaDescription
{
    private readonly SdpFormatList _formats;
    private readonly SdpValueList<SdpConnection> _connections;
    private readonly SdpValueList<SdpBandwidth> _bandwidths;
    private string _media;
    private int _port;
    private int? _portCount;
    private string _protocol;

    // The m= line as read; dropped as soon as any of its fields changes, after which the line is written canonically.
    private string? _sourceMediaLine;

    /// <summary>Creates a media section.</summary>
    /// <param name="media">The media type, e.g. <c>audio</c>, <c>video</c>, <c>application</c>.</param>
    /// <param name="port">The transport port (0 rejects the stream, RFC 3264 §6).</param>
    /// <param name="protocol">The transport protocol, e.g. <c>RTP/AVP</c> or <c>UDP/TLS/RTP/SAVPF</c>.</param>
    /// <param name="formats">The media formats (RTP payload types for RTP protocols), in preference order.</param>
    public MediaDescription(string media, int port, string protocol, IEnumerable<string> formats)
    {
        ArgumentNullException.ThrowIfNull(formats);
        _media = string.Empty;
        _protocol = string.Empty;
        Media = media;
        Port = port;
        Protocol = protocol;
        _formats = new SdpFormatList([], ForgetMediaLineSource);
        foreach (var format in formats) _formats.Add(format);
        _connections = new SdpValueList<SdpConnection>();
        _bandwidths = new SdpValueList<SdpBandwidth>();
        Attributes = new SdpAttributeCollection();
    }

    /// <summary>Creates a section from the parser's fields (formats list adopted, not copied) and the m= text as read.</summary>
    internal MediaDescription(string media, int port, int? portCount, string protocol, List<string> formats, string? sourceMediaLine, int attributeCapacity)
    {
        _media = media;
        _port = port;
        _portCount = portCount;
        _protocol = protocol;
        _formats = new SdpFormatList(formats, ForgetMediaLineSource);
        _sourceMediaLine = sourceMediaLine;
        _connections = new SdpValueList<SdpConnection>(1);
        _bandwidths = new SdpValueList<SdpBandwidth>();
        Attributes = new SdpAttributeCollection(new List<SdpAttribute>(attributeCapacity));
    }

    /// <summary>The session this section belongs to, once added to <see cref="SessionDescription.Media"/>.</summary>
    public SessionDescription? Session { get; internal set; }

    /// <summary>The media type, e.g. <c>audio</c>.</summary>
    public string Media
    {
        get => _media;
        set
        {
            if (!SdpSyntax.IsToken(value)) throw new ArgumentException("The media type must be an RFC 8866 token.", nameof(value));
            _media = value;
            _sourceMediaLine = null;
        }
    }

    /// <summary>The transport port; 0 marks a rejected or disabled stream (RFC 3264 §5.1, §6).</summary>
    public int Port
    {
        get => _port;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 65535);
            _port = value;
            _sourceMediaLine = null;
        }
    }

    /// <summary>The number of ports (<c>m=audio 49170/2 …</c>), or null when the line gives a single port.</summary>
    public int? PortCount
    {
        get => _portCount;
        set
        {
            if (value is { } count)
            {
                ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
                ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 65535);
            }

            _portCount = value;
            _sourceMediaLine = null;
        }
    }

    /// <summary>The transport protocol, e.g. <c>RTP/AVP</c>, <c>RTP/SAVP</c>, <c>UDP/TLS/RTP/SAVPF</c>.</summary>
    public string Protocol
    {
        get => _protocol;
        set
        {
            if (!SdpSyntax.IsProtocol(value)) throw new ArgumentException("The protocol must be RFC 8866 tokens joined by '/'.", nameof(value));
            _protocol = value;
            _sourceMediaLine = null;
        }
    }

    /// <summary>The media formats of the <c>m=</c> line, in order (payload type numbers for RTP). Editable.</summary>
    public IList<string> Formats => _formats;

    /// <summary>The <c>i=</c> line's text, or null.</summary>
    public string? Information
    {
        get;
        set
        {
            SdpSyntax.ThrowIfNotLineText(value);
            field = value;
        }
    }

    /// <summary>The section's <c>c=</c> lines (RFC 8866 allows several, for layered multicast). Editable.</summary>
    public IList<SdpConnection> Connections => _connections;

    /// <summary>The section's first <c>c=</c> line, or null. Setting replaces every <c>c=</c> line of the section (null removes them).</summary>
    public SdpConnection? Connection
    {
        get => Connections.Count > 0 ? Connections[0] : null;
        set
        {
            Connections.Clear();
            if (value is not null) Connections.Add(value);
        }
    }

    /// <summary>The connection that applies to this section: its own <c>c=</c>, else the session's (RFC 8866 §5.7).</summary>
    public SdpConnection? EffectiveConnection => Connection ?? Session?.Connection;

    /// <summary>The section's <c>b=</c> lines. Editable.</summary>
    public IList<SdpBandwidth> Bandwidths => _bandwidths;

    /// <summary>The <c>k=</c> line's text (obsolete, RFC 8866 §5.12), or null.</summary>
    public string? EncryptionKey
    {
        get;
        set
        {
            SdpSyntax.ThrowIfNotLineText(value);
            field = value;
        }
    }

    /// <summary>The section's <c>a=</c> lines, in order.</summary>
    public SdpAttributeCollection Attributes { get; }

    /// <summary>
    /// Whether the stream is rejected or disabled: port 0 (RFC 3264 §6), unless the section carries
    /// <c>a=bundle-only</c>, which uses port 0 for a section that shares the BUNDLE transport (RFC 8843 §6).
    /// </summary>
    public bool IsRejected => _port == 0 && !IsBundleOnly;

    /// <summary>Whether the section carries <c>a=bundle-only</c> (RFC 8843 §6). Setting adds or removes it.</summary>
    public bool IsBundleOnly
    {
        get => Attributes.Contains(SdpNames.BundleOnly);
        set => SetFlag(Attributes, SdpNames.BundleOnly, value);
    }

    /// <summary>Whether the protocol is RTP-based (contains <c>RTP/</c>), so the formats are payload types.</summary>
    public bool IsRtp => _protocol.Contains("RTP/", StringComparison.OrdinalIgnoreCase);

    /// <summary>The <c>a=mid</c> identification tag (RFC 5888), or null. Setting null removes it.</summary>
    public string? Mid
    {
        get => Attributes.GetValue(SdpNames.Mid);
        set => SetOrRemove(SdpNames.Mid, value);
    }

    /// <summary>
    /// The effective direction: this section's direction attribute, else the session's, else
    /// <see cref="SdpDirection.SendRecv"/> (RFC 8866 §6.7). Setting replaces this section's direction attribute in
    /// place (or appends one).
    /// </summary>
    public SdpDirection Direction
    {
        get => TryGetDirection(Attributes, out var direction) || (Session is not null && TryGetDirection(Session.Attributes, out direction))
            ? direction
            : SdpDirection.SendRecv;
        set => SetDirection(Attributes, value);
    }

    /// <summary>Whether <c>a=rtcp-mux</c> is present (RFC 5761 §5.1.1). Setting adds or removes it.</summary>
    public bool RtcpMux
    {
        get => Attributes.Contains(SdpNames.RtcpMux);
        set => SetFlag(Attributes, SdpNames.RtcpMux, value);
    }

    /// <summary>The <c>a=rtcp</c> port and address (RFC 3605), or null when absent or malformed. Setting null removes it.</summary>
    public SdpRtcp? Rtcp
    {
        get => SdpRtcp.TryParse(Attributes.GetValue(SdpNames.Rtcp), out var rtcp) ? rtcp : null;
        set => SetOrRemove(SdpNames.Rtcp, value?.ToString());
    }

    /// <summary>The effective <c>a=ice-ufrag</c> (RFC 8839 §5.4): this section's, else the session's. Setting writes this section's.</summary>
    public string? IceUfrag
    {
        get => GetEffectiveValue(SdpNames.IceUfrag);
        set => SetOrRemove(SdpNames.IceUfrag, value);
    }

    /// <summary>The effective <c>a=ice-pwd</c> (RFC 8839 §5.4): this section's, else the session's. Setting writes this section's.</summary>
    public string? IcePwd
    {
        get => GetEffectiveValue(SdpNames.IcePwd);
        set => SetOrRemove(SdpNames.IcePwd, value);
    }

    /// <summary>The effective <c>a=ice-options</c> text (RFC 8839 §5.6), e.g. <c>trickle ice2</c>. Setting writes this section's.</summary>
    public string? IceOptions
    {
        get => GetEffectiveValue(SdpNames.IceOptions);
        set => SetOrRemove(SdpNames.IceOptions, value);
    }

    /// <summary>Whether <c>a=end-of-candidates</c> is present (RFC 8840 §8.2). Setting adds or removes it.</summary>
    public bool EndOfCandidates
    {
        get => Attributes.Contains(SdpNames.EndOfCandidates);
        set => SetFlag(Attributes, SdpNames.EndOfCandidates, value);
    }

    /// <summary>
    /// The effective first <c>a=fingerprint</c> (RFC 8122 §5): this section's, else the session's; null when none
    /// parses. Setting replaces every fingerprint of this section (null removes them).
    /// </summary>
    public SdpFingerprint? Fingerprint
    {
        get
        {
            var all = Fingerprints;
            return all.Count > 0 ? all[0] : null;
        }

        set => SetOrRemove(SdpNames.Fingerprint, value?.ToString());
    }

    /// <summary>The effective fingerprints: this section's if it has any, else the session's (malformed ones skipped).</summary>
    public IReadOnlyList<SdpFingerprint> Fingerprints =>
        Attributes.Contains(SdpNames.Fingerprint) || Session is null
            ? ParseAll<SdpFingerprint>(Attributes, SdpNames.Fingerprint, SdpFingerprint.TryParse)
            : ParseAll<SdpFingerprint>(Session.Attributes, SdpNames.Fingerprint, SdpFingerprint.TryParse);

    /// <summary>
    /// The effective <c>a=setup</c> role (RFC 4145, RFC 5763): this section's, else the session's; null when absent or
    /// unknown. Setting writes this section's (null removes it).
    /// </summary>
    public SdpSetup? Setup
    {
        get => SdpNames.TryParseSetup(GetEffectiveValue(SdpNames.Setup), out var setup) ? setup : null;
        set => SetOrRemove(SdpNames.Setup, value is { } role ? SdpNames.ToText(role) : null);
    }

    /// <summary>The <c>a=rtpmap</c> lines that parse, in order.</summary>
    public IReadOnlyList<SdpRtpMap> RtpMaps => ParseAll<SdpRtpMap>(Attributes, SdpNames.RtpMap, SdpRtpMap.TryParse);

    /// <summary>The <c>a=candidate</c> lines that parse (RFC 8839 §5.1), in order.</summary>
    public IReadOnlyList<SdpCandidate> Candidates => ParseAll<SdpCandidate>(Attributes, SdpNames.Candidate, SdpCandidate.TryParse);

    /// <summary>The <c>a=crypto</c> lines that parse (RFC 4568), in order.</summary>
    public IReadOnlyList<SdpCrypto> Cryptos => ParseAll<SdpCrypto>(Attributes, SdpNames.Crypto, SdpCrypto.TryParse);

    /// <summary>The <c>a=ssrc</c> lines that parse (RFC 5576 §4.1), in order.</summary>
    public IReadOnlyList<SdpSsrc> Ssrcs => ParseAll<SdpSsrc>(Attributes, SdpNames.Ssrc, SdpSsrc.TryParse);

    /// <summary>The <c>a=ssrc-group</c> lines that parse (RFC 5576 §4.2), in order.</summary>
    public IReadOnlyList<SdpSsrcGroup> SsrcGroups => ParseAll<SdpSsrcGroup>(Attributes, SdpNames.SsrcGroup, SdpSsrcGroup.TryParse);

    /// <summary>The <c>a=rtpmap</c> of <paramref name="payloadType"/>, or null.</summary>
    /// <param name="payloadType">The RTP payload type.</param>
    /// <returns>The mapping, or null when absent or malformed.</returns>
    public SdpRtpMap? GetRtpMap(int payloadType)
    {
        foreach (var attribute in Attributes)
        {
            if (attribute.Is(SdpNames.RtpMap) && SdpRtpMap.TryParse(attribute.Value, out var map) && map.PayloadType == payloadType) return map;
        }

        return null;
    }

    /// <summary>The format parameters of <paramref name="payloadType"/>: the text after <c>a=fmtp:&lt;pt&gt; </c>, or null.</summary>
    /// <param name="payloadType">The RTP payload type (or any format number).</param>
    /// <returns>The parameters as written, e.g. <c>minptime=10;useinbandfec=1</c>, or null.</returns>
    public string? GetFmtp(int payloadType) => GetFmtp(SdpSyntax.ToText(payloadType));

    /// <summary>The format parameters of <paramref name="format"/>: the text after <c>a=fmtp:&lt;format&gt; </c>, or null.</summary>
    /// <param name="format">The format as written in the <c>m=</c> line.</param>
    /// <returns>The parameters as written, or null.</returns>
    public string? GetFmtp(string format)
    {
        ArgumentNullException.ThrowIfNull(format);
        foreach (var attribute in Attributes)
        {
            if (!attribute.Is(SdpNames.Fmtp) || attribute.Value is not { } value) continue;
            var text = value.AsSpan();
            var space = text.IndexOfAny(' ', '\t');
            var head = space < 0 ? text : text[..space];
            if (head.SequenceEqual(format)) return space < 0 ? string.Empty : text[(space + 1)..].TrimStart(" \t").ToString();
        }

        return null;
    }

    /// <summary>Adds an <c>a=candidate</c>: after the last candidate, else before <c>a=end-of-candidates</c>, else at the end.</summary>
    /// <param name="candidate">The candidate.</param>
    public void AddCandidate(SdpCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var attribute = new SdpAttribute(SdpNames.Candidate, candidate.ToString());
        if (Attributes.Contains(SdpNames.Candidate))
        {
            Attributes.InsertAfter(SdpNames.Candidate, attribute);
            return;
        }

        var end = Attributes.IndexOf(SdpNames.EndOfCandidates);
        if (end >= 0)
        {
            Attributes.Insert(end, attribute);
        }
        else
        {
            Attributes.Add(attribute);
        }
    }

    /// <summary>Removes every <c>a=candidate</c> and <c>a=end-of-candidates</c> of this section.</summary>
    /// <returns>How many attributes were removed.</returns>
    public int RemoveCandidates() => Attributes.RemoveAll(a => a.Is(SdpNames.Candidate) || a.Is(SdpNames.EndOfCandidates));

    /// <summary>Adds an <c>a=crypto</c> after the last one (or at the end).</summary>
    /// <param name="crypto">The crypto attribute value.</param>
    public void AddCrypto(SdpCrypto crypto)
    {
        ArgumentNullException.ThrowIfNull(crypto);
        Attributes.InsertAfter(SdpNames.Crypto, new SdpAttribute(SdpNames.Crypto, crypto.ToString()));
    }

    /// <summary>Removes every <c>a=crypto</c> of this section (what a relay does when it terminates SDES).</summary>
    /// <returns>How many were removed.</returns>
    public int RemoveCryptos() => Attributes.RemoveAll(SdpNames.Crypto);

    /// <summary>Removes every <c>a=ssrc</c> and <c>a=ssrc-group</c> of this section.</summary>
    /// <returns>How many were removed.</returns>
    public int RemoveSsrcs() => Attributes.RemoveAll(a => a.Is(SdpNames.Ssrc) || a.Is(SdpNames.SsrcGroup));

    /// <summary>
    /// Removes every ICE attribute of this section (RFC 8839: <c>ice-ufrag</c>, <c>ice-pwd</c>, <c>ice-options</c>,
    /// <c>ice-mismatch</c>, <c>ice-pacing</c>, <c>candidate</c>, <c>remote-candidates</c>, <c>end-of-candidates</c>), as
    /// rtpengine's <c>ICE=remove</c> does.
    /// </summary>
    /// <returns>How many were removed.</returns>
    public int RemoveIce() => Attributes.RemoveAll(IsIceAttribute);

    /// <summary>A deep copy, not attached to any session.</summary>
    /// <returns>The copy.</returns>
    public MediaDescription Clone()
    {
        var copy = new MediaDescription(_media, _port, _portCount, _protocol, [.. _formats], _sourceMediaLine, Attributes.Count)
        {
            Information = Information,
            EncryptionKey = EncryptionKey,
        };
        _connections.CopyTo(copy._connections);
        _bandwidths.CopyTo(copy._bandwidths);
        foreach (var attribute in Attributes) copy.Attributes.Add(attribute);
        return copy;
    }

    /// <summary>The section's lines, each ended by the session's line ending (CRLF when detached).</summary>
    /// <returns>The SDP text of this section.</returns>
    public override string ToString()
    {
        var builder = new StringBuilder(256);
        var sink = new SdpStringSink(builder);
        Write(ref sink, Session?.LineEnding ?? "\r\n");
        return builder.ToString();
    }

    /// <summary>The parser's entry point for a <c>c=</c> line: the value and the text it was read from.</summary>
    internal void AddParsedConnection(SdpConnection connection, string source) => _connections.AddParsed(connection, source);

    /// <summary>The parser's entry point for a <c>b=</c> line: the value and the text it was read from.</summary>
    internal void AddParsedBandwidth(SdpBandwidth bandwidth, string source) => _bandwidths.AddParsed(bandwidth, source);

    internal static bool IsIceAttribute(SdpAttribute a) =>
        a.Is(SdpNames.IceUfrag) || a.Is(SdpNames.IcePwd) || a.Is(SdpNames.IceOptions) || a.Is(SdpNames.IceMismatch)
        || a.Is(SdpNames.IcePacing) || a.Is(SdpNames.IceLite) || a.Is(SdpNames.Candidate) || a.Is(SdpNames.RemoteCandidates)
        || a.Is(SdpNames.EndOfCandidates);

    internal static bool TryGetDirection(SdpAttributeCollection attributes, out SdpDirection direction)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.Value is null && SdpNames.TryParseDirection(attribute.Name, out direction)) return true;
        }

        direction = SdpDirection.SendRecv;
        return false;
    }

    internal static void SetDirection(SdpAttributeCollection attributes, SdpDirection? direction)
    {
        var first = -1;
        for (var i = attributes.Count - 1; i >= 0; i--)
        {
            if (!SdpNames.IsDirection(attributes[i])) continue;
            if (first >= 0) attributes.RemoveAt(first);
            first = i;
        }

        if (direction is not { } value)
        {
            if (first >= 0) attributes.RemoveAt(first);
            return;
        }

        var attribute = new SdpAttribute(SdpNames.ToText(value));
        if (first >= 0)
        {
            attributes[first] = attribute;
        }
        else
        {
            attributes.Add(attribute);
        }
    }

    internal static void SetFlag(SdpAttributeCollection attributes, string name, bool present)
    {
        if (!present)
        {
            attributes.RemoveAll(name);
        }
        else if (!attributes.Contains(name))
        {
            attributes.Add(name);
        }
    }

    internal static IReadOnlyList<T> ParseAll<T>(SdpAttributeCollection attributes, string name, SdpValueParser<T> parse)
        where T : class
    {
        List<T>? found = null;
        foreach (var attribute in attributes)
        {
            if (attribute.Is(name) && attribute.Value is { } value && parse(value, out var parsed)) (found ??= []).Add(parsed);
        }

        return found ?? (IReadOnlyList<T>)[];
    }

    /// <summary>Forgets every original spelling, so the next write is canonical.</summary>
    internal void ForgetSources()
    {
        _sourceMediaLine = null;
        _connections.ForgetSources();
        _bandwidths.ForgetSources();
    }

    internal void Write<TSink>(ref TSink sink, string lineEnding)
        where TSink : ISdpSink, allows ref struct
    {
        SdpWriter.Line(ref sink, "m=", _sourceMediaLine ?? FormatMediaLine(), lineEnding);
        if (Information is not null) SdpWriter.Line(ref sink, "i=", Information, lineEnding);
        for (var i = 0; i < _connections.Count; i++) SdpWriter.Line(ref sink, "c=", _connections.TextAt(i), lineEnding);
        for (var i = 0; i < _bandwidths.Count; i++) SdpWriter.Line(ref sink, "b=", _bandwidths.TextAt(i), lineEnding);
        if (EncryptionKey is not null) SdpWriter.Line(ref sink, "k=", EncryptionKey, lineEnding);
        for (var i = 0; i < Attributes.Count; i++) SdpWriter.Attribute(ref sink, Attributes[i], lineEnding);
    }

    private string FormatMediaLine()
    {
        var text = new StringBuilder(32 + (_formats.Count * 4));
        text.Append(_media).Append(' ').Append(SdpSyntax.ToText(_port));
        if (_portCount is { } count) text.Append('/').Append(count.ToString(CultureInfo.InvariantCulture));
        text.Append(' ').Append(_protocol);
        foreach (var format in _formats) text.Append(' ').Append(format);
        return text.ToString();
    }

    private void ForgetMediaLineSource() => _sourceMediaLine = null;

    private string? GetEffectiveValue(string name)
    {
        var own = Attributes.GetFirst(name);
        if (own is not null) return own.Value;
        return Session?.Attributes.GetValue(name);
    }

    private void SetOrRemove(string name, string? value)
    {
        if (value is null)
        {
            Attributes.RemoveAll(name);
        }
        else
        {
            Attributes.Set(name, value);
        }
    }
}
