using System.Buffers;
using System.Text;
using Gateway.Media.Sdp;

namespace Gateway.Media.Tests.Sdp;

/// <summary>Every sample under testdata/sdp parses and is written back byte for byte.</summary>
public sealed class SdpCorpusTests
{
    public static TheoryData<string> Files => SdpTestData.Files();

    [Fact]
    public void Corpus_ChecksumsListed_AllFilesPresentAndMatch()
    {
        var sums = SdpTestData.Checksums();
        var files = SdpTestData.AllFiles();
        Assert.Equal(sums.Keys.Order(StringComparer.Ordinal), files);
        foreach (var file in files) Assert.Equal(sums[file], SdpTestData.Sha256(SdpTestData.Read(file)));
        Assert.Equal(46, files.Count(f => f.StartsWith("rfc4317/", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void TryParse_CorpusBytes_RoundTripsByteForByte(string file)
    {
        var bytes = SdpTestData.Read(file);
        Assert.True(SessionDescription.TryParse(bytes, out var sdp, out var error), file + ": " + error);
        Assert.Equal(SdpParseError.None, error);

        Assert.Equal(bytes, sdp.ToArray());
        Assert.Equal(bytes.Length, sdp.GetByteCount());
        var writer = new ArrayBufferWriter<byte>();
        sdp.WriteTo(writer);
        Assert.Equal(bytes, writer.WrittenSpan.ToArray());
        var span = new byte[bytes.Length];
        Assert.True(sdp.TryWrite(span, out var written));
        Assert.Equal(bytes.Length, written);
        Assert.Equal(bytes, span);
        Assert.False(sdp.TryWrite(new byte[bytes.Length - 1], out written));
        Assert.Equal(0, written);
        Assert.Equal(Encoding.UTF8.GetString(bytes), sdp.ToString());
        Assert.Equal("\r\n", sdp.LineEnding);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void TryParse_CorpusString_RoundTripsAndMatchesByteParse(string file)
    {
        var text = Encoding.UTF8.GetString(SdpTestData.Read(file));
        Assert.True(SessionDescription.TryParse(text, out var sdp, out var error), file + ": " + error);
        Assert.Equal(text, sdp.ToString());
        SdpAssert.Equivalent(SessionDescription.Parse(SdpTestData.Read(file)), sdp);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void TryParse_CorpusWithLfOnly_KeepsLf(string file)
    {
        var text = Encoding.UTF8.GetString(SdpTestData.Read(file)).Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.True(SessionDescription.TryParse(text, out var sdp, out var error), file + ": " + error);
        Assert.Equal("\n", sdp.LineEnding);
        Assert.Equal(text, sdp.ToString());

        sdp.Normalize();
        Assert.Equal(SdpTestData.Read(file), sdp.ToArray());
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Normalize_Corpus_CanonicalFormIsTheInput(string file)
    {
        // The corpus is already canonical (single spaces, plain numbers), so forgetting the source text changes nothing.
        var bytes = SdpTestData.Read(file);
        var sdp = SessionDescription.Parse(bytes);
        sdp.Normalize();
        Assert.Equal(bytes, sdp.ToArray());
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Clone_Corpus_WritesTheSameBytesAndIsIndependent(string file)
    {
        var bytes = SdpTestData.Read(file);
        var sdp = SessionDescription.Parse(bytes);
        var copy = sdp.Clone();
        Assert.Equal(bytes, copy.ToArray());
        foreach (var media in copy.Media)
        {
            Assert.Same(copy, media.Session);
            media.Port = 1;
            media.Attributes.Clear();
        }

        copy.Attributes.Clear();
        Assert.Equal(bytes, sdp.ToArray());
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void TryParse_EveryLinePrefix_ParsesOnceTimingReadAndRoundTrips(string file)
    {
        var bytes = SdpTestData.Read(file);
        var timingLine = Encoding.ASCII.GetString(bytes).Split("\r\n").ToList().FindIndex(l => l.StartsWith("t=", StringComparison.Ordinal));
        var end = 0;
        for (var lines = 0; end < bytes.Length; lines++)
        {
            var prefix = bytes.AsSpan(0, end);
            var ok = SessionDescription.TryParse(prefix, out var sdp, out var error);
            Assert.Equal(lines > timingLine, ok);
            if (ok)
            {
                Assert.Equal(prefix.ToArray(), sdp!.ToArray());
            }
            else
            {
                Assert.Equal(lines == 0 ? SdpParseErrorCode.Empty : SdpParseErrorCode.MissingLine, error.Code);
            }

            end += bytes.AsSpan(end).IndexOf((byte)'\n') + 1;
        }
    }

    [Fact]
    public void TryWrite_UnchangedDescription_AllocatesNothing()
    {
        var sdp = SessionDescription.Parse(SdpTestData.Read("browser/chromium-120-offer-audio-video.sdp"));
        var buffer = new byte[8192];
        Assert.True(sdp.TryWrite(buffer, out _));
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++) sdp.TryWrite(buffer, out _);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void TryParse_MissingFinalLineEndingAndTrailingBlankLines_Normalised()
    {
        var bytes = SdpTestData.Read("sip-phone-offer-pcmu-pcma.sdp");
        var text = Encoding.ASCII.GetString(bytes);

        var noFinal = SessionDescription.Parse(text[..^2]);
        Assert.Equal(text, noFinal.ToString());

        var trailing = SessionDescription.Parse(text + "\r\n\r\n");
        Assert.Equal(text, trailing.ToString());
    }

    [Fact]
    public void TryParse_MixedLineEndings_UsesTheFirstLinesEnding()
    {
        var sdp = SessionDescription.Parse("v=0\r\no=- 1 1 IN IP4 192.0.2.1\ns=-\r\nt=0 0\n");
        Assert.Equal("\r\n", sdp.LineEnding);
        Assert.Equal("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n", sdp.ToString());
    }

    [Fact]
    public void TryParse_NonUtf8Bytes_ReadAsLatin1AndWrittenBackUnchanged()
    {
        // s=Caf\xE9 (ISO-8859-1, not valid UTF-8), as an a=charset:ISO-8859-1 description would carry it.
        var bytes = Encoding.Latin1.GetBytes("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=Caf\u00e9\r\nt=0 0\r\na=charset:ISO-8859-1\r\n");
        var sdp = SessionDescription.Parse(bytes);
        Assert.Equal("Caf\u00e9", sdp.SessionName);
        Assert.Equal(bytes, sdp.ToArray());
    }

    [Fact]
    public void TryParse_Utf8SessionName_DecodedAsUtf8()
    {
        var bytes = Encoding.UTF8.GetBytes("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=Caf\u00e9 \u20ac\r\nt=0 0\r\n");
        var sdp = SessionDescription.Parse(bytes);
        Assert.Equal("Caf\u00e9 \u20ac", sdp.SessionName);
        Assert.Equal(bytes, sdp.ToArray());
    }

    [Fact]
    public void TryParse_ToleratedSpelling_KeptUntilTheValueIsReplaced()
    {
        const string Text = "v=0\r\no=-  001 02 IN IP4 192.0.2.1\r\ns=-\r\nc=IN  IP4 192.0.2.1 \r\nb=AS:064\r\nt=0  0\r\nm=audio  049170/2 RTP/AVP  0 8\r\nc=IN IP4  192.0.2.9\r\n";
        var sdp = SessionDescription.Parse(Text);
        Assert.Equal(Text, sdp.ToString());
        Assert.Equal("001", sdp.Origin.SessionId);
        Assert.Equal(2UL, sdp.Origin.SessionVersion);
        Assert.Equal(49170, sdp.Media[0].Port);
        Assert.Equal(2, sdp.Media[0].PortCount);
        Assert.Equal(64UL, sdp.Bandwidths[0].Value);

        sdp.Origin = sdp.Origin with { SessionVersion = 3 };
        sdp.Media[0].Formats.RemoveAt(1);
        Assert.Equal(
            "v=0\r\no=- 001 3 IN IP4 192.0.2.1\r\ns=-\r\nc=IN  IP4 192.0.2.1 \r\nb=AS:064\r\nt=0  0\r\nm=audio 49170/2 RTP/AVP 0\r\nc=IN IP4  192.0.2.9\r\n",
            sdp.ToString());

        sdp.Normalize();
        Assert.Equal(
            "v=0\r\no=- 001 3 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nb=AS:64\r\nt=0 0\r\nm=audio 49170/2 RTP/AVP 0\r\nc=IN IP4 192.0.2.9\r\n",
            sdp.ToString());
    }

    [Fact]
    public void TryParse_AllLineTypes_KeptInGrammarOrder()
    {
        // RFC 8866 §5 example, extended with every optional line type and repeat / zone lines.
        const string Text =
            "v=0\r\n" +
            "o=jdoe 3724394400 3724394405 IN IP4 198.51.100.1\r\n" +
            "s=Call to John Smith\r\n" +
            "i=SDP Offer #1\r\n" +
            "u=http://www.jdoe.example.com/home.html\r\n" +
            "e=Jane Doe <jane@jdoe.example.com>\r\n" +
            "e=j.doe@example.com\r\n" +
            "p=+1 617 555-6011\r\n" +
            "c=IN IP4 198.51.100.1\r\n" +
            "b=CT:128\r\n" +
            "t=3724394400 3724398000\r\n" +
            "r=604800 3600 0 90000\r\n" +
            "r=7d 1h 0 25h\r\n" +
            "t=0 0\r\n" +
            "z=2882844526 -1h 2898848070 0\r\n" +
            "k=prompt\r\n" +
            "a=recvonly\r\n" +
            "a=x-foo:bar baz\r\n" +
            "m=audio 49170 RTP/AVP 0\r\n" +
            "i=voice\r\n" +
            "c=IN IP4 233.252.0.1/127/2\r\n" +
            "c=IN IP6 ff15::101/3\r\n" +
            "b=AS:64\r\n" +
            "b=TIAS:64000\r\n" +
            "k=clear:secret\r\n" +
            "a=x-unknown\r\n" +
            "m=video 51372 RTP/AVP 99\r\n" +
            "a=rtpmap:99 h263-1998/90000\r\n";
        var sdp = SessionDescription.Parse(Text);
        Assert.Equal(Text, sdp.ToString());
        Assert.Equal("SDP Offer #1", sdp.Information);
        Assert.Equal("http://www.jdoe.example.com/home.html", sdp.Uri);
        Assert.Equal(["Jane Doe <jane@jdoe.example.com>", "j.doe@example.com"], sdp.Emails);
        Assert.Equal(["+1 617 555-6011"], sdp.Phones);
        Assert.Equal(new SdpBandwidth("CT", 128), Assert.Single(sdp.Bandwidths));
        Assert.Equal(2, sdp.Timings.Count);
        Assert.Equal(new SdpTiming(3724394400, 3724398000, ["604800 3600 0 90000", "7d 1h 0 25h"]), sdp.Timings[0]);
        Assert.Equal(SdpTiming.Unbounded, sdp.Timings[1]);
        Assert.Equal("2882844526 -1h 2898848070 0", sdp.TimeZoneAdjustments);
        Assert.Equal("prompt", sdp.EncryptionKey);
        Assert.Equal(SdpDirection.RecvOnly, sdp.Direction);
        Assert.Equal(new SdpAttribute("x-foo", "bar baz"), sdp.Attributes[1]);

        var audio = sdp.Media[0];
        Assert.Equal("voice", audio.Information);
        Assert.Equal(new SdpConnection("IN", "IP4", "233.252.0.1", 127, 2), audio.Connections[0]);
        Assert.Equal(new SdpConnection("IN", "IP6", "ff15::101", null, 3), audio.Connections[1]);
        Assert.Equal([new SdpBandwidth("AS", 64), new SdpBandwidth("TIAS", 64000)], audio.Bandwidths);
        Assert.Equal("clear:secret", audio.EncryptionKey);
        Assert.True(Assert.Single(audio.Attributes).IsFlag);
        Assert.Equal(SdpDirection.RecvOnly, audio.Direction); // inherited from the session
    }
}
