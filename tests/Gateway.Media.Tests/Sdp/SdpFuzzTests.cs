using System.Text;
using FsCheck.Xunit;
using Gateway.Media.Sdp;
using Xunit.Abstractions;

namespace Gateway.Media.Tests.Sdp;

/// <summary>
/// Robustness: seeded mutations of the whole corpus and random strings. TryParse never throws; whatever parses is
/// written back, reparses to an equal description, and its canonical form reparses equal too.
/// </summary>
public sealed class SdpFuzzTests
{
    private readonly ITestOutputHelper _output;

    public SdpFuzzTests(ITestOutputHelper output) => _output = output;

    private const int Rounds = 24_000;

    private static readonly byte[] InterestingBytes = " :/=\r\n\t\00189-amctkbrzv.#*\"(\u007f"u8.ToArray().Concat(new byte[] { 0xC3, 0xA9, 0xFF, 0x80 }).ToArray();

    private static readonly string[] InterestingLines =
    [
        "m=audio 0 RTP/AVP 0", "m=video 9 UDP/TLS/RTP/SAVPF 96 97", "m=application 9/2 UDP/DTLS/SCTP webrtc-datachannel",
        "c=IN IP4 233.252.0.1/127/3", "c=IN IP6 ff15::101/3", "c=IN IP4  192.0.2.1 ", "b=AS:1", "b=TIAS:0064", "t=0 0", "t=00 01",
        "r=7d 1h 0 25h", "z=2882844526 -1h", "k=clear:x", "i=info", "u=http://example.com", "e=a@b", "p=+1", "x=y", "v=0", "s=again",
        "o=- 1 1 IN IP4 192.0.2.1", "a=", "a=:x", "a=sendonly", "a=inactive", "a=rtcp-mux", "a=end-of-candidates",
        "a=candidate:1 1 udp 1 192.0.2.4 5 typ host", "a=candidate:1 1 udp 1 192.0.2.4 5 typ srflx raddr 1.2.3.4 rport x",
        "a=candidate:garbage", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:AAAA|2^20|1:4", "a=crypto:1 X inline:|",
        "a=rtpmap:96 x/1", "a=rtpmap:999 x/1/y", "a=fmtp:96", "a=fmtp:", "a=setup:x", "a=setup:passive",
        "a=fingerprint:sha-256 zz", "a=fingerprint:sha-1 00:11", "a=ssrc:99999999999 cname:x", "a=ssrc:1 cname:x",
        "a=ssrc-group:FID 1 x", "a=group:BUNDLE", "a=group:BUNDLE 0 1 2", "a=rtcp:70000", "a=rtcp:9 IN IP4", "a=mid:",
        "a=ice-ufrag:", "a=ice-pwd:x", "a=ice-options:trickle", "a=ice-lite", "a=extmap:1 urn:x",
    ];

    [Fact]
    public void TryParse_MutatedCorpus_NeverThrowsAndRoundTrips()
    {
        var corpus = SdpTestData.AllFiles().Select(SdpTestData.Read).ToArray();
        var random = new Random(8866);
        int parsed = 0, refused = 0, exact = 0;
        var codes = new HashSet<SdpParseErrorCode>();
        for (var round = 0; round < Rounds; round++)
        {
            var input = Mutate(corpus[random.Next(corpus.Length)], random);
            SessionDescription? sdp;
            SdpParseError error;
            try
            {
                _ = SessionDescription.TryParse(input, out sdp, out error);
            }
            catch (Exception e)
            {
                Assert.Fail($"TryParse threw {e.GetType().Name} on round {round}: {Show(input)}\n{e}");
                throw;
            }

            if (sdp is null)
            {
                refused++;
                codes.Add(error.Code);
                Assert.True(error.IsError, Show(input));
                Assert.NotEmpty(error.Message);
                Assert.InRange(error.LineNumber, 0, input.Length + 1);
                continue;
            }

            parsed++;
            Assert.False(error.IsError);
            try
            {
                if (CheckParsed(sdp, input)) exact++;
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"Round {round} failed on: {Show(input)}", e);
            }
        }

        _output.WriteLine($"{Rounds} inputs: {parsed} parsed ({exact} compared byte for byte), {refused} refused; codes: {string.Join(", ", codes.Order())}");

        // Both paths must be well exercised for the test to mean anything.
        Assert.True(parsed > Rounds / 5, $"only {parsed} of {Rounds} mutated inputs parsed");
        Assert.True(refused > Rounds / 5, $"only {refused} of {Rounds} mutated inputs were refused");
        Assert.True(exact > Rounds / 10, $"only {exact} inputs were checked byte for byte");
        Assert.True(codes.Count >= 12, "error codes seen: " + string.Join(", ", codes));
    }

    [Property(MaxTest = 3000)]
    public void TryParse_AnyString_NeverThrows(string? text)
    {
        text ??= string.Empty;
        foreach (var candidate in new[]
        {
            text,
            "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n" + text,
            "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 1 RTP/AVP 0\r\na=" + text + "\r\n",
            "v=0\r\no=" + text + "\r\ns=-\r\nc=" + text + "\r\nt=0 0\r\nm=" + text + "\r\n",
        })
        {
            if (SessionDescription.TryParse(candidate, out var sdp, out _)) CheckParsed(sdp, Encoding.UTF8.GetBytes(candidate));
            _ = SessionDescription.TryParse(Encoding.UTF8.GetBytes(candidate), out _, out _);
        }
    }

    [Property(MaxTest = 1000)]
    public void TypedValues_AnyString_NeverThrow(string? text)
    {
        var value = (text ?? string.Empty).AsSpan();
        _ = SdpCandidate.TryParse(value, out _);
        _ = SdpCrypto.TryParse(value, out _);
        _ = SdpFingerprint.TryParse(value, out var fingerprint);
        fingerprint?.TryGetDigest(out _);
        _ = SdpRtpMap.TryParse(value, out _);
        _ = SdpRtcp.TryParse(value, out _);
        _ = SdpSsrc.TryParse(value, out _);
        _ = SdpSsrcGroup.TryParse(value, out _);
        _ = SdpGroup.TryParse(value, out _);
        _ = SdpOrigin.TryParse(value, out _);
        _ = SdpConnection.TryParse(value, out _);
        _ = SdpBandwidth.TryParse(value, out _);
        _ = SdpTiming.TryParse(value, out _);
        _ = SdpCryptoKey.TryParse(value, out var key);
        key?.TryGetKeySalt(out _);
    }

    /// <summary>Checks a parsed input; returns whether it was compared byte for byte with the input.</summary>
    private static bool CheckParsed(SessionDescription sdp, byte[] input)
    {
        // 1. Written back: byte for byte when the input is in the form the writer reproduces.
        var written = sdp.ToArray();
        var exact = IsReproducible(input);
        if (exact) Assert.Equal(input, written);

        // 2. What was written parses again, equal, and writes the same bytes.
        Assert.True(SessionDescription.TryParse(written, out var again, out var error), error.ToString());
        SdpAssert.Equivalent(sdp, again);
        Assert.Equal(written, again.ToArray());
        Assert.True(SessionDescription.TryParse(sdp.ToString(), out var fromText, out _));
        SdpAssert.Equivalent(sdp, fromText);

        // 3. The canonical form (every line respelled) parses equal and is a fixed point.
        var canonical = sdp.Clone();
        canonical.Normalize();
        var canonicalBytes = canonical.ToArray();
        Assert.True(SessionDescription.TryParse(canonicalBytes, out var reparsed, out error), error.ToString());
        SdpAssert.Equivalent(sdp, reparsed);
        Assert.Equal(canonicalBytes, reparsed.ToArray());

        // 4. The typed helpers never throw on whatever attribute values got through.
        TouchHelpers(sdp);
        return exact;
    }

    private static void TouchHelpers(SessionDescription sdp)
    {
        _ = sdp.Groups;
        _ = sdp.Direction;
        _ = sdp.IceUfrag;
        _ = sdp.IcePwd;
        _ = sdp.IceOptions;
        _ = sdp.IceLite;
        _ = sdp.Fingerprint;
        _ = sdp.Setup;
        foreach (var media in sdp.Media)
        {
            _ = media.RtpMaps;
            _ = media.GetFmtp(96);
            _ = media.GetRtpMap(0);
            _ = media.Direction;
            _ = media.RtcpMux;
            _ = media.Rtcp;
            _ = media.IceUfrag;
            _ = media.IcePwd;
            _ = media.IceOptions;
            _ = media.Candidates;
            _ = media.EndOfCandidates;
            _ = media.Fingerprints;
            _ = media.Fingerprint?.TryGetDigest(out _);
            _ = media.Setup;
            _ = media.Cryptos;
            _ = media.Ssrcs;
            _ = media.SsrcGroups;
            _ = media.Mid;
            _ = media.EffectiveConnection;
            _ = media.IsRejected;
        }
    }

    /// <summary>
    /// Whether the writer reproduces <paramref name="input"/> exactly: one line ending throughout (that of the first
    /// line), a final line ending, no trailing empty line.
    /// </summary>
    private static bool IsReproducible(byte[] input)
    {
        var text = input.AsSpan();
        if (text.IsEmpty || text[^1] != (byte)'\n') return false;
        var firstNewline = text.IndexOf((byte)'\n');
        var crlf = firstNewline > 0 && text[firstNewline - 1] == (byte)'\r';
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != (byte)'\n') continue;
            var hasCr = i > 0 && text[i - 1] == (byte)'\r';
            if (hasCr != crlf) return false;
            var lineStart = i - (hasCr ? 1 : 0);
            if (lineStart == 0 || text[lineStart - 1] == (byte)'\n') return false; // empty line
        }

        return true;
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        var edits = random.Next(1, 5);
        for (var e = 0; e < edits; e++)
        {
            var at = random.Next(bytes.Count + 1);
            switch (random.Next(12))
            {
                case 0:
                    if (at < bytes.Count) bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    if (at < bytes.Count) bytes[at] = InterestingBytes[random.Next(InterestingBytes.Length)];
                    break;
                case 2:
                    bytes.Insert(at, InterestingBytes[random.Next(InterestingBytes.Length)]);
                    break;
                case 3:
                    if (at < bytes.Count) bytes.RemoveAt(at);
                    break;
                case 4:
                    if (bytes.Count > 0) bytes.RemoveRange(at == bytes.Count ? at - 1 : at, Math.Min(random.Next(1, 12), bytes.Count - (at == bytes.Count ? at - 1 : at)));
                    break;
                default:
                    bytes = MutateLines(bytes, random);
                    break;
            }
        }

        return [.. bytes];
    }

    private static List<byte> MutateLines(List<byte> bytes, Random random)
    {
        var text = Encoding.Latin1.GetString([.. bytes]);
        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var lines = text.Split(newline).ToList();
        var at = random.Next(lines.Count);
        switch (random.Next(8))
        {
            case 0:
                lines.RemoveAt(at);
                break;
            case 1:
                lines.Insert(at, lines[random.Next(lines.Count)]);
                break;
            case 2:
                var other = random.Next(lines.Count);
                (lines[at], lines[other]) = (lines[other], lines[at]);
                break;
            case 3:
            case 4:
                lines.Insert(Math.Max(1, at), InterestingLines[random.Next(InterestingLines.Length)]);
                break;
            case 5:
                // Respell: double a space, or add a leading zero after one.
                var line = lines[at];
                var space = line.IndexOf(' ', StringComparison.Ordinal);
                if (space > 0) lines[at] = line.Insert(space, random.Next(2) == 0 ? " " : " 0");
                break;
            case 6:
                return [.. Encoding.Latin1.GetBytes(string.Join(newline, lines)).Take(random.Next(bytes.Count + 1))];
            default:
                return [.. Encoding.Latin1.GetBytes(string.Join(newline == "\r\n" ? "\n" : "\r\n", lines))];
        }

        return [.. Encoding.Latin1.GetBytes(string.Join(newline, lines))];
    }

    private static string Show(byte[] input) =>
        Convert.ToBase64String(input) + " / " + Encoding.Latin1.GetString(input).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
