using Gateway.Core.Uris;

namespace Gateway.Core.Tests.Uris;

public sealed class SipUriTests
{
    // RFC 3261 §19.1.3 examples.
    [Theory]
    [InlineData("sip:alice@atlanta.com")]
    [InlineData("sip:alice:secretword@atlanta.com;transport=tcp")]
    [InlineData("sips:alice@atlanta.com?subject=project%20x&priority=urgent")]
    [InlineData("sip:+1-212-555-1212:1234@gateway.com;user=phone")]
    [InlineData("sips:1212@gateway.com")]
    [InlineData("sip:alice@192.0.2.4")]
    [InlineData("sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com")]
    [InlineData("sip:alice;day=tuesday@atlanta.com")]
    public void TryParse_Rfc3261Examples_SucceedsAndRoundTrips(string text)
    {
        Assert.True(SipUri.TryParse(text, out var uri));
        Assert.Equal(text, uri!.ToString());
    }

    [Fact]
    public void Parse_SimpleUri_ExposesComponents()
    {
        var uri = SipUri.Parse("sip:alice@atlanta.com");
        Assert.Equal(SipUriScheme.Sip, uri.Scheme);
        Assert.Equal("sip", uri.SchemeName);
        Assert.Equal("alice", uri.User);
        Assert.Null(uri.Password);
        Assert.Equal("atlanta.com", uri.Host);
        Assert.Equal(SipHostKind.DomainName, uri.HostKind);
        Assert.Null(uri.Port);
        Assert.Empty(uri.Parameters);
        Assert.Empty(uri.Headers);
        Assert.False(uri.IsSecure);
    }

    [Fact]
    public void Parse_PasswordAndTransport_ExposesComponents()
    {
        var uri = SipUri.Parse("sip:alice:secretword@atlanta.com;transport=TCP");
        Assert.Equal("alice", uri.User);
        Assert.Equal("secretword", uri.Password);
        Assert.Equal("tcp", uri.Transport);
        Assert.Equal("TCP", uri.Parameters.GetValue("transport"));
    }

    [Fact]
    public void Parse_EmptyPassword_IsEmptyNotNull()
    {
        var uri = SipUri.Parse("sip:alice:@atlanta.com");
        Assert.Equal(string.Empty, uri.Password);
    }

    [Fact]
    public void Parse_SipsWithHeaders_ExposesHeaders()
    {
        var uri = SipUri.Parse("sips:alice@atlanta.com?subject=project%20x&priority=urgent");
        Assert.Equal(SipUriScheme.Sips, uri.Scheme);
        Assert.True(uri.IsSecure);
        Assert.Equal(2, uri.Headers.Count);
        Assert.Equal("subject", uri.Headers[0].Name);
        Assert.Equal("project%20x", uri.Headers[0].Value);
        Assert.Equal("urgent", uri.Headers.GetValue("priority"));
    }

    [Fact]
    public void Parse_TelephoneSubscriberUser_SplitsPasswordAtColon()
    {
        var uri = SipUri.Parse("sip:+1-212-555-1212:1234@gateway.com;user=phone");
        Assert.Equal("+1-212-555-1212", uri.User);
        Assert.Equal("1234", uri.Password);
        Assert.Equal("gateway.com", uri.Host);
        Assert.Equal("phone", uri.Parameters.GetValue("user"));
    }

    [Fact]
    public void Parse_IPv4Host_IsClassifiedAsIPv4()
    {
        var uri = SipUri.Parse("sip:alice@192.0.2.4");
        Assert.Equal(SipHostKind.IPv4, uri.HostKind);
        Assert.Equal("192.0.2.4", uri.Host);
    }

    [Fact]
    public void Parse_NoUserWithMethodAndHeader_ExposesBoth()
    {
        var uri = SipUri.Parse("sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com");
        Assert.Null(uri.User);
        Assert.Equal("atlanta.com", uri.Host);
        Assert.Equal("REGISTER", uri.Parameters.GetValue("method"));
        Assert.Equal("alice%40atlanta.com", uri.Headers.GetValue("to"));
    }

    [Fact]
    public void Parse_SemicolonInUser_IsPartOfUser()
    {
        var uri = SipUri.Parse("sip:alice;day=tuesday@atlanta.com");
        Assert.Equal("alice;day=tuesday", uri.User);
        Assert.Empty(uri.Parameters);
    }

    // RFC 4475 §3.1.1.9 semiuri.
    [Fact]
    public void Parse_Semiuri_UserHoldsParameterLikeText()
    {
        var uri = SipUri.Parse("sip:user;par=u%40example.net@example.com");
        Assert.Equal("user;par=u@example.net", uri.User);
        Assert.Equal("example.com", uri.Host);
        Assert.Empty(uri.Parameters);
        Assert.Equal("sip:user;par=u%40example.net@example.com", uri.ToString());
    }

    // RFC 4475 §3.1.1.3 esc01.
    [Fact]
    public void Parse_Esc01RequestUri_UnescapesUser()
    {
        var uri = SipUri.Parse("sip:sips%3Auser%40example.com@example.net");
        Assert.Equal(SipUriScheme.Sip, uri.Scheme);
        Assert.Equal("sips:user@example.com", uri.User);
        Assert.Null(uri.Password);
        Assert.Equal("example.net", uri.Host);
    }

    [Fact]
    public void Parse_Esc01EscapedUser_EqualsUnescaped()
    {
        var uri = SipUri.Parse("sip:%75se%72@example.com");
        Assert.Equal("user", uri.User);
        Assert.Equal(SipUri.Parse("sip:user@example.com"), uri);
    }

    [Fact]
    public void Parse_Esc01EscapedSpaces_UnescapesUser()
    {
        Assert.Equal("I have spaces", SipUri.Parse("sip:I%20have%20spaces@example.net").User);
    }

    [Fact]
    public void Parse_Esc01EscapedParameterName_IsLooseRouterAndComparesUnescaped()
    {
        var uri = SipUri.Parse("sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31");
        Assert.Equal("caller", uri.User);
        Assert.True(uri.IsLooseRouter);
        Assert.Equal("%6C%72", uri.Parameters[0].Name);
        Assert.Equal(SipUri.Parse("sip:caller@host5.example.net;lr;name=value%2541"), uri);
        Assert.NotEqual(SipUri.Parse("sip:caller@host5.example.net;lr;name=valueA"), uri);
    }

    // RFC 4475 §3.1.1.4 escnull.
    [Theory]
    [InlineData("sip:null-%00-null@example.com", "null-\0-null")]
    [InlineData("sip:%00@host5.example.com", "\0")]
    [InlineData("sip:%00%00@host5.example.com", "\0\0")]
    public void Parse_EscapedNul_KeepsNulInUser(string text, string user)
    {
        var uri = SipUri.Parse(text);
        Assert.Equal(user, uri.User);
        Assert.Equal(text, uri.ToString());
    }

    [Fact]
    public void Parse_EscapedNul_DistinctUsersAreNotEqual()
    {
        Assert.NotEqual(SipUri.Parse("sip:%00@host5.example.com"), SipUri.Parse("sip:%00%00@host5.example.com"));
    }

    // RFC 4475 §3.1.1.2 intmeth Request-URI: ? ; , / in the user, password with & = + $ ,.
    [Fact]
    public void Parse_IntmethRequestUri_SplitsUserAndPassword()
    {
        const string Text = "sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com";
        var uri = SipUri.Parse(Text);
        Assert.Equal("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", uri.User);
        Assert.Equal("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)", uri.Password);
        Assert.Equal("example.com", uri.Host);
        Assert.Empty(uri.Headers);
        Assert.Equal(Text, uri.ToString());
    }

    [Fact]
    public void Parse_WsinvRouteParameters_KeepsUnknownParameters()
    {
        var uri = SipUri.Parse("sip:services.example.com;lr;unknownwith=value;unknown-no-value");
        Assert.True(uri.IsLooseRouter);
        Assert.Equal("value", uri.Parameters.GetValue("unknownwith"));
        Assert.True(uri.Parameters.TryGetValue("unknown-no-value", out var flag));
        Assert.Null(flag);
    }

    // RFC 4475 §3.1.2.11 escruri: the headers component parses; rejecting it in a Request-URI is the caller's job.
    [Fact]
    public void Parse_EscruriHeaders_ParsesHeadersComponent()
    {
        var uri = SipUri.Parse("sip:user@example.com?Route=%3Csip:example.com%3E");
        Assert.Equal("%3Csip:example.com%3E", uri.Headers.GetValue("Route"));
    }

    [Fact]
    public void Parse_RegescrtHeaders_ParsesHeadersComponent()
    {
        var uri = SipUri.Parse("sip:user@example.com?Route=%3Csip:sip.example.com%3E");
        Assert.Equal("user", uri.User);
        Assert.Single(uri.Headers);
    }

    // RFC 5118 IPv6 examples.
    [Theory]
    [InlineData("sip:[2001:db8::10]", null, "[2001:db8::10]", null)]
    [InlineData("sip:[2001:db8::10]:5070", null, "[2001:db8::10]", 5070)]
    [InlineData("sip:[2001:db8::10:5070]", null, "[2001:db8::10:5070]", null)]
    [InlineData("sip:caller@[2001:db8::1]", "caller", "[2001:db8::1]", null)]
    [InlineData("sip:ted@[::ffff:192.0.2.2]", "ted", "[::ffff:192.0.2.2]", null)]
    [InlineData("sip:user@[::ffff:192.0.2.10]", "user", "[::ffff:192.0.2.10]", null)]
    [InlineData("sip:user@[2001:db8::192.0.2.1]", "user", "[2001:db8::192.0.2.1]", null)]
    [InlineData("sip:user@[2001:db8:::192.0.2.1]", "user", "[2001:db8:::192.0.2.1]", null)]
    [InlineData("sip:caller@[2001:db8::9:1]", "caller", "[2001:db8::9:1]", null)]
    [InlineData("sip:[::1]:5060;transport=tcp", null, "[::1]", 5060)]
    [InlineData("sip:[1:2:3:4:5:6:7:8]", null, "[1:2:3:4:5:6:7:8]", null)]
    public void Parse_IPv6Host_KeepsBracketsAndPort(string text, string? user, string host, int? port)
    {
        Assert.True(SipUri.TryParse(text, out var uri));
        Assert.Equal(user, uri!.User);
        Assert.Equal(host, uri.Host);
        Assert.Equal(SipHostKind.IPv6, uri.HostKind);
        Assert.Equal(port, uri.Port);
        Assert.Equal(text, uri.ToString());
    }

    [Fact]
    public void Equals_IPv6DifferentSpelling_AreEqual()
    {
        Assert.Equal(SipUri.Parse("sip:user@[2001:DB8:0::10]"), SipUri.Parse("sip:user@[2001:db8::10]"));
        Assert.Equal(SipUri.Parse("sip:user@[2001:db8:::192.0.2.1]"), SipUri.Parse("sip:user@[2001:db8::192.0.2.1]"));
        Assert.Equal(
            SipUri.Parse("sip:user@[2001:DB8:0::10]").GetHashCode(),
            SipUri.Parse("sip:user@[2001:db8::10]").GetHashCode());
    }

    [Theory]
    [InlineData("sip:2001:db8::10")] // RFC 5118 §4.2 ipv6-bad
    [InlineData("sip:[2001:db8::10")]
    [InlineData("sip:[2001:db8::10]x")]
    [InlineData("sip:[]")]
    [InlineData("sip:[2001:db8::10::1]")]
    [InlineData("sip:[1:2:3:4:5:6:7:8:9]")]
    [InlineData("sip:[1:2:3:4:5:6:7]")]
    [InlineData("sip:[12345::1]")]
    [InlineData("sip:[2001:db8:::1]")]
    [InlineData("sip:[::ffff:192.0.2.256]")]
    [InlineData("sip:[:1]")]
    [InlineData("sip:[1:]")]
    [InlineData("sip:[fe80::1%eth0]")]
    public void TryParse_InvalidIPv6_Fails(string text)
    {
        Assert.False(SipUri.TryParse(text, out var uri));
        Assert.Null(uri);
    }

    [Theory]
    [InlineData("sip:1.2.3.4.example.com", SipHostKind.DomainName)]
    [InlineData("sip:example.com.", SipHostKind.DomainName)]
    [InlineData("sip:host_1.example.com", SipHostKind.DomainName)]
    [InlineData("sip:a-b.c", SipHostKind.DomainName)]
    [InlineData("sip:192.0.2.1", SipHostKind.IPv4)]
    [InlineData("sip:255.255.255.255:5060", SipHostKind.IPv4)]
    [InlineData("sip:0.0.0.0", SipHostKind.IPv4)]
    [InlineData("sip:host.123", SipHostKind.DomainName)]
    [InlineData("sip:localhost", SipHostKind.DomainName)]
    public void Parse_Host_IsClassified(string text, SipHostKind kind)
    {
        Assert.Equal(kind, SipUri.Parse(text).HostKind);
    }

    [Theory]
    [InlineData("sip:256.1.1.1")]
    [InlineData("sip:1.2.3")]
    [InlineData("sip:1.2.3.4.5")]
    [InlineData("sip:1.2.3.4.")]
    [InlineData("sip:example..com")]
    [InlineData("sip:.example.com")]
    [InlineData("sip:-example.com")]
    [InlineData("sip:example-.com")]
    [InlineData("sip:exa mple.com")]
    [InlineData("sip:exa%41mple.com")]
    [InlineData("sip:user@")]
    [InlineData("sip:")]
    [InlineData("sip:@example.com")]
    [InlineData("sip:user@host@host")]
    [InlineData("sip:user@example.com:")]
    [InlineData("sip:user@example.com:65536")]
    [InlineData("sip:user@example.com:123456")]
    [InlineData("sip:user@example.com:50a")]
    [InlineData("sip:us er@example.com")]
    [InlineData("sip:user%@example.com")]
    [InlineData("sip:user%4@example.com")]
    [InlineData("sip:user%GG@example.com")]
    [InlineData("sip:<user>@example.com")]
    [InlineData("sip:user@example.com>")]
    [InlineData("sip:user@example.com;")]
    [InlineData("sip:user@example.com;=x")]
    [InlineData("sip:user@example.com;a=")]
    [InlineData("sip:user@example.com;a=%zz")]
    [InlineData("sip:user@example.com;a b")]
    [InlineData("sip:user@example.com?")]
    [InlineData("sip:user@example.com?a")]
    [InlineData("sip:user@example.com?=b")]
    [InlineData("sip:user@example.com?a=b&")]
    [InlineData("sip:user@example.com?a=b c")]
    [InlineData("sip:user:pa@ss@example.com")]
    [InlineData(" sip:user@example.com")]
    [InlineData("sip:user@example.com ")]
    [InlineData("<sip:user@example.com>")]
    [InlineData("sip user@example.com")]
    [InlineData("user@example.com")]
    [InlineData("1sip:user@example.com")]
    [InlineData(":user@example.com")]
    [InlineData("")]
    public void TryParse_InvalidSipUri_Fails(string text)
    {
        Assert.False(SipUri.TryParse(text, out var uri));
        Assert.Null(uri);
    }

    [Fact]
    public void Parse_Invalid_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => SipUri.Parse("sip:2001:db8::10"));
    }

    [Fact]
    public void Parse_UpperCaseScheme_IsSip()
    {
        var uri = SipUri.Parse("SIP:ALICE@AtLanTa.CoM;Transport=udp");
        Assert.Equal(SipUriScheme.Sip, uri.Scheme);
        Assert.Equal("SIP", uri.SchemeName);
        Assert.Equal("ALICE", uri.User);
        Assert.Equal("udp", uri.Transport);
    }

    [Theory]
    [InlineData("tel:+1-201-555-0123", "+1-201-555-0123")]
    [InlineData("tel:+12015550123", "+12015550123")]
    [InlineData("tel:7042;phone-context=example.com", "7042")]
    [InlineData("tel:863-1234;phone-context=+1-914-555", "863-1234")]
    [InlineData("tel:+1-201-555-0123;ext=1234", "+1-201-555-0123")]
    [InlineData("tel:*21#;phone-context=example.com", "*21#")]
    [InlineData("tel:*21%23;phone-context=example.com", "*21#")]
    [InlineData("TEL:+(1)201.555.0123", "+(1)201.555.0123")]
    public void Parse_TelUri_ExposesNumber(string text, string number)
    {
        var uri = SipUri.Parse(text);
        Assert.Equal(SipUriScheme.Tel, uri.Scheme);
        Assert.Equal(number, uri.User);
        Assert.Equal(string.Empty, uri.Host);
        Assert.Null(uri.Port);
        Assert.Equal(text, uri.ToString());
    }

    [Fact]
    public void Parse_TelUriWithParameters_ExposesParameters()
    {
        var uri = SipUri.Parse("tel:863-1234;phone-context=+1-914-555;ext=22");
        Assert.Equal("+1-914-555", uri.Parameters.GetValue("phone-context"));
        Assert.Equal("22", uri.Parameters.GetValue("ext"));
    }

    [Theory]
    [InlineData("tel:")]
    [InlineData("tel:+")]
    [InlineData("tel:+1-x")]
    [InlineData("tel:+1 201")]
    [InlineData("tel:---")]
    [InlineData("tel:+1234?subject=x")]
    [InlineData("tel:+1234@example.com")]
    [InlineData("tel:+12+34")]
    public void TryParse_InvalidTel_Fails(string text)
    {
        Assert.False(SipUri.TryParse(text, out _));
    }

    [Theory]
    [InlineData("nobodyKnowsThisScheme:totallyopaquecontent", "nobodyKnowsThisScheme", "totallyopaquecontent")]
    [InlineData("soap.beep://192.0.2.103:3002", "soap.beep", "//192.0.2.103:3002")]
    [InlineData("http://www.example.com", "http", "//www.example.com")]
    [InlineData("mailto:alice@example.com?subject=hi%20there", "mailto", "alice@example.com?subject=hi%20there")]
    [InlineData("isbn:2983792873", "isbn", "2983792873")]
    [InlineData("name:John_Smith", "name", "John_Smith")]
    [InlineData("urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6", "urn", "uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6")]
    [InlineData("x+y-z.w:a;b=c", "x+y-z.w", "a;b=c")]
    public void Parse_UnknownScheme_KeepsOpaqueText(string text, string scheme, string opaque)
    {
        var uri = SipUri.Parse(text);
        Assert.Equal(SipUriScheme.Other, uri.Scheme);
        Assert.Equal(scheme, uri.SchemeName);
        Assert.Equal(opaque, uri.Opaque);
        Assert.Null(uri.User);
        Assert.Equal(string.Empty, uri.Host);
        Assert.Equal(text, uri.ToString());
    }

    [Theory]
    [InlineData("foo:")]
    [InlineData("foo:a b")]
    [InlineData("foo:a<b")]
    [InlineData("foo:a\"b")]
    [InlineData("foo:a%2")]
    [InlineData("fo_o:abc")]
    [InlineData("foo:caf\u00e9")]
    public void TryParse_InvalidOpaque_Fails(string text)
    {
        Assert.False(SipUri.TryParse(text, out _));
    }

    [Fact]
    public void Setters_OnOpaqueUri_Throw()
    {
        var uri = SipUri.Parse("http://www.example.com");
        Assert.Throws<InvalidOperationException>(() => uri.Host = "example.com");
        Assert.Throws<InvalidOperationException>(() => uri.User = "x");
        Assert.Throws<InvalidOperationException>(() => uri.Port = 1);
    }

    [Fact]
    public void ToString_Unchanged_ReturnsOriginalText()
    {
        const string Text = "sip:%61lice@AtLanTa.CoM:05060;Transport=TCP;lr?Subject=x";
        var uri = SipUri.Parse(Text);
        Assert.Equal(Text, uri.ToString());
        Assert.Same(uri.ToString(), uri.ToString());
    }

    [Fact]
    public void ToString_AfterHostChange_KeepsEscapedUserAsWritten()
    {
        var uri = SipUri.Parse("sip:a%3Bb%61@example.com;lr");
        uri.Host = "example.org";
        Assert.Equal("sip:a%3Bb%61@example.org;lr", uri.ToString());
    }

    [Fact]
    public void User_Set_EscapesOnlyWhatMust()
    {
        var uri = SipUri.Parse("sip:alice@example.com");
        uri.User = "sips:user@example.com";
        Assert.Equal("sip:sips%3Auser%40example.com@example.com", uri.ToString());
        uri.User = "user;par=u@example.net";
        Assert.Equal("sip:user;par=u%40example.net@example.com", uri.ToString());
        uri.User = "I have spaces%";
        Assert.Equal("sip:I%20have%20spaces%25@example.com", uri.ToString());
        uri.User = "null-\0-null";
        Assert.Equal("sip:null-%00-null@example.com", uri.ToString());
        uri.User = "caf\u00e9";
        Assert.Equal("sip:caf%C3%A9@example.com", uri.ToString());
        Assert.Equal("caf\u00e9", SipUri.Parse(uri.ToString()).User);
        uri.User = null;
        Assert.Equal("sip:example.com", uri.ToString());
    }

    [Fact]
    public void Password_Set_EscapesAndSerialises()
    {
        var uri = SipUri.Parse("sip:alice@example.com");
        uri.Password = "p@ss:word";
        Assert.Equal("sip:alice:p%40ss%3Aword@example.com", uri.ToString());
        Assert.Equal("p@ss:word", SipUri.Parse(uri.ToString()).Password);
    }

    [Fact]
    public void Setters_Mutated_ReparseEqualsMutated()
    {
        var uri = SipUri.Parse("sip:alice@atlanta.com;transport=tcp?subject=x");
        uri.User = "bob smith";
        uri.Host = "2001:db8::1";
        uri.Port = 5070;
        uri.Transport = "ws";
        uri.IsLooseRouter = true;
        uri.MAddr = "192.0.2.1";
        uri.Parameters.Set("foo", "bar");
        uri.Headers.Add("priority", "urgent");
        var text = uri.ToString();
        Assert.Equal("sip:bob%20smith@[2001:db8::1]:5070;transport=ws;lr;maddr=192.0.2.1;foo=bar?subject=x&priority=urgent", text);
        var reparsed = SipUri.Parse(text);
        Assert.Equal(uri, reparsed);
        Assert.Equal(SipHostKind.IPv6, reparsed.HostKind);
        Assert.Equal("192.0.2.1", reparsed.MAddr);
    }

    [Fact]
    public void Parameters_EditedInPlace_InvalidatesCachedText()
    {
        var uri = SipUri.Parse("sip:proxy.example.com;lr");
        Assert.Equal("sip:proxy.example.com;lr", uri.ToString());
        uri.Parameters.Remove("lr");
        Assert.Equal("sip:proxy.example.com", uri.ToString());
        uri.Headers.Set("Subject", "hi");
        Assert.Equal("sip:proxy.example.com?Subject=hi", uri.ToString());
    }

    [Fact]
    public void Create_RecordRoute_SerialisesWithTransportAndLr()
    {
        var uri = SipUri.Create(SipUriScheme.Sip, null, "proxy.example.com");
        uri.Transport = "ws";
        uri.IsLooseRouter = true;
        Assert.Equal("sip:proxy.example.com;transport=ws;lr", uri.ToString());
        Assert.Equal(SipUri.Parse("sip:proxy.example.com;transport=WS;lr"), uri);
    }

    [Fact]
    public void Create_WithUserAndPort_Serialises()
    {
        Assert.Equal("sips:alice@example.com:5061", SipUri.Create(SipUriScheme.Sips, "alice", "example.com", 5061).ToString());
        Assert.Equal("sip:[2001:db8::10]:5070", SipUri.Create(SipUriScheme.Sip, null, "2001:db8::10", 5070).ToString());
        Assert.Equal("sip:[2001:db8::10]", SipUri.Create(SipUriScheme.Sip, null, "[2001:db8::10]").ToString());
        Assert.Equal("tel:+1-201-555-0123", SipUri.Create(SipUriScheme.Tel, "+1-201-555-0123", string.Empty).ToString());
    }

    [Fact]
    public void Create_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentException>(() => SipUri.Create(SipUriScheme.Sip, null, "bad host"));
        Assert.Throws<ArgumentException>(() => SipUri.Create(SipUriScheme.Sip, null, string.Empty));
        Assert.Throws<ArgumentOutOfRangeException>(() => SipUri.Create(SipUriScheme.Sip, null, "example.com", 70000));
        Assert.Throws<ArgumentException>(() => SipUri.Create(SipUriScheme.Tel, "abc-x", string.Empty));
        Assert.Throws<ArgumentException>(() => SipUri.Create(SipUriScheme.Tel, "+1", "example.com"));
        Assert.Throws<ArgumentException>(() => SipUri.Create(SipUriScheme.Other, null, "example.com"));
    }

    [Fact]
    public void IsLooseRouter_SetFalse_RemovesEscapedLr()
    {
        var uri = SipUri.Parse("sip:p.example.com;%6C%72;x=1");
        uri.IsLooseRouter = false;
        Assert.Equal("sip:p.example.com;x=1", uri.ToString());
    }

    [Fact]
    public void Clone_IsEqualButIndependent()
    {
        var uri = SipUri.Parse("sip:alice@example.com;lr");
        var copy = uri.Clone();
        copy.Parameters.Remove("lr");
        Assert.True(uri.IsLooseRouter);
        Assert.False(copy.IsLooseRouter);
    }
}
