using System.Buffers;
using System.Collections.Frozen;

namespace Gateway.Media.Sdp;

/// <summary>Character classes, number parsing and string reuse shared by the SDP parser and the typed helpers.</summary>
internal static class SdpSyntax
{
    /// <summary>RFC 8866 §9 <c>token-char</c>: %x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 / %x41-5A / %x5E-7E.</summary>
    private static readonly SearchValues<char> TokenChars = SearchValues.Create(
        "!#$%&'*+-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz{|}~");

    /// <summary>Strings that recur in almost every description; reusing them saves an allocation per line.</summary>
    private static readonly FrozenSet<string> Common = FrozenSet.Create(StringComparer.Ordinal,
    [
        "IN", "IP4", "IP6", "-", "0.0.0.0", "::",
        "audio", "video", "application", "text", "message", "image",
        "RTP/AVP", "RTP/AVPF", "RTP/SAVP", "RTP/SAVPF", "UDP/TLS/RTP/SAVP", "UDP/TLS/RTP/SAVPF", "UDP/DTLS/SCTP", "DTLS/SCTP", "udptl",
        "webrtc-datachannel",
        "rtpmap", "fmtp", "rtcp-fb", "extmap", "extmap-allow-mixed", "candidate", "end-of-candidates", "remote-candidates",
        "ssrc", "ssrc-group", "mid", "msid", "msid-semantic", "group", "sendrecv", "sendonly", "recvonly", "inactive",
        "rtcp", "rtcp-mux", "rtcp-mux-only", "rtcp-rsize", "ice-ufrag", "ice-pwd", "ice-options", "ice-lite", "ice-mismatch",
        "fingerprint", "setup", "tls-id", "crypto", "ptime", "maxptime", "sctp-port", "max-message-size", "rid", "simulcast",
        "bundle-only", "label", "content", "framerate", "silenceSupp", "direction", "connection", "charset", "tool", "sdplang", "lang",
    ]);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> CommonLookup =
        Common.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>"0" … "127": payload type numbers, the commonest formats.</summary>
    private static readonly string[] SmallNumbers = CreateSmallNumbers();

    public static bool IsTokenChar(char c) => TokenChars.Contains(c);

    public static bool IsToken(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExcept(TokenChars);

    public static bool IsDigits(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExceptInRange('0', '9');

    /// <summary>RFC 8866 §9 <c>proto = token *("/" token)</c>, e.g. <c>UDP/TLS/RTP/SAVPF</c>.</summary>
    public static bool IsProtocol(ReadOnlySpan<char> protocol)
    {
        if (protocol.IsEmpty || protocol[0] == '/' || protocol[^1] == '/' || protocol.Contains("//", StringComparison.Ordinal)) return false;
        foreach (var c in protocol)
        {
            if (c != '/' && !IsTokenChar(c)) return false;
        }

        return true;
    }

    /// <summary>Refuses text that would break the line it is written on (RFC 8866 byte-string: no NUL, CR or LF).</summary>
    public static void ThrowIfNotLineText(string? value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (value is not null && value.AsSpan().IndexOfAny('\0', '\r', '\n') >= 0)
        {
            throw new ArgumentException("SDP line text must not contain NUL, CR or LF.", paramName);
        }
    }

    /// <summary>Parses 1*DIGIT into a ulong; false on anything else or on overflow.</summary>
    public static bool TryParseUInt64(ReadOnlySpan<char> text, out ulong value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 20) return false;
        foreach (var c in text)
        {
            var digit = (uint)(c - '0');
            if (digit > 9) return false;
            if (value > (ulong.MaxValue - digit) / 10) return false;
            value = (value * 10) + digit;
        }

        return true;
    }

    /// <summary>Parses 1*DIGIT into an int no greater than <paramref name="max"/>.</summary>
    public static bool TryParseInt32(ReadOnlySpan<char> text, int max, out int value)
    {
        value = 0;
        if (!TryParseUInt64(text, out var wide) || wide > (ulong)max) return false;
        value = (int)wide;
        return true;
    }

    /// <summary>Returns a shared instance for common strings and small numbers, else a new string.</summary>
    public static string Intern(ReadOnlySpan<char> text)
    {
        if (text.Length <= 3 && IsDigits(text) && (text.Length == 1 || text[0] != '0'))
        {
            var n = text.Length switch
            {
                1 => text[0] - '0',
                2 => ((text[0] - '0') * 10) + (text[1] - '0'),
                _ => ((text[0] - '0') * 100) + ((text[1] - '0') * 10) + (text[2] - '0'),
            };
            if (n < SmallNumbers.Length) return SmallNumbers[n];
        }

        return CommonLookup.TryGetValue(text, out var common) ? common : text.ToString();
    }

    /// <summary>Like <see cref="Intern"/> for short texts; longer ones (candidates, fingerprints) are copied without a lookup.</summary>
    public static string InternShort(ReadOnlySpan<char> text) => text.Length <= 24 ? Intern(text) : text.ToString();

    /// <summary>The decimal text of a small number, shared where possible.</summary>
    public static string ToText(int value) =>
        (uint)value < (uint)SmallNumbers.Length ? SmallNumbers[value] : value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string[] CreateSmallNumbers()
    {
        var numbers = new string[128];
        for (var i = 0; i < numbers.Length; i++) numbers[i] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return numbers;
    }
}
