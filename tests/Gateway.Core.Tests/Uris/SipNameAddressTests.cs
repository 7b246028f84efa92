using Gateway.Core.Uris;

namespace Gateway.Core.Tests.Uris;

public sealed class SipNameAddressTests
{
    [Fact]
    public void TryParse_QuotedDisplayNameAndTag_ExposesParts()
    {
        Assert.True(SipNameAddress.TryParse("\"Bell, Alexander\" <sip:a.g.bell@example.com>;tag=433423", out var value));
        Assert.Equal("Bell, Alexander", value!.DisplayName);
        Assert.Equal("sip:a.g.bell@example.com", value.Uri.ToString());
        Assert.Equal("433423", value.Tag);
        Assert.True(value.HasAngleBrackets);
    }

    [Fact]
    public void TryParse_TokenDisplayName_CollapsesWhitespace()
    {
        Assert.True(SipNameAddress.TryParse("Bob   \t Smith <sip:bob@biloxi.com>;tag=a6c85cf", out var value));
        Assert.Equal("Bob Smith", value!.DisplayName);
        Assert.Equal("bob", value.Uri.User);
        Assert.Equal("a6c85cf", value.Tag);
    }

    [Fact]
    public void TryParse_BareAddrSpec_HasNoBrackets()
    {
        Assert.True(SipNameAddress.TryParse("sip:watson@example.com;tag=DkfVgjkrtMwaerKKpe", out var value));
        Assert.Null(value!.DisplayName);
        Assert.False(value.HasAngleBrackets);
        Assert.Equal("watson", value.Uri.User);
        Assert.Equal("DkfVgjkrtMwaerKKpe", value.Tag);
        Assert.Empty(value.Uri.Parameters);
    }

    // RFC 4475 §3.3.12 cparam01: without <> ;unknownparam is a header parameter.
    [Fact]
    public void TryParse_Cparam01_ParameterBelongsToHeader()
    {
        Assert.True(SipNameAddress.TryParse("sip:+19725552222@gw1.example.net;unknownparam", out var value));
        Assert.Empty(value!.Uri.Parameters);
        Assert.True(value.Parameters.Contains("unknownparam"));
        Assert.Equal("+19725552222", value.Uri.User);
    }

    // RFC 4475 §3.3.13 cparam02: inside <> ;unknownparam is a URI parameter.
    [Fact]
    public void TryParse_Cparam02_ParameterBelongsToUri()
    {
        Assert.True(SipNameAddress.TryParse("<sip:+19725552222@gw1.example.net;unknownparam>", out var value));
        Assert.True(value!.Uri.Parameters.Contains("unknownparam"));
        Assert.Empty(value.Parameters);
    }

    // RFC 4475 §3.1.2.13 regbadct: ?headers outside <> are invalid.
    [Fact]
    public void TryParse_RegbadctHeadersWithoutBrackets_Fails()
    {
        Assert.False(SipNameAddress.TryParse("sip:user@example.com?Route=%3Csip:sip.example.com%3E", out var value));
        Assert.Null(value);
    }

    // RFC 4475 §3.3.14 regescrt: ?headers inside <> are fine.
    [Fact]
    public void TryParse_RegescrtHeadersInsideBrackets_Succeeds()
    {
        Assert.True(SipNameAddress.TryParse("<sip:user@example.com?Route=%3Csip:sip.example.com%3E>", out var value));
        Assert.Equal("%3Csip:sip.example.com%3E", value!.Uri.Headers.GetValue("Route"));
    }

    // RFC 4475 §3.1.1.6 lwsdisp.
    [Theory]
    [InlineData("caller<sip:caller@example.com>;tag=323", "caller")]
    [InlineData("\"caller\"<sip:caller@example.com>;tag=323", "caller")]
    public void TryParse_NoSpaceBeforeBracket_Succeeds(string text, string displayName)
    {
        Assert.True(SipNameAddress.TryParse(text, out var value));
        Assert.Equal(displayName, value!.DisplayName);
        Assert.Equal("323", value.Tag);
        Assert.Equal(text, value.ToString());
    }

    // RFC 4475 §3.1.2.14 badaspec.
    [Theory]
    [InlineData("\"Watson, Thomas\" < sip:t.watson@example.org >")]
    [InlineData("<sip:t.watson@example.org >")]
    [InlineData("< sip:t.watson@example.org>")]
    [InlineData("<sip:t.watson @example.org>")]
    public void TryParse_WhitespaceInsideBrackets_Fails(string text)
    {
        Assert.False(SipNameAddress.TryParse(text, out _));
    }

    // RFC 4475 §3.1.2.6 quotbal.
    [Fact]
    public void TryParse_UnterminatedQuote_Fails()
    {
        Assert.False(SipNameAddress.TryParse("\"Mr. J. User <sip:j.user@example.com>", out _));
    }

    // RFC 4475 §3.1.2.15 baddn.
    [Theory]
    [InlineData("Watson, Thomas <sip:t.watson@example.org>")]
    [InlineData("Bell, Alexander <sip:a.g.bell@example.com>;tag=43")]
    public void TryParse_UnquotedDisplayNameWithComma_Fails(string text)
    {
        Assert.False(SipNameAddress.TryParse(text, out _));
        Assert.False(SipNameAddress.TryParseList(text, []));
    }

    // RFC 4475 §3.1.1.2 intmeth: quoted-pairs of control characters, token display name, UTF-8 quoted parameter.
    [Fact]
    public void TryParse_IntmethTo_DecodesQuotedPairs()
    {
        const string Text = "\"BEL:\\\u0007 NUL:\\\0 DEL:\\\u007F\" <sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*@example.com>";
        Assert.True(SipNameAddress.TryParse(Text, out var value));
        Assert.Equal("BEL:\u0007 NUL:\0 DEL:\u007F", value!.DisplayName);
        Assert.Equal("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", value.Uri.User);
        Assert.Equal(Text, value.ToString());
    }

    [Fact]
    public void TryParse_IntmethFrom_KeepsTokenDisplayNameAndUtf8Parameter()
    {
        const string Text = "token1~` token2'+_ token3*%!.- <sip:mundane@example.com>;fromParam''~+*_!.-%=\"\u0440\u0430\u0431\u043e\u0442\u0430\u044e\u0449\u0438\u0439\";tag=_token~1'+`*%!-.";
        Assert.True(SipNameAddress.TryParse(Text, out var value));
        Assert.Equal("token1~` token2'+_ token3*%!.-", value!.DisplayName);
        Assert.Equal("_token~1'+`*%!-.", value.Tag);
        Assert.Equal("\u0440\u0430\u0431\u043e\u0442\u0430\u044e\u0449\u0438\u0439", value.Parameters.GetUnquotedValue("fromParam''~+*_!.-%"));
    }

    // RFC 4475 §3.1.1.1 wsinv: escaped quotes, odd whitespace, folded parameters.
    [Fact]
    public void TryParse_WsinvFrom_DecodesEscapedQuoteAndBackslash()
    {
        Assert.True(SipNameAddress.TryParse("\"J Rosenberg \\\\\\\"\"       <sip:jdrosen@example.com>\r\n  ;\r\n  tag = 98asjd8", out var value));
        Assert.Equal("J Rosenberg \\\"", value!.DisplayName);
        Assert.Equal("98asjd8", value.Tag);
    }

    [Fact]
    public void TryParse_WsinvContact_ParsesFoldedParameters()
    {
        const string Text = "\"Quoted string \\\"\\\"\" <sip:jdrosen@example.com> ; newparam =\r\n      newvalue ;\r\n  secondparam ; q = 0.33";
        Assert.True(SipNameAddress.TryParse(Text, out var value));
        Assert.Equal("Quoted string \"\"", value!.DisplayName);
        Assert.Equal("newvalue", value.Parameters.GetValue("newparam"));
        Assert.True(value.Parameters.Contains("secondparam"));
        Assert.Equal(0.33, value.Q);
    }

    [Fact]
    public void TryParse_WsinvTo_AddrSpecWithSpacedTag()
    {
        Assert.True(SipNameAddress.TryParse("\r\n sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n", out var value));
        Assert.Equal("1918181833n", value!.Tag);
        Assert.Equal("vivekg", value.Uri.User);
    }

    [Fact]
    public void TryParse_FoldedQuotedDisplayName_ReadsFoldAsSpace()
    {
        Assert.True(SipNameAddress.TryParse("\"Alice\r\n  Liddell\" <sip:alice@example.com>", out var value));
        Assert.Equal("Alice Liddell", value!.DisplayName);
    }

    [Fact]
    public void TryParse_EmptyQuotedDisplayName_IsEmptyString()
    {
        Assert.True(SipNameAddress.TryParse("\"\" <sip:alice@example.com>", out var value));
        Assert.Equal(string.Empty, value!.DisplayName);
    }

    // RFC 4475 §3.1.1.5 esc02: a % in a quoted display name is just a character.
    [Fact]
    public void TryParse_Esc02PercentInDisplayName_IsLiteral()
    {
        Assert.True(SipNameAddress.TryParse("\"%Z%45\" <sip:resource@example.com>;tag=f232jadfj23", out var value));
        Assert.Equal("%Z%45", value!.DisplayName);
    }

    // RFC 4475 §3.3.4 unksm2: unknown schemes stay opaque.
    [Theory]
    [InlineData("isbn:2983792873", "isbn")]
    [InlineData("<http://www.example.com>;tag=3234233", "http")]
    [InlineData("<name:John_Smith>", "name")]
    public void TryParse_UnknownSchemes_AreOpaque(string text, string scheme)
    {
        Assert.True(SipNameAddress.TryParse(text, out var value));
        Assert.Equal(SipUriScheme.Other, value!.Uri.Scheme);
        Assert.Equal(scheme, value.Uri.SchemeName);
    }

    [Fact]
    public void TryParse_IPv6Contact_Succeeds()
    {
        Assert.True(SipNameAddress.TryParse("\"T. desk phone\" <sip:ted@[::ffff:192.0.2.2]>", out var value));
        Assert.Equal("T. desk phone", value!.DisplayName);
        Assert.Equal("[::ffff:192.0.2.2]", value.Uri.Host);
        Assert.Equal(SipHostKind.IPv6, value.Uri.HostKind);
    }

    [Fact]
    public void TryParse_RegistrationContact_ExposesConvenienceParameters()
    {
        const string Text = "<sip:alice@192.0.2.5:5060;transport=ws;ob>;expires=3600;q=0.7;+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>\";reg-id=1";
        Assert.True(SipNameAddress.TryParse(Text, out var value));
        Assert.Equal(3600, value!.Expires);
        Assert.Equal(0.7, value.Q);
        Assert.Equal("<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>", value.Instance);
        Assert.Equal(1, value.RegId);
        Assert.Equal("ws", value.Uri.Transport);
        Assert.True(value.Uri.Parameters.Contains("ob"));
        Assert.Equal(Text, value.ToString());
    }

    [Theory]
    [InlineData("<sip:a@b.com>;expires=abc;q=2;reg-id=-1")]
    [InlineData("<sip:a@b.com>;expires;q")]
    [InlineData("<sip:a@b.com>")]
    public void Convenience_MalformedOrAbsent_IsNull(string text)
    {
        var value = SipNameAddress.Parse(text);
        Assert.Null(value.Expires);
        Assert.Null(value.Q);
        Assert.Null(value.RegId);
        Assert.Null(value.Instance);
        Assert.Null(value.Tag);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("<>")]
    [InlineData("<sip:alice@example.com")]
    [InlineData("sip:alice@example.com>")]
    [InlineData("\"Alice\" sip:alice@example.com")]
    [InlineData("Alice")]
    [InlineData("<sip:alice@example.com> junk")]
    [InlineData("<sip:alice@example.com>;")]
    [InlineData("<sip:alice@example.com>;=x")]
    [InlineData("<sip:alice@example.com>;tag=\"open")]
    [InlineData("<sip:alice@example.com>, <sip:bob@example.com>")]
    [InlineData("\"Alice\"\r\n<sip:alice@example.com>x")]
    [InlineData("\"bad\u0001ctl\" <sip:alice@example.com>")]
    [InlineData("\"a\r\nb\" <sip:alice@example.com>")]
    [InlineData("sip:alice@example.com sip:bob@example.com")]
    [InlineData("<sip:alice@example.com><sip:bob@example.com>")]
    public void TryParse_Invalid_Fails(string text)
    {
        Assert.False(SipNameAddress.TryParse(text, out var value));
        Assert.Null(value);
    }

    [Fact]
    public void TryParse_SurroundingWhitespace_IsAllowedAndTrimmedFromText()
    {
        Assert.True(SipNameAddress.TryParse("  <sip:alice@example.com>;tag=1  ", out var value));
        Assert.Equal("<sip:alice@example.com>;tag=1", value!.ToString());
    }

    [Fact]
    public void TryParseList_CommasInsideQuotesAndBrackets_DoNotSplit()
    {
        var list = new List<SipNameAddress>();
        Assert.True(SipNameAddress.TryParseList(
            "\"Bell, Alexander\" <sip:a.g,bell@example.com;x=1>;tag=1 , sip:watson@example.com;q=0.5,<sip:user@example.com?Route=%3Csip:a%2Cb%3E>",
            list));
        Assert.Equal(3, list.Count);
        Assert.Equal("Bell, Alexander", list[0].DisplayName);
        Assert.Equal("a.g,bell", list[0].Uri.User);
        Assert.Equal("\"Bell, Alexander\" <sip:a.g,bell@example.com;x=1>;tag=1", list[0].ToString());
        Assert.Equal(0.5, list[1].Q);
        Assert.Equal("sip:watson@example.com;q=0.5", list[1].ToString());
        Assert.Equal("%3Csip:a%2Cb%3E", list[2].Uri.Headers.GetValue("Route"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("<sip:a@example.com>,")]
    [InlineData(",<sip:a@example.com>")]
    [InlineData("<sip:a@example.com>,,<sip:b@example.com>")]
    [InlineData("<sip:a@example.com>;;,<sip:b@example.com>")] // badinv01-style stray separators
    [InlineData("<sip:a@example.com>, junk")]
    public void TryParseList_Invalid_FailsAndAddsNothing(string text)
    {
        var list = new List<SipNameAddress>();
        Assert.False(SipNameAddress.TryParseList(text, list));
        Assert.Empty(list);
    }

    [Fact]
    public void TryParseOne_StopsAtComma()
    {
        const string Text = "<sip:a@example.com>;tag=1  , <sip:b@example.com>";
        var pos = 0;
        Assert.True(SipNameAddress.TryParseOne(Text, ref pos, out var first));
        Assert.Equal(',', Text[pos]);
        Assert.Equal("<sip:a@example.com>;tag=1", first!.ToString());
        pos++;
        Assert.True(SipNameAddress.TryParseOne(Text, ref pos, out var second));
        Assert.Equal(Text.Length, pos);
        Assert.Equal("b", second!.Uri.User);
    }

    [Theory]
    [InlineData("\"Bell, Alexander\" <sip:a.g.bell@example.com>;tag=433423")]
    [InlineData("Bob <sip:bob@biloxi.com>;tag=a6c85cf")]
    [InlineData("sip:+19725552222@gw1.example.net;unknownparam")]
    [InlineData("<sip:+19725552222@gw1.example.net;unknownparam>")]
    [InlineData("<sip:proxy.example.com;transport=ws;lr>")]
    [InlineData("<tel:+1-201-555-0123>;tag=x")]
    [InlineData("\"T. desk phone\" <sip:ted@[::ffff:192.0.2.2]>")]
    public void ToString_Unchanged_ReturnsOriginal(string text)
    {
        Assert.Equal(text, SipNameAddress.Parse(text).ToString());
    }

    [Fact]
    public void ToString_AfterTagSet_Reserialises()
    {
        var value = SipNameAddress.Parse("Bob   Smith <sip:bob@biloxi.com>");
        value.Tag = "a6c85cf";
        Assert.Equal("Bob Smith <sip:bob@biloxi.com>;tag=a6c85cf", value.ToString());
        value.Tag = null;
        Assert.Equal("Bob Smith <sip:bob@biloxi.com>", value.ToString());
    }

    [Fact]
    public void ToString_AfterDisplayNameSet_QuotesAndEscapes()
    {
        var value = SipNameAddress.Parse("sip:bob@biloxi.com");
        value.DisplayName = "Bob \"The\" \\ Builder";
        Assert.Equal("\"Bob \\\"The\\\" \\\\ Builder\" <sip:bob@biloxi.com>", value.ToString());
        var reparsed = SipNameAddress.Parse(value.ToString());
        Assert.Equal(value.DisplayName, reparsed.DisplayName);
    }

    [Fact]
    public void ToString_AddrSpecGainsUriParameter_AddsBrackets()
    {
        var value = SipNameAddress.Parse("sip:watson@example.com;tag=1");
        value.Uri.IsLooseRouter = true;
        Assert.Equal("<sip:watson@example.com;lr>;tag=1", value.ToString());
        var reparsed = SipNameAddress.Parse(value.ToString());
        Assert.True(reparsed.Uri.IsLooseRouter);
        Assert.Equal("1", reparsed.Tag);
    }

    [Fact]
    public void ToString_UriReplaced_Reserialises()
    {
        var value = SipNameAddress.Parse("<sip:a@example.com>;expires=60");
        value.Uri = SipUri.Parse("sip:b@example.com");
        Assert.Equal("<sip:b@example.com>;expires=60", value.ToString());
        value.Expires = 0;
        value.Q = 0.25;
        Assert.Equal("<sip:b@example.com>;expires=0;q=0.25", value.ToString());
    }

    [Fact]
    public void Constructor_WithDisplayName_Serialises()
    {
        var value = new SipNameAddress(SipUri.Create(SipUriScheme.Sip, "alice", "atlanta.com"), "Alice");
        value.Tag = "1928301774";
        Assert.Equal("\"Alice\" <sip:alice@atlanta.com>;tag=1928301774", value.ToString());
        Assert.Throws<ArgumentException>(() => value.Tag = "bad tag");
    }

    [Fact]
    public void ToString_NulInDisplayName_UsesQuotedPair()
    {
        var value = new SipNameAddress(SipUri.Parse("sip:a@example.com"), "x\0y");
        Assert.Equal("\"x\\\0y\" <sip:a@example.com>", value.ToString());
        Assert.Equal("x\0y", SipNameAddress.Parse(value.ToString()).DisplayName);
    }

    [Fact]
    public void Parse_Invalid_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => SipNameAddress.Parse("Watson, Thomas <sip:t.watson@example.org>"));
    }
}
