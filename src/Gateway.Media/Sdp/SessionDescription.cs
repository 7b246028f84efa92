using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Unicode;

namespace Gateway.Media.Sdp;

/// <summary>
/// A session description (RFC 8866): the session-level lines in their grammar order, then the media sections.
/// Parsing is lossless: every line is kept, and a description written back without changes reproduces its input
/// byte for byte, as long as the input used one line ending throughout, ended with it and had no trailing empty
/// lines.
/// </summary>
/// <remarks>
/// <para>
/// Line endings: input may use CRLF (as RFC 8866 §5 requires) or bare LF. The terminator of the first line becomes
/// <see cref="LineEnding"/>, and every line is written with it; so LF input stays LF, and a mixed input is normalised
/// to its first line's ending. A missing final line ending is added; trailing empty lines are dropped.
/// <see cref="Normalize"/> switches to CRLF and canonical spelling.
/// </para>
/// <para>
/// Text: input that is valid UTF-8 (RFC 8866 §5 default) is read as UTF-8; any other input is read as ISO-8859-1
/// (every byte one character) and written back the same way, so a description in a legacy <c>a=charset</c> still
/// passes through unchanged.
/// </para>
/// <para>
/// Spelling: typed lines (<c>o=</c>, <c>c=</c>, <c>b=</c>, <c>t=</c>, <c>m=</c>) are parsed tolerantly (runs of spaces,
/// leading zeros) and the text as read is kept; it is written back as long as the typed value is not replaced.
/// Replaced or added lines are written in canonical form (single spaces, plain numbers).
/// </para>
/// </remarks>
public sealed class SessionDescription
{
    private readonly SdpValueList<SdpBandwidth> _bandwidths;
    private readonly SdpValueList<SdpTiming> _timings;
    private SdpOrigin _origin;
    private string? _originSource;
    private SdpConnection? _connection;
    private string? _connectionSource;
    private string _sessionName;
    private string _lineEnding = "\r\n";

    /// <summary>Creates a description with one unbounded time description (<c>t=0 0</c>) and no media.</summary>
    /// <param name="origin">The <c>o=</c> line.</param>
    /// <param name="sessionName">The <c>s=</c> line's text; <c>-</c> by default, as WebRTC writes it.</param>
    public SessionDescription(SdpOrigin origin, string sessionName = "-")
        : this(origin, sessionName, capacity: 4)
    {
        Timings.Add(SdpTiming.Unbounded);
    }

    private SessionDescription(SdpOrigin origin, string sessionName, int capacity)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(sessionName);
        SdpSyntax.ThrowIfNotLineText(sessionName);
        _origin = origin;
        _sessionName = sessionName;
        Emails = new List<string>(0);
        Phones = new List<string>(0);
        _bandwidths = new SdpValueList<SdpBandwidth>();
        _timings = new SdpValueList<SdpTiming>(1);
        Attributes = new SdpAttributeCollection(new List<SdpAttribute>(capacity));
        Media = new SdpMediaList(this);
    }

    /// <summary>
    /// The longest input <see cref="TryParse(ReadOnlySpan{byte}, out SessionDescription?, out SdpParseError)"/> accepts:
    /// 1 MiB (bytes, or characters for the string overload). Real descriptions are a few kilobytes; the bound keeps a
    /// hostile body from costing unbounded memory.
    /// </summary>
    public const int MaxLength = 1 << 20;

    /// <summary>Creates an empty description for the parser: no time description yet.</summary>
    internal static SessionDescription CreateParsed(SdpOrigin origin, string originSource, string sessionName) =>
        new(origin, sessionName, capacity: 8) { _originSource = originSource };

    /// <summary>The protocol version, <c>v=0</c> (the only one RFC 8866 defines).</summary>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Mirrors the description's v= line.")]
    public int Version => 0;

    /// <summary>The <c>o=</c> line. Replace it (e.g. with <c>with</c>) to change the origin address or version.</summary>
    public SdpOrigin Origin
    {
        get => _origin;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _origin = value;
            _originSource = null;
        }
    }

    /// <summary>The <c>s=</c> line's text (may be empty or a single space, as found in the wild).</summary>
    public string SessionName
    {
        get => _sessionName;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            SdpSyntax.ThrowIfNotLineText(value);
            _sessionName = value;
        }
    }

    /// <summary>The session-level <c>i=</c> line's text, or null.</summary>
    public string? Information
    {
        get;
        set
        {
            SdpSyntax.ThrowIfNotLineText(value);
            field = value;
        }
    }

    /// <summary>The <c>u=</c> line's text, or null.</summary>
    [SuppressMessage("Design", "CA1056:URI-like properties should not be strings", Justification = "Kept verbatim for a lossless round trip.")]
    public string? Uri
    {
        get;
        set
        {
            SdpSyntax.ThrowIfNotLineText(value);
            field = value;
        }
    }

    /// <summary>The <c>e=</c> lines' text, in order. Editable.</summary>
    public IList<string> Emails { get; }

    /// <summary>The <c>p=</c> lines' text, in order. Editable.</summary>
    public IList<string> Phones { get; }

    /// <summary>The session-level <c>c=</c> line, or null.</summary>
    public SdpConnection? Connection
    {
        get => _connection;
        set
        {
            _connection = value;
            _connectionSource = null;
        }
    }

    /// <summary>The session-level <c>b=</c> lines. Editable.</summary>
    public IList<SdpBandwidth> Bandwidths => _bandwidths;

    /// <summary>
    /// The time descriptions (<c>t=</c> with its <c>r=</c> lines), at least one in a valid description; when the list is
    /// empty the writer emits <c>t=0 0</c>. Editable.
    /// </summary>
    public IList<SdpTiming> Timings => _timings;

    /// <summary>The <c>z=</c> line's text, or null.</summary>
    public string? TimeZoneAdjustments
    {
        get;
        set
        {
            SdpSyntax.ThrowIfNotLineText(value);
            field = value;
        }
    }

    /// <summary>The session-level <c>k=</c> line's text (obsolete, RFC 8866 §5.12), or null.</summary>
    public string? EncryptionKey
    {
        get;
        set
        {
            SdpSyntax.ThrowIfNotLineText(value);
            field = value;
        }
    }

    /// <summary>The session-level <c>a=</c> lines, in order.</summary>
    public SdpAttributeCollection Attributes { get; }

    /// <summary>The media sections, in order. Adding a section attaches it to this session.</summary>
    public IList<MediaDescription> Media { get; }

    /// <summary>The line ending every line is written with: <c>"\r\n"</c> (default) or <c>"\n"</c>.</summary>
    public string LineEnding
    {
        get => _lineEnding;
        set
        {
            if (value is not ("\r\n" or "\n")) throw new ArgumentException("The line ending must be \"\\r\\n\" or \"\\n\".", nameof(value));
            _lineEnding = value;
        }
    }

    /// <summary>The session-level <c>a=group</c> lines that parse (RFC 5888; BUNDLE per RFC 8843), in order.</summary>
    public IReadOnlyList<SdpGroup> Groups => MediaDescription.ParseAll<SdpGroup>(Attributes, SdpNames.Group, SdpGroup.TryParse);

    /// <summary>The session-level direction attribute, or null when there is none. Setting null removes it.</summary>
    public SdpDirection? Direction
    {
        get => MediaDescription.TryGetDirection(Attributes, out var direction) ? direction : null;
        set => MediaDescription.SetDirection(Attributes, value);
    }

    /// <summary>The session-level <c>a=ice-ufrag</c>, or null. Setting null removes it.</summary>
    public string? IceUfrag
    {
        get => Attributes.GetValue(SdpNames.IceUfrag);
        set => SetOrRemove(SdpNames.IceUfrag, value);
    }

    /// <summary>The session-level <c>a=ice-pwd</c>, or null. Setting null removes it.</summary>
    public string? IcePwd
    {
        get => Attributes.GetValue(SdpNames.IcePwd);
        set => SetOrRemove(SdpNames.IcePwd, value);
    }

    /// <summary>The session-level <c>a=ice-options</c> text, or null. Setting null removes it.</summary>
    public string? IceOptions
    {
        get => Attributes.GetValue(SdpNames.IceOptions);
        set => SetOrRemove(SdpNames.IceOptions, value);
    }

    /// <summary>Whether the session-level <c>a=ice-lite</c> is present (RFC 8839 §5.3). Setting adds or removes it.</summary>
    public bool IceLite
    {
        get => Attributes.Contains(SdpNames.IceLite);
        set => MediaDescription.SetFlag(Attributes, SdpNames.IceLite, value);
    }

    /// <summary>The first session-level <c>a=fingerprint</c> that parses, or null. Setting replaces them all (null removes them).</summary>
    public SdpFingerprint? Fingerprint
    {
        get
        {
            var all = MediaDescription.ParseAll<SdpFingerprint>(Attributes, SdpNames.Fingerprint, SdpFingerprint.TryParse);
            return all.Count > 0 ? all[0] : null;
        }

        set => SetOrRemove(SdpNames.Fingerprint, value?.ToString());
    }

    /// <summary>The session-level <c>a=setup</c> role, or null when absent or unknown. Setting null removes it.</summary>
    public SdpSetup? Setup
    {
        get => SdpNames.TryParseSetup(Attributes.GetValue(SdpNames.Setup), out var setup) ? setup : null;
        set => SetOrRemove(SdpNames.Setup, value is { } role ? SdpNames.ToText(role) : null);
    }

    /// <summary>Whether the input was not UTF-8 and is read and written as ISO-8859-1.</summary>
    internal bool IsLatin1 { get; set; }

    private static SdpParseError TooLargeError =>
        new(SdpParseErrorCode.TooLarge, 0, "The input is longer than " + MaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes.");

    private Encoding TextEncoding => IsLatin1 ? Encoding.Latin1 : Encoding.UTF8;

    /// <summary>
    /// Parses a description from its bytes (UTF-8, or ISO-8859-1 when not valid UTF-8). Never throws: any input
    /// either parses or yields a typed error.
    /// </summary>
    /// <param name="utf8">The SDP bytes, e.g. a SIP body.</param>
    /// <param name="sdp">The description, or null on failure.</param>
    /// <param name="error">The failure, or <see cref="SdpParseError.None"/>.</param>
    /// <returns>Whether the input is a valid description.</returns>
    public static bool TryParse(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out SessionDescription? sdp, out SdpParseError error)
    {
        if (utf8.Length > MaxLength)
        {
            sdp = null;
            error = TooLargeError;
            return false;
        }

        // Decode once into a pooled buffer; the model keeps only the strings it needs, cut from that buffer.
        var latin1 = !Utf8.IsValid(utf8);
        var encoding = latin1 ? Encoding.Latin1 : Encoding.UTF8;
        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(utf8.Length, 1));
        try
        {
            var length = encoding.GetChars(utf8, buffer);
            if (!SdpParser.TryParse(buffer.AsSpan(0, length), out sdp, out error)) return false;
            sdp.IsLatin1 = latin1;
            return true;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>Parses a description from text. Never throws: any input either parses or yields a typed error.</summary>
    /// <param name="text">The SDP text.</param>
    /// <param name="sdp">The description, or null on failure.</param>
    /// <param name="error">The failure, or <see cref="SdpParseError.None"/>.</param>
    /// <returns>Whether the input is a valid description.</returns>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SessionDescription? sdp, out SdpParseError error)
    {
        text ??= string.Empty;
        if (text.Length > MaxLength)
        {
            sdp = null;
            error = TooLargeError;
            return false;
        }

        var surrogate = text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF');
        if (surrogate >= 0 && HasLoneSurrogate(text, surrogate, out var line))
        {
            sdp = null;
            error = new SdpParseError(SdpParseErrorCode.InvalidCharacter, line, "The text holds a lone UTF-16 surrogate.");
            return false;
        }

        return SdpParser.TryParse(text.AsSpan(), out sdp, out error);
    }

    /// <summary>Parses a description from its bytes, throwing on invalid input.</summary>
    /// <param name="utf8">The SDP bytes.</param>
    /// <returns>The description.</returns>
    /// <exception cref="FormatException">The input is not a valid description.</exception>
    public static SessionDescription Parse(ReadOnlySpan<byte> utf8) =>
        TryParse(utf8, out var sdp, out var error) ? sdp : throw new FormatException(error.ToString());

    /// <summary>Parses a description from text, throwing on invalid input.</summary>
    /// <param name="text">The SDP text.</param>
    /// <returns>The description.</returns>
    /// <exception cref="FormatException">The input is not a valid description.</exception>
    public static SessionDescription Parse(string text) =>
        TryParse(text, out var sdp, out var error) ? sdp : throw new FormatException(error.ToString());

    /// <summary>Adds a session-level <c>a=group</c> after the last one (or at the end of the session attributes).</summary>
    /// <param name="group">The group, e.g. <c>new SdpGroup("BUNDLE", ["0", "1"])</c>.</param>
    public void AddGroup(SdpGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        Attributes.InsertAfter(SdpNames.Group, new SdpAttribute(SdpNames.Group, group.ToString()));
    }

    /// <summary>Removes the session-level <c>a=group</c> lines, of every semantics or only of <paramref name="semantics"/>.</summary>
    /// <param name="semantics">The semantics to remove (e.g. <c>BUNDLE</c>), or null for all.</param>
    /// <returns>How many were removed.</returns>
    public int RemoveGroups(string? semantics = null) => Attributes.RemoveAll(a =>
        a.Is(SdpNames.Group)
        && (semantics is null || (SdpGroup.TryParse(a.Value, out var group) && string.Equals(group.Semantics, semantics, StringComparison.OrdinalIgnoreCase))));

    /// <summary>Removes every ICE attribute at session level and in every media section (rtpengine's <c>ICE=remove</c>).</summary>
    /// <returns>How many attributes were removed.</returns>
    public int RemoveIce()
    {
        var removed = Attributes.RemoveAll(MediaDescription.IsIceAttribute);
        foreach (var media in Media) removed += media.RemoveIce();
        return removed;
    }

    /// <summary>Forgets every original spelling and switches to CRLF, so the next write is fully canonical.</summary>
    public void Normalize()
    {
        _lineEnding = "\r\n";
        _originSource = null;
        _connectionSource = null;
        _bandwidths.ForgetSources();
        _timings.ForgetSources();
        foreach (var media in Media) media.ForgetSources();
    }

    /// <summary>A deep copy (media sections included); the typed values, being immutable, are shared.</summary>
    /// <returns>The copy.</returns>
    public SessionDescription Clone()
    {
        var copy = new SessionDescription(_origin, _sessionName, Attributes.Count)
        {
            Information = Information,
            Uri = Uri,
            _originSource = _originSource,
            _connection = _connection,
            _connectionSource = _connectionSource,
            TimeZoneAdjustments = TimeZoneAdjustments,
            EncryptionKey = EncryptionKey,
            IsLatin1 = IsLatin1,
            _lineEnding = _lineEnding,
        };
        foreach (var email in Emails) copy.Emails.Add(email);
        foreach (var phone in Phones) copy.Phones.Add(phone);
        _bandwidths.CopyTo(copy._bandwidths);
        _timings.CopyTo(copy._timings);
        foreach (var attribute in Attributes) copy.Attributes.Add(attribute);
        foreach (var media in Media) copy.Media.Add(media.Clone());
        return copy;
    }

    /// <summary>The number of bytes <see cref="WriteTo"/> and <see cref="ToArray"/> produce.</summary>
    /// <returns>The encoded length.</returns>
    public int GetByteCount()
    {
        var sink = new SdpByteCountSink(TextEncoding);
        Write(ref sink);
        return checked((int)sink.Count);
    }

    /// <summary>Writes the description's bytes to <paramref name="writer"/>.</summary>
    /// <param name="writer">The destination.</param>
    public void WriteTo(IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var sink = new SdpBufferWriterSink(writer, TextEncoding);
        Write(ref sink);
    }

    /// <summary>Writes the description's bytes into <paramref name="destination"/>.</summary>
    /// <param name="destination">The destination span.</param>
    /// <param name="written">The number of bytes written, or 0 when the span is too small.</param>
    /// <returns>Whether the description fit.</returns>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        var sink = new SdpSpanSink(destination, TextEncoding);
        Write(ref sink);
        written = sink.Overflowed ? 0 : sink.Written;
        return !sink.Overflowed;
    }

    /// <summary>The description's bytes.</summary>
    /// <returns>A new array holding the encoded description.</returns>
    public byte[] ToArray()
    {
        var bytes = new byte[GetByteCount()];
        TryWrite(bytes, out _);
        return bytes;
    }

    /// <summary>The description's text.</summary>
    /// <returns>Every line, each followed by <see cref="LineEnding"/>.</returns>
    public override string ToString()
    {
        var builder = new StringBuilder(1024);
        var sink = new SdpStringSink(builder);
        Write(ref sink);
        return builder.ToString();
    }

    private void Write<TSink>(ref TSink sink)
        where TSink : ISdpSink, allows ref struct
    {
        // RFC 8866 §9: v o s [i] [u] *e *p [c] *b 1*(t *r) [z] [k] *a *m
        var eol = _lineEnding;
        SdpWriter.Line(ref sink, "v=", "0", eol);
        SdpWriter.Line(ref sink, "o=", _originSource ?? _origin.ToString(), eol);
        SdpWriter.Line(ref sink, "s=", _sessionName, eol);
        if (Information is not null) SdpWriter.Line(ref sink, "i=", Information, eol);
        if (Uri is not null) SdpWriter.Line(ref sink, "u=", Uri, eol);
        foreach (var email in Emails) SdpWriter.Line(ref sink, "e=", email, eol);
        foreach (var phone in Phones) SdpWriter.Line(ref sink, "p=", phone, eol);
        if (_connection is not null) SdpWriter.Line(ref sink, "c=", _connectionSource ?? _connection.ToString(), eol);
        for (var i = 0; i < _bandwidths.Count; i++) SdpWriter.Line(ref sink, "b=", _bandwidths.TextAt(i), eol);
        if (_timings.Count == 0) SdpWriter.Line(ref sink, "t=", "0 0", eol);
        for (var i = 0; i < _timings.Count; i++)
        {
            SdpWriter.Line(ref sink, "t=", _timings.TextAt(i), eol);
            foreach (var repeat in _timings[i].RepeatTimes) SdpWriter.Line(ref sink, "r=", repeat, eol);
        }

        if (TimeZoneAdjustments is not null) SdpWriter.Line(ref sink, "z=", TimeZoneAdjustments, eol);
        if (EncryptionKey is not null) SdpWriter.Line(ref sink, "k=", EncryptionKey, eol);
        for (var i = 0; i < Attributes.Count; i++) SdpWriter.Attribute(ref sink, Attributes[i], eol);
        for (var i = 0; i < Media.Count; i++) Media[i].Write(ref sink, eol);
    }

    /// <summary>The parser's entry point for the session <c>c=</c> line: the value and the text it was read from.</summary>
    internal void SetParsedConnection(SdpConnection connection, string source)
    {
        _connection = connection;
        _connectionSource = source;
    }

    /// <summary>The parser's entry point for a session <c>b=</c> line.</summary>
    internal void AddParsedBandwidth(SdpBandwidth bandwidth, string source) => _bandwidths.AddParsed(bandwidth, source);

    /// <summary>The parser's entry point for a <c>t=</c> line (with its <c>r=</c> lines in the value).</summary>
    internal void AddParsedTiming(SdpTiming timing, string source) => _timings.AddParsed(timing, source);

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

    private static bool HasLoneSurrogate(string text, int from, out int lineNumber)
    {
        for (var i = from; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsSurrogate(c)) continue;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            lineNumber = text.AsSpan(0, i).Count('\n') + 1;
            return true;
        }

        lineNumber = 0;
        return false;
    }
}
