using Gateway.Core.Headers;

namespace Gateway.Core.Tests.Headers;

public sealed class SipMediaTypeTests
{
    [Theory]
    // RFC 4475 wsinv.dat, esc01.dat (compact c:), invut.dat, mpart01.dat, regbadct.dat style values.
    [InlineData("application/sdp", "application", "sdp", 0)]
    [InlineData("application/unknownformat", "application", "unknownformat", 0)]
    [InlineData("multipart/mixed;boundary=7a9cbec02ceef655", "multipart", "mixed", 1)]
    [InlineData("text/plain", "text", "plain", 0)]
    [InlineData("application/octet-stream", "application", "octet-stream", 0)]
    [InlineData("  Application/SDP \r\n ", "Application", "SDP", 0)]
    [InlineData("text/html; charset=ISO-8859-4", "text", "html", 1)]
    [InlineData("multipart/signed ; protocol=\"application/pkcs7-signature\" ;\r\n micalg=sha1; boundary=boundary42", "multipart", "signed", 3)]
    [InlineData("application / sdp", "application", "sdp", 0)]
    public void TryParse_Valid_ExposesParts(string value, string type, string subtype, int parameterCount)
    {
        Assert.True(SipMediaType.TryParse(value, out var media));
        Assert.Equal(type, media!.Type);
        Assert.Equal(subtype, media.Subtype);
        Assert.Equal(parameterCount, media.Parameters.Count);
        Assert.Equal(type + "/" + subtype, media.MediaType);
    }

    [Theory]
    [InlineData("")]
    [InlineData("application")]
    [InlineData("application/")]
    [InlineData("/sdp")]
    [InlineData("application/sdp;")]
    [InlineData("application/sdp;;a=b")]
    [InlineData("application/sdp;charset")]
    [InlineData("application/sdp;charset=")]
    [InlineData("application/sdp;a=[::1]")]
    [InlineData("application/sdp;a=\"unterminated")]
    [InlineData("application/sdp, text/plain")]
    [InlineData("application/sdp text")]
    [InlineData("*/*")]
    [InlineData("text/*")]
    [InlineData("application/sdp/x")]
    [InlineData("appli cation/sdp")]
    [InlineData("text/html;\ncharset=utf-8")]
    [InlineData("text/html;charset=\"a\r\nb\"")]
    public void TryParse_Invalid_ReturnsFalse(string value)
    {
        Assert.False(SipMediaType.TryParse(value, out var media));
        Assert.Null(media);
    }

    [Theory]
    [InlineData("application/sdp", true)]
    [InlineData("APPLICATION/Sdp", true)]
    [InlineData("application/sdp;charset=utf-8", true)]
    [InlineData("application/sdpx", false)]
    [InlineData("multipart/mixed;boundary=7a9cbec02ceef655", false)]
    public void IsSdp_MediaType_CaseInsensitive(string value, bool expected)
    {
        Assert.True(SipMediaType.TryParse(value, out var media));
        Assert.Equal(expected, media!.IsSdp);
    }

    [Fact]
    public void Parameters_QuotedValue_KeptRawAndUnquotable()
    {
        Assert.True(SipMediaType.TryParse("multipart/signed;protocol=\"application/pkcs7-signature\"", out var media));
        Assert.Equal("\"application/pkcs7-signature\"", media!.Parameters.GetValue("protocol"));
        Assert.Equal("application/pkcs7-signature", media.Parameters.GetUnquotedValue("PROTOCOL"));
    }

    [Theory]
    [InlineData("application/sdp")]
    [InlineData("multipart/mixed;boundary=7a9cbec02ceef655")]
    [InlineData("text/html ; charset = ISO-8859-4")]
    [InlineData("multipart/signed ; protocol=\"application/pkcs7-signature\" ;\r\n micalg=sha1")]
    public void ToString_RoundTrip_ParsesEqual(string value)
    {
        Assert.True(SipMediaType.TryParse(value, out var media));
        var text = media!.ToString();
        Assert.True(SipMediaType.TryParse(text, out var again));
        Assert.Equal(media.Type, again!.Type);
        Assert.Equal(media.Subtype, again.Subtype);
        Assert.Equal(media.Parameters, again.Parameters);
        Assert.Equal(text, again.ToString());
    }

    [Fact]
    public void ToString_Folded_IsCanonical()
    {
        Assert.True(SipMediaType.TryParse("text/html ; charset =\r\n ISO-8859-4", out var media));
        Assert.Equal("text/html;charset=ISO-8859-4", media!.ToString());
    }

    [Fact]
    public void TryParseList_Semiuri_ParsesFoldedAccept()
    {
        // RFC 4475 semiuri.dat (3.1.1.9) Accept header.
        const string value = "application/sdp, application/pkcs7-mime,\r\n        multipart/mixed, multipart/signed,\r\n        message/sip, message/sipfrag";
        var list = new List<SipMediaType>();
        Assert.True(SipMediaType.TryParseList(value, list));
        Assert.Equal(
            ["application/sdp", "application/pkcs7-mime", "multipart/mixed", "multipart/signed", "message/sip", "message/sipfrag"],
            list.ConvertAll(m => m.MediaType));
    }

    [Theory]
    // RFC 4475 sdp01.dat (3.3.15), transports.dat (3.1.1.10).
    [InlineData("text/nobodyKnowsThis", 1)]
    [InlineData("application/sdp", 1)]
    [InlineData("", 0)]
    [InlineData("*/*", 1)]
    [InlineData("text/*;q=0.5, application/sdp;level=1;q=1, */*;q=0.1", 3)]
    [InlineData("application/sdp;unknownflag", 1)]
    public void TryParseList_ValidAccept_ReturnsRanges(string value, int count)
    {
        var list = new List<SipMediaType>();
        Assert.True(SipMediaType.TryParseList(value, list));
        Assert.Equal(count, list.Count);
    }

    [Theory]
    [InlineData("application/sdp,")]
    [InlineData("application/sdp,,text/plain")]
    [InlineData(",application/sdp")]
    [InlineData("*/sdp")]
    [InlineData("application/sdp; ;q=1")]
    [InlineData("application/sdp text/plain")]
    public void TryParseList_InvalidAccept_ReturnsFalseAndLeavesListUnchanged(string value)
    {
        var list = new List<SipMediaType> { new("text", "plain") };
        Assert.False(SipMediaType.TryParseList(value, list));
        Assert.Single(list);
    }

    [Theory]
    [InlineData("*/*", "application/sdp", true)]
    [InlineData("application/*", "application/sdp", true)]
    [InlineData("APPLICATION/SDP", "application/sdp", true)]
    [InlineData("text/*", "application/sdp", false)]
    [InlineData("text/nobodyKnowsThis", "application/sdp", false)]
    public void Matches_Range_HonoursWildcards(string range, string type, bool expected)
    {
        var list = new List<SipMediaType>();
        Assert.True(SipMediaType.TryParseList(range, list));
        Assert.True(SipMediaType.TryParse(type, out var concrete));
        Assert.Equal(expected, list[0].Matches(concrete!));
    }

    [Fact]
    public void Constructor_BuildsAndSerialises()
    {
        var media = new SipMediaType("application", "sdp");
        Assert.True(media.IsSdp);
        media.Parameters.Add("charset", "utf-8");
        Assert.Equal("application/sdp;charset=utf-8", media.ToString());
        Assert.Throws<ArgumentException>(() => new SipMediaType("app lication", "sdp"));
    }
}
