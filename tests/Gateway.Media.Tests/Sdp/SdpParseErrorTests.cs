using System.Text;
using Gateway.Media.Sdp;

namespace Gateway.Media.Tests.Sdp;

/// <summary>Malformed descriptions fail with the right code, on the right line, without throwing.</summary>
public sealed class SdpParseErrorTests
{
    private const string Head = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\n";
    private const string Valid = Head + "t=0 0\r\n";

    public static TheoryData<string, string, SdpParseErrorCode, int> Cases => new()
    {
        { "nothing", "", SdpParseErrorCode.Empty, 0 },
        { "only line breaks", "\r\n\n\r\n", SdpParseErrorCode.Empty, 0 },
        { "starts with o=", "o=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n", SdpParseErrorCode.MissingVersion, 1 },
        { "starts with garbage", "hello\r\n", SdpParseErrorCode.MissingVersion, 1 },
        { "starts with a BOM", "\uFEFF" + Valid, SdpParseErrorCode.MissingVersion, 1 },
        { "starts with an unknown letter", "x=0\r\n", SdpParseErrorCode.MissingVersion, 1 },
        { "version 1", "v=1\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n", SdpParseErrorCode.UnsupportedVersion, 1 },
        { "version with space", "v=0 \r\n", SdpParseErrorCode.UnsupportedVersion, 1 },
        { "line without =", Valid + "a\r\n", SdpParseErrorCode.InvalidLine, 5 },
        { "space before =", Valid + "a =sendrecv\r\n", SdpParseErrorCode.InvalidLine, 5 },
        { "empty line in the middle", "v=0\r\n\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n", SdpParseErrorCode.EmptyLine, 2 },
        { "NUL in a value", Head.Replace("s=-", "s=a\0b", StringComparison.Ordinal) + "t=0 0\r\n", SdpParseErrorCode.InvalidCharacter, 3 },
        { "lone CR in a value", Valid + "a=x\ry\r\n", SdpParseErrorCode.InvalidCharacter, 5 },
        { "unknown letter x", Valid + "x=whatever\r\n", SdpParseErrorCode.UnknownLineType, 5 },
        { "upper-case letter", Valid + "A=sendrecv\r\n", SdpParseErrorCode.UnknownLineType, 5 },
        { "o= missing", "v=0\r\ns=-\r\nt=0 0\r\n", SdpParseErrorCode.UnexpectedLine, 2 },
        { "s= missing", "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\nt=0 0\r\n", SdpParseErrorCode.UnexpectedLine, 3 },
        { "second s=", Head + "s=again\r\nt=0 0\r\n", SdpParseErrorCode.UnexpectedLine, 4 },
        { "second v=", Valid + "v=0\r\n", SdpParseErrorCode.UnexpectedLine, 5 },
        { "c= after t=", Valid + "c=IN IP4 192.0.2.1\r\n", SdpParseErrorCode.UnexpectedLine, 5 },
        { "a= before t=", Head + "a=sendrecv\r\nt=0 0\r\n", SdpParseErrorCode.UnexpectedLine, 4 },
        { "m= before t=", Head + "m=audio 1 RTP/AVP 0\r\n", SdpParseErrorCode.UnexpectedLine, 4 },
        { "two session c=", Head + "c=IN IP4 192.0.2.1\r\nc=IN IP4 192.0.2.2\r\nt=0 0\r\n", SdpParseErrorCode.UnexpectedLine, 5 },
        { "e= after p=", Head + "p=+1 555\r\ne=a@example.com\r\nt=0 0\r\n", SdpParseErrorCode.UnexpectedLine, 5 },
        { "r= after a=", Valid + "a=x\r\nr=7d 1h 0 25h\r\n", SdpParseErrorCode.UnexpectedLine, 6 },
        { "media c= after a=", Valid + "m=audio 1 RTP/AVP 0\r\na=sendrecv\r\nc=IN IP4 192.0.2.1\r\n", SdpParseErrorCode.UnexpectedLine, 7 },
        { "media i= after c=", Valid + "m=audio 1 RTP/AVP 0\r\nc=IN IP4 192.0.2.1\r\ni=late\r\n", SdpParseErrorCode.UnexpectedLine, 7 },
        { "t= in media", Valid + "m=audio 1 RTP/AVP 0\r\nt=0 0\r\n", SdpParseErrorCode.UnexpectedLine, 6 },
        { "ends after v=", "v=0\r\n", SdpParseErrorCode.MissingLine, 2 },
        { "ends after o=", "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n", SdpParseErrorCode.MissingLine, 3 },
        { "t= missing", Head, SdpParseErrorCode.MissingLine, 4 },
        { "origin with five fields", "v=0\r\no=- 1 1 IN IP4\r\ns=-\r\nt=0 0\r\n", SdpParseErrorCode.MalformedOrigin, 2 },
        { "origin with seven fields", "v=0\r\no=- 1 1 IN IP4 a b\r\ns=-\r\nt=0 0\r\n", SdpParseErrorCode.MalformedOrigin, 2 },
        { "origin version not numeric", "v=0\r\no=- 1 x IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n", SdpParseErrorCode.MalformedOrigin, 2 },
        { "origin id not numeric", "v=0\r\no=- 1a 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n", SdpParseErrorCode.MalformedOrigin, 2 },
        { "origin version overflows", "v=0\r\no=- 1 18446744073709551616 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n", SdpParseErrorCode.MalformedOrigin, 2 },
        { "connection without address", Head + "c=IN IP4\r\nt=0 0\r\n", SdpParseErrorCode.MalformedConnection, 4 },
        { "connection TTL over 255", Head + "c=IN IP4 233.252.0.1/256\r\nt=0 0\r\n", SdpParseErrorCode.MalformedConnection, 4 },
        { "connection count zero", Head + "c=IN IP4 233.252.0.1/127/0\r\nt=0 0\r\n", SdpParseErrorCode.MalformedConnection, 4 },
        { "IP6 connection with TTL and count", Head + "c=IN IP6 ff15::101/3/2\r\nt=0 0\r\n", SdpParseErrorCode.MalformedConnection, 4 },
        { "media connection empty address", Valid + "m=audio 1 RTP/AVP 0\r\nc=IN IP4 /3\r\n", SdpParseErrorCode.MalformedConnection, 6 },
        { "bandwidth without colon", Head + "b=AS64\r\nt=0 0\r\n", SdpParseErrorCode.MalformedBandwidth, 4 },
        { "bandwidth not numeric", Head + "b=AS:lots\r\nt=0 0\r\n", SdpParseErrorCode.MalformedBandwidth, 4 },
        { "bandwidth without type", Valid + "m=audio 1 RTP/AVP 0\r\nb=:64\r\n", SdpParseErrorCode.MalformedBandwidth, 6 },
        { "timing with one field", Head + "t=0\r\n", SdpParseErrorCode.MalformedTiming, 4 },
        { "timing not numeric", Head + "t=now later\r\n", SdpParseErrorCode.MalformedTiming, 4 },
        { "media without protocol", Valid + "m=audio 5004\r\n", SdpParseErrorCode.MalformedMedia, 5 },
        { "media type not a token", Valid + "m=au(dio 5004 RTP/AVP 0\r\n", SdpParseErrorCode.MalformedMedia, 5 },
        { "media protocol with empty part", Valid + "m=audio 5004 RTP//AVP 0\r\n", SdpParseErrorCode.MalformedMedia, 5 },
        { "media format not a token", Valid + "m=audio 5004 RTP/AVP 0 \"8\"\r\n", SdpParseErrorCode.MalformedMedia, 5 },
        { "port not numeric", Valid + "m=audio port RTP/AVP 0\r\n", SdpParseErrorCode.InvalidPort, 5 },
        { "port negative", Valid + "m=audio -1 RTP/AVP 0\r\n", SdpParseErrorCode.InvalidPort, 5 },
        { "port too large", Valid + "m=audio 65536 RTP/AVP 0\r\n", SdpParseErrorCode.InvalidPort, 5 },
        { "port count zero", Valid + "m=audio 5004/0 RTP/AVP 0\r\n", SdpParseErrorCode.InvalidPort, 5 },
        { "attribute without name", Valid + "a=\r\n", SdpParseErrorCode.MalformedAttribute, 5 },
        { "attribute with empty name", Valid + "a=:value\r\n", SdpParseErrorCode.MalformedAttribute, 5 },
        { "attribute name with space", Valid + "m=audio 1 RTP/AVP 0\r\na=rtp map:0 PCMU/8000\r\n", SdpParseErrorCode.MalformedAttribute, 6 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TryParse_Malformed_FailsWithCodeAndLine(string name, string text, SdpParseErrorCode code, int line)
    {
        Assert.False(SessionDescription.TryParse(text, out var sdp, out var error), name);
        Assert.Null(sdp);
        Assert.Equal(code, error.Code);
        Assert.Equal(line, error.LineNumber);
        Assert.True(error.IsError);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));

        // The byte overload agrees, and the LF-only spelling fails the same way.
        Assert.False(SessionDescription.TryParse(Encoding.UTF8.GetBytes(text), out _, out var byteError));
        Assert.Equal(error, byteError);
        Assert.False(SessionDescription.TryParse(text.Replace("\r\n", "\n", StringComparison.Ordinal), out _, out var lfError));
        Assert.Equal(code, lfError.Code);
        Assert.Throws<FormatException>(() => SessionDescription.Parse(text));
    }

    [Fact]
    public void TryParse_UnexpectedLine_MessageNamesWhatWasExpected()
    {
        Assert.False(SessionDescription.TryParse(Head + "a=sendrecv\r\nt=0 0\r\n", out _, out var error));
        Assert.Equal("'a=' is not allowed after 's=' at session level; expected one of i= u= e= p= c= b= t= (RFC 8866 §9 order).", error.Message);
        Assert.Equal("UnexpectedLine at line 4: " + error.Message, error.ToString());
    }

    [Fact]
    public void TryParse_LoneSurrogateInString_InvalidCharacter()
    {
        Assert.False(SessionDescription.TryParse(Head + "t=0 0\r\na=x:\ud800\r\n", out _, out var error));
        Assert.Equal(SdpParseErrorCode.InvalidCharacter, error.Code);
        Assert.Equal(5, error.LineNumber);
        Assert.True(SessionDescription.TryParse(Head + "t=0 0\r\na=x:\ud83d\ude00\r\n", out var sdp, out _));
        Assert.Equal("\ud83d\ude00", sdp.Attributes[0].Value);
    }

    [Fact]
    public void TryParse_LongerThanMaxLength_TooLarge()
    {
        var text = Valid + new string('a', SessionDescription.MaxLength);
        Assert.False(SessionDescription.TryParse(text, out _, out var error));
        Assert.Equal(SdpParseErrorCode.TooLarge, error.Code);
        Assert.False(SessionDescription.TryParse(Encoding.ASCII.GetBytes(text), out _, out error));
        Assert.Equal(SdpParseErrorCode.TooLarge, error.Code);

        // Just under the bound still parses (a long attribute value).
        var fits = Valid + "a=x:" + new string('a', SessionDescription.MaxLength - Valid.Length - 6) + "\r\n";
        Assert.Equal(SessionDescription.MaxLength, fits.Length);
        Assert.True(SessionDescription.TryParse(Encoding.ASCII.GetBytes(fits), out _, out error), error.ToString());
    }

    [Fact]
    public void TryParse_NullString_Empty()
    {
        Assert.False(SessionDescription.TryParse((string?)null, out _, out var error));
        Assert.Equal(SdpParseErrorCode.Empty, error.Code);
        Assert.Equal("OK", SdpParseError.None.ToString());
        Assert.False(SdpParseError.None.IsError);
    }

    [Fact]
    public void TryParse_Lenient_AcceptedForms()
    {
        // s= may be empty (RFC 4317 does it); m= without formats; unknown attributes; a=name: with an empty value.
        var sdp = SessionDescription.Parse("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=\nt=0 0\na=x-foo:\nm=application 9 UDP/DTLS/SCTP\na=x-bar\n");
        Assert.Equal(string.Empty, sdp.SessionName);
        Assert.Empty(sdp.Media[0].Formats);
        Assert.Equal(new SdpAttribute("x-foo", ""), sdp.Attributes[0]);
        Assert.False(sdp.Attributes[0].IsFlag);
        Assert.True(sdp.Media[0].Attributes[0].IsFlag);
    }
}
