using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Gateway.Media.Sdp;

/// <summary>
/// Reads SDP text line by line into a <see cref="SessionDescription"/>, checking the line order of RFC 8866 §9 with
/// the state table below. One pass, linear in the input; never throws.
/// </summary>
internal static class SdpParser
{
    /// <summary>The type letters RFC 8866 defines; any other letter refuses the whole description (§5).</summary>
    private const string KnownTypes = "vosiuepcbtrzkam";

    /// <summary>
    /// RFC 8866 §9 as a state table. The state is the kind of the last line read; the row lists the type letters that
    /// may come next. Reading letter X moves to the state named after X (in the media states once an <c>m=</c> has been
    /// read). The input may end only in the states marked "end ok".
    /// <code>
    ///   state             may be followed by     grammar
    ///   Start             v                      v=0 first
    ///   Version           o                      then o=
    ///   Origin            s                      then s=
    ///   SessionName       i u e p c b t          [i=] [u=] *e= *p= [c=] *b= 1*(t= *r=)
    ///   Information       u e p c b t
    ///   Uri               e p c b t
    ///   Email             e p c b t
    ///   Phone             p c b t
    ///   Connection        b t
    ///   Bandwidth         b t
    ///   Timing            r t z k a m   end ok   [z=] [k=] *a= *m-section
    ///   Repeat            r t z k a m   end ok
    ///   Zone              k a m         end ok
    ///   Key               a m           end ok
    ///   Attribute         a m           end ok
    ///   Media             i c b k a m   end ok   m= [i=] *c= *b= [k=] *a=
    ///   MediaInformation  c b k a m     end ok
    ///   MediaConnection   c b k a m     end ok
    ///   MediaBandwidth    b k a m       end ok
    ///   MediaKey          a m           end ok
    ///   MediaAttribute    a m           end ok
    /// </code>
    /// </summary>
    private static readonly string[] Follow =
    [
        "v",       // Start
        "o",       // Version
        "s",       // Origin
        "iuepcbt", // SessionName
        "uepcbt",  // Information
        "epcbt",   // Uri
        "epcbt",   // Email
        "pcbt",    // Phone
        "bt",      // Connection
        "bt",      // Bandwidth
        "rtzkam",  // Timing
        "rtzkam",  // Repeat
        "kam",     // Zone
        "am",      // Key
        "am",      // Attribute
        "icbkam",  // Media
        "cbkam",   // MediaInformation
        "cbkam",   // MediaConnection
        "bkam",    // MediaBandwidth
        "am",      // MediaKey
        "am",      // MediaAttribute
    ];

    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out SessionDescription? sdp, out SdpParseError error)
    {
        var reader = new Reader(text);
        return reader.Run(out sdp, out error);
    }

    private static bool IsAccepting(SdpParserState state) => state >= SdpParserState.Timing;

    private static SdpParserState Next(SdpParserState state, char letter)
    {
        if (letter == 'm' || state >= SdpParserState.Media)
        {
            return letter switch
            {
                'm' => SdpParserState.Media,
                'i' => SdpParserState.MediaInformation,
                'c' => SdpParserState.MediaConnection,
                'b' => SdpParserState.MediaBandwidth,
                'k' => SdpParserState.MediaKey,
                _ => SdpParserState.MediaAttribute,
            };
        }

        return letter switch
        {
            'v' => SdpParserState.Version,
            'o' => SdpParserState.Origin,
            's' => SdpParserState.SessionName,
            'i' => SdpParserState.Information,
            'u' => SdpParserState.Uri,
            'e' => SdpParserState.Email,
            'p' => SdpParserState.Phone,
            'c' => SdpParserState.Connection,
            'b' => SdpParserState.Bandwidth,
            't' => SdpParserState.Timing,
            'r' => SdpParserState.Repeat,
            'z' => SdpParserState.Zone,
            'k' => SdpParserState.Key,
            _ => SdpParserState.Attribute,
        };
    }

    private static string Describe(SdpParserState state) => state switch
    {
        SdpParserState.Start => "at the start",
        >= SdpParserState.Media => "after '" + LetterOf(state) + "=' in a media section",
        _ => "after '" + LetterOf(state) + "=' at session level",
    };

    private static char LetterOf(SdpParserState state) => state switch
    {
        SdpParserState.Version => 'v',
        SdpParserState.Origin => 'o',
        SdpParserState.SessionName => 's',
        SdpParserState.Information or SdpParserState.MediaInformation => 'i',
        SdpParserState.Uri => 'u',
        SdpParserState.Email => 'e',
        SdpParserState.Phone => 'p',
        SdpParserState.Connection or SdpParserState.MediaConnection => 'c',
        SdpParserState.Bandwidth or SdpParserState.MediaBandwidth => 'b',
        SdpParserState.Timing => 't',
        SdpParserState.Repeat => 'r',
        SdpParserState.Zone => 'z',
        SdpParserState.Key or SdpParserState.MediaKey => 'k',
        SdpParserState.Media => 'm',
        _ => 'a',
    };

    private static string Expected(SdpParserState state)
    {
        var follow = Follow[(int)state];
        var text = new StringBuilder(follow.Length * 4);
        foreach (var letter in follow)
        {
            if (text.Length > 0) text.Append(' ');
            text.Append(letter).Append('=');
        }

        return follow.Length == 1 ? text.ToString() : "one of " + text;
    }

    /// <summary>The parse of one input: position, order state and the section being filled.</summary>
    private ref struct Reader
    {
        private readonly ReadOnlySpan<char> _text;
        private int _position;
        private int _lineNumber;
        private SdpParserState _state;
        private SdpOrigin? _origin;
        private string? _originSource;
        private SessionDescription? _session;
        private MediaDescription? _media;
        private SdpTiming? _timing;
        private string? _timingSource;
        private List<string>? _repeats;
        private SdpParseError _error;

        public Reader(ReadOnlySpan<char> text) => _text = text;

        public bool Run([NotNullWhen(true)] out SessionDescription? sdp, out SdpParseError error)
        {
            sdp = null;
            string? lineEnding = null;
            var all = _text;
            while (_position < all.Length)
            {
                _lineNumber++;
                var rest = all[_position..];
                var newline = rest.IndexOf('\n');
                var line = newline < 0 ? rest : rest[..newline];
                _position += newline < 0 ? rest.Length : newline + 1;
                var crlf = line.EndsWith('\r');
                if (crlf) line = line[..^1];
                if (_lineNumber == 1 && newline >= 0) lineEnding = crlf ? "\r\n" : "\n";

                if (line.IsEmpty)
                {
                    // Empty lines are tolerated only at the very end (a stray CRLF after the last line).
                    if (all[_position..].ContainsAnyExcept('\r', '\n'))
                    {
                        error = Fail(SdpParseErrorCode.EmptyLine, "An empty line is followed by more lines.");
                        return false;
                    }

                    _lineNumber--;
                    break;
                }

                if (!ReadLine(line))
                {
                    error = _error;
                    return false;
                }
            }

            if (_state == SdpParserState.Start)
            {
                error = new SdpParseError(SdpParseErrorCode.Empty, 0, "The input holds no SDP lines.");
                return false;
            }

            if (!IsAccepting(_state))
            {
                var missing = _state switch
                {
                    SdpParserState.Version => "o=",
                    SdpParserState.Origin => "s=",
                    _ => "t=",
                };
                error = new SdpParseError(SdpParseErrorCode.MissingLine, _lineNumber + 1, "The description ends before its required '" + missing + "' line.");
                return false;
            }

            FinishTiming();
            sdp = _session!;
            if (lineEnding is not null) sdp.LineEnding = lineEnding;
            error = SdpParseError.None;
            return true;
        }

        private bool ReadLine(ReadOnlySpan<char> line)
        {
            if (line.IndexOfAny('\0', '\r') is var bad and >= 0)
            {
                var what = line[bad] == '\0' ? "a NUL" : "a CR that does not end the line";
                _error = Fail(SdpParseErrorCode.InvalidCharacter, "The line holds " + what + ".");
                return false;
            }

            if (line.Length < 2 || line[1] != '=' || KnownTypes.IndexOf(line[0]) < 0)
            {
                if (_state == SdpParserState.Start)
                {
                    _error = Fail(SdpParseErrorCode.MissingVersion, "The description must start with 'v=0'.");
                }
                else if (line.Length < 2 || line[1] != '=')
                {
                    _error = Fail(SdpParseErrorCode.InvalidLine, "The line is not of the form '<letter>=<value>'.");
                }
                else
                {
                    _error = Fail(SdpParseErrorCode.UnknownLineType, "'" + line[0] + "=' is not an SDP line type (RFC 8866 §5).");
                }

                return false;
            }

            var letter = line[0];
            if (!Follow[(int)_state].Contains(letter, StringComparison.Ordinal))
            {
                _error = _state == SdpParserState.Start
                    ? Fail(SdpParseErrorCode.MissingVersion, "The description must start with 'v=0'.")
                    : Fail(SdpParseErrorCode.UnexpectedLine, "'" + letter + "=' is not allowed " + Describe(_state) + "; expected " + Expected(_state) + " (RFC 8866 §9 order).");
                return false;
            }

            if (letter != 'r') FinishTiming();
            var value = line[2..];
            if (!ReadValue(letter, value)) return false;
            _state = Next(_state, letter);
            return true;
        }

        private bool ReadValue(char letter, ReadOnlySpan<char> value)
        {
            var inMedia = _media is not null;
            switch (letter)
            {
                case 'v':
                    if (!value.SequenceEqual("0"))
                    {
                        _error = Fail(SdpParseErrorCode.UnsupportedVersion, "Only 'v=0' is defined (RFC 8866 §5.1).");
                        return false;
                    }

                    return true;

                case 'o':
                    if (!SdpOrigin.TryParse(value, out var origin))
                    {
                        _error = Fail(SdpParseErrorCode.MalformedOrigin, "'o=' needs <username> <sess-id> <sess-version> <nettype> <addrtype> <address>, with numeric id and version.");
                        return false;
                    }

                    _origin = origin;
                    _originSource = value.ToString();
                    return true;

                case 's':
                    _session = SessionDescription.CreateParsed(_origin!, _originSource!, SdpSyntax.Intern(value));
                    return true;

                case 'i':
                    if (inMedia)
                    {
                        _media!.Information = value.ToString();
                    }
                    else
                    {
                        _session!.Information = value.ToString();
                    }

                    return true;

                case 'u':
                    _session!.Uri = value.ToString();
                    return true;

                case 'e':
                    _session!.Emails.Add(value.ToString());
                    return true;

                case 'p':
                    _session!.Phones.Add(value.ToString());
                    return true;

                case 'c':
                    return ReadConnection(value, inMedia);

                case 'b':
                    return ReadBandwidth(value, inMedia);

                case 't':
                    if (!SdpTiming.TryParse(value, out var timing))
                    {
                        _error = Fail(SdpParseErrorCode.MalformedTiming, "'t=' needs two decimal times: <start-time> <stop-time>.");
                        return false;
                    }

                    _timing = timing;
                    _timingSource = value.ToString();
                    return true;

                case 'r':
                    (_repeats ??= []).Add(value.ToString());
                    return true;

                case 'z':
                    _session!.TimeZoneAdjustments = value.ToString();
                    return true;

                case 'k':
                    if (inMedia)
                    {
                        _media!.EncryptionKey = value.ToString();
                    }
                    else
                    {
                        _session!.EncryptionKey = value.ToString();
                    }

                    return true;

                case 'a':
                    return ReadAttribute(value, inMedia);

                default:
                    return ReadMedia(value);
            }
        }

        private bool ReadConnection(ReadOnlySpan<char> value, bool inMedia)
        {
            if (!SdpConnection.TryParse(value, out var connection))
            {
                _error = Fail(SdpParseErrorCode.MalformedConnection, "'c=' needs <nettype> <addrtype> <address>[/<ttl>][/<count>] with valid TTL and count.");
                return false;
            }

            var source = value.ToString();
            if (inMedia)
            {
                _media!.AddParsedConnection(connection, source);
            }
            else
            {
                _session!.SetParsedConnection(connection, source);
            }

            return true;
        }

        private bool ReadBandwidth(ReadOnlySpan<char> value, bool inMedia)
        {
            if (!SdpBandwidth.TryParse(value, out var bandwidth))
            {
                _error = Fail(SdpParseErrorCode.MalformedBandwidth, "'b=' needs <bwtype>:<bandwidth> with a decimal bandwidth.");
                return false;
            }

            if (inMedia)
            {
                _media!.AddParsedBandwidth(bandwidth, value.ToString());
            }
            else
            {
                _session!.AddParsedBandwidth(bandwidth, value.ToString());
            }

            return true;
        }

        private bool ReadAttribute(ReadOnlySpan<char> value, bool inMedia)
        {
            var colon = value.IndexOf(':');
            var name = colon < 0 ? value : value[..colon];
            if (!SdpSyntax.IsToken(name))
            {
                _error = Fail(SdpParseErrorCode.MalformedAttribute, name.IsEmpty
                    ? "'a=' has no attribute name."
                    : "The attribute name holds a character that is not allowed in a token (RFC 8866 §9).");
                return false;
            }

            var attribute = new SdpAttribute(SdpSyntax.Intern(name), colon < 0 ? null : SdpSyntax.InternShort(value[(colon + 1)..]));
            (inMedia ? _media!.Attributes : _session!.Attributes).Add(attribute);
            return true;
        }

        private bool ReadMedia(ReadOnlySpan<char> value)
        {
            var tokens = new SdpTokenizer(value);
            if (!tokens.Next(out var mediaType) || !tokens.Next(out var portField) || !tokens.Next(out var protocol))
            {
                _error = Fail(SdpParseErrorCode.MalformedMedia, "'m=' needs <media> <port>[/<count>] <proto> <fmt> ….");
                return false;
            }

            if (!SdpSyntax.IsToken(mediaType) || !SdpSyntax.IsProtocol(protocol))
            {
                _error = Fail(SdpParseErrorCode.MalformedMedia, "The 'm=' line's media type or protocol is not a token.");
                return false;
            }

            var slash = portField.IndexOf('/');
            if (!SdpSyntax.TryParseInt32(slash < 0 ? portField : portField[..slash], 65535, out var port))
            {
                _error = Fail(SdpParseErrorCode.InvalidPort, "The 'm=' port is not a decimal number from 0 to 65535.");
                return false;
            }

            int? portCount = null;
            if (slash >= 0)
            {
                if (!SdpSyntax.TryParseInt32(portField[(slash + 1)..], 65535, out var count) || count == 0)
                {
                    _error = Fail(SdpParseErrorCode.InvalidPort, "The 'm=' port count is not a positive decimal number.");
                    return false;
                }

                portCount = count;
            }

            var formats = new List<string>(8);
            while (tokens.Next(out var format))
            {
                if (!SdpSyntax.IsToken(format))
                {
                    _error = Fail(SdpParseErrorCode.MalformedMedia, "An 'm=' format is not a token.");
                    return false;
                }

                formats.Add(SdpSyntax.Intern(format));
            }

            var media = new MediaDescription(SdpSyntax.Intern(mediaType), port, portCount, SdpSyntax.Intern(protocol), formats, value.ToString(), attributeCapacity: 16);
            _session!.Media.Add(media);
            _media = media;
            return true;
        }

        private void FinishTiming()
        {
            if (_timing is null) return;
            var timing = _repeats is null ? _timing : new SdpTiming(_timing.StartTime, _timing.StopTime, _repeats);
            _session!.AddParsedTiming(timing, _timingSource!);
            _timing = null;
            _timingSource = null;
            _repeats = null;
        }

        private readonly SdpParseError Fail(SdpParseErrorCode code, string message) => new(code, _lineNumber, message);
    }
}
