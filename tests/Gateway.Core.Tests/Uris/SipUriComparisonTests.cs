using Gateway.Core.Uris;

namespace Gateway.Core.Tests.Uris;

public sealed class SipUriComparisonTests
{
    // RFC 3261 §19.1.4: "The URIs within each of the following sets are equivalent".
    [Theory]
    [InlineData("sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp")]
    [InlineData("sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5")]
    [InlineData("sip:carol@chicago.com", "sip:carol@chicago.com;security=on")]
    [InlineData("sip:carol@chicago.com;newparam=5", "sip:carol@chicago.com;security=on")]
    [InlineData("sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com", "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com")]
    [InlineData("sip:alice@atlanta.com?subject=project%20x&priority=urgent", "sip:alice@atlanta.com?priority=urgent&subject=project%20x")]
    public void Equals_Rfc3261EquivalentSets_AreEqual(string a, string b)
    {
        var x = SipUri.Parse(a);
        var y = SipUri.Parse(b);
        Assert.True(x.Equals(y));
        Assert.True(y.Equals(x));
        Assert.Equal(x.GetHashCode(), y.GetHashCode());
    }

    // RFC 3261 §19.1.4: "The URIs within each of the following sets are not equivalent".
    [Theory]
    [InlineData("SIP:ALICE@AtLanTa.CoM;Transport=udp", "sip:alice@AtLanTa.CoM;Transport=UDP")] // different usernames
    [InlineData("sip:bob@biloxi.com", "sip:bob@biloxi.com:5060")] // can resolve to different ports
    [InlineData("sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp")] // different transports
    [InlineData("sip:bob@biloxi.com", "sip:bob@biloxi.com:6000;transport=tcp")] // different port and transport
    [InlineData("sip:carol@chicago.com", "sip:carol@chicago.com?Subject=next%20meeting")] // different header component
    [InlineData("sip:bob@phone21.boxesbybob.com", "sip:bob@192.0.2.4")] // even if that is what it resolves to
    [InlineData("sip:carol@chicago.com;security=on", "sip:carol@chicago.com;security=off")] // intransitivity note
    public void Equals_Rfc3261NotEquivalentSets_AreNotEqual(string a, string b)
    {
        var x = SipUri.Parse(a);
        var y = SipUri.Parse(b);
        Assert.False(x.Equals(y));
        Assert.False(y.Equals(x));
    }

    [Theory]
    [InlineData("sip:alice@atlanta.com", "sips:alice@atlanta.com")]
    [InlineData("sip:alice@atlanta.com", "sip:atlanta.com")]
    [InlineData("sip:alice:pw@atlanta.com", "sip:alice@atlanta.com")]
    [InlineData("sip:alice:pw@atlanta.com", "sip:alice:PW@atlanta.com")]
    [InlineData("sip:alice@atlanta.com;user=phone", "sip:alice@atlanta.com")]
    [InlineData("sip:alice@atlanta.com;ttl=1", "sip:alice@atlanta.com")]
    [InlineData("sip:alice@atlanta.com;method=INVITE", "sip:alice@atlanta.com")]
    [InlineData("sip:alice@atlanta.com;maddr=239.255.255.1", "sip:alice@atlanta.com")]
    [InlineData("sip:alice@atlanta.com;maddr=239.255.255.1", "sip:alice@atlanta.com;maddr=239.255.255.2")]
    [InlineData("sip:alice@atlanta.com;lr", "sip:alice@atlanta.com;lr=on")]
    [InlineData("sip:a%3Bb@atlanta.com", "sip:a;b@atlanta.com")] // escaped reserved character differs from literal
    [InlineData("sip:a%40b@atlanta.com", "sip:a%41b@atlanta.com")]
    [InlineData("sip:alice@atlanta.com?subject=a", "sip:alice@atlanta.com?subject=a&subject=a")]
    [InlineData("sip:alice@atlanta.com?subject=a", "sip:alice@atlanta.com?subject=b")]
    [InlineData("sip:alice@atlanta.com", "tel:+1234")]
    [InlineData("sip:alice@[2001:db8::1]", "sip:alice@[2001:db8::2]")]
    public void Equals_DifferingComponents_AreNotEqual(string a, string b)
    {
        Assert.NotEqual(SipUri.Parse(a), SipUri.Parse(b));
        Assert.NotEqual(SipUri.Parse(b), SipUri.Parse(a));
    }

    [Theory]
    [InlineData("sip:alice@atlanta.com;lr;foo=1", "sip:alice@atlanta.com;foo=1;lr")]
    [InlineData("sip:alice@atlanta.com;maddr=ATLANTA.com", "sip:alice@atlanta.com;maddr=atlanta.com")]
    [InlineData("sip:alice@atlanta.com;%6d%61ddr=x.com", "sip:alice@atlanta.com;maddr=x.com")]
    [InlineData("sip:alice@atlanta.com;user=phone", "sip:alice@atlanta.com;USER=PHONE")]
    [InlineData("sip:a%3bb@atlanta.com", "sip:a%3Bb@atlanta.com")] // hex case in escapes is irrelevant
    [InlineData("sip:%2Aalice@atlanta.com", "sip:*alice@atlanta.com")]
    [InlineData("sip:alice@atlanta.com?Subject=hi", "sip:alice@atlanta.com?subject=h%69")]
    [InlineData("sip:alice@atlanta.com.", "sip:alice@atlanta.com.")]
    public void Equals_EquivalentSpellings_AreEqual(string a, string b)
    {
        var x = SipUri.Parse(a);
        var y = SipUri.Parse(b);
        Assert.Equal(x, y);
        Assert.Equal(x.GetHashCode(), y.GetHashCode());
    }

    [Fact]
    public void Equals_Esc01RequestUri_EqualsSameEscapesOnly()
    {
        var uri = SipUri.Parse("sip:sips%3Auser%40example.com@example.net");
        Assert.Equal(SipUri.Parse("sip:sips%3auser%40example.com@EXAMPLE.net"), uri);
        Assert.Equal(SipUri.Create(SipUriScheme.Sip, "sips:user@example.com", "example.net"), uri);
        Assert.NotEqual(SipUri.Parse("sip:sips:user%40example.com@example.net"), uri);
    }

    [Theory]
    [InlineData("tel:+1-201-555-0123", "tel:+12015550123")]
    [InlineData("tel:+1(201)555.0123", "tel:+1-201-555-0123")]
    [InlineData("tel:7042;phone-context=example.com", "tel:7042;phone-context=EXAMPLE.COM")]
    [InlineData("tel:863-1234;phone-context=+1-914-555", "tel:8631234;phone-context=+1914555")]
    [InlineData("tel:+1234;ext=1;isub=2", "tel:+1234;isub=2;ext=1")]
    [InlineData("tel:*21%23;phone-context=example.com", "tel:*21#;phone-context=example.com")]
    public void Equals_TelEquivalent_AreEqual(string a, string b)
    {
        var x = SipUri.Parse(a);
        var y = SipUri.Parse(b);
        Assert.Equal(x, y);
        Assert.Equal(x.GetHashCode(), y.GetHashCode());
    }

    [Theory]
    [InlineData("tel:+1234", "tel:1234;phone-context=example.com")]
    [InlineData("tel:+1234", "tel:+1235")]
    [InlineData("tel:+1234", "tel:+1234;ext=1")]
    [InlineData("tel:7042;phone-context=example.com", "tel:7042;phone-context=example.org")]
    public void Equals_TelDifferent_AreNotEqual(string a, string b)
    {
        Assert.NotEqual(SipUri.Parse(a), SipUri.Parse(b));
    }

    [Fact]
    public void Equals_OpaqueUris_CompareSchemeCaseInsensitivelyAndTextExactly()
    {
        Assert.Equal(SipUri.Parse("HTTP://www.example.com"), SipUri.Parse("http://www.example.com"));
        Assert.NotEqual(SipUri.Parse("http://www.example.com"), SipUri.Parse("http://WWW.example.com"));
        Assert.NotEqual(SipUri.Parse("http://www.example.com"), SipUri.Parse("https://www.example.com"));
    }

    [Fact]
    public void Equals_NullAndOtherTypes_AreNotEqual()
    {
        var uri = SipUri.Parse("sip:alice@atlanta.com");
        Assert.False(uri.Equals(null));
        Assert.False(uri.Equals("sip:alice@atlanta.com"));
        Assert.True(uri.Equals((object)SipUri.Parse("sip:alice@ATLANTA.com")));
    }
}
