using Gateway.Core.Headers;

namespace Gateway.Core.Tests.Headers;

public sealed class SipCSeqTests
{
    [Theory]
    [InlineData("4711 INVITE", 4711u, "INVITE")]
    // RFC 4475 wsinv.dat (3.1.1.1): leading zeros and folding.
    [InlineData("0009\r\n  INVITE", 9u, "INVITE")]
    // RFC 4475 intmeth.dat (3.1.1.2): unusual method token.
    [InlineData("139122385 !interesting-Method0123456789_*+`.%indeed'~", 139122385u, "!interesting-Method0123456789_*+`.%indeed'~")]
    // RFC 4475 esc02.dat (3.1.1.5): % in a method is a token character.
    [InlineData("29344 RE%47IST%45R", 29344u, "RE%47IST%45R")]
    // RFC 4475 ncl.dat / lwsstart.dat style values.
    [InlineData("0 INVITE", 0u, "INVITE")]
    [InlineData("   3923239 OPTIONS", 3923239u, "OPTIONS")]
    [InlineData("1 MESSAGE", 1u, "MESSAGE")]
    [InlineData("2147483647 BYE", 2147483647u, "BYE")]
    [InlineData("00000000000000000000000001 ACK", 1u, "ACK")]
    [InlineData("5\tinvite", 5u, "invite")]
    public void TryParse_Valid_ExposesNumberAndMethod(string value, uint number, string method)
    {
        Assert.True(SipCSeq.TryParse(value, out var cseq));
        Assert.Equal(number, cseq!.Number);
        Assert.Equal(method, cseq.Method);
    }

    [Theory]
    // RFC 4475 scalar02.dat (3.1.2.4) and scalarlg.dat (3.1.2.5).
    [InlineData("36893488147419103232 REGISTER")]
    [InlineData("9292394834772304023312 OPTIONS")]
    [InlineData("2147483648 INVITE")]
    [InlineData("4294967296 INVITE")]
    [InlineData("")]
    [InlineData("INVITE")]
    [InlineData("1")]
    [InlineData("1 ")]
    [InlineData("1INVITE")]
    [InlineData("-1 INVITE")]
    [InlineData("+1 INVITE")]
    [InlineData("1 INV ITE")]
    [InlineData("1 INVITE;x")]
    [InlineData("1 <INVITE>")]
    [InlineData("1\r\nINVITE")]
    [InlineData("１ INVITE")]
    public void TryParse_Invalid_ReturnsFalse(string value)
    {
        Assert.False(SipCSeq.TryParse(value, out var cseq));
        Assert.Null(cseq);
    }

    [Fact]
    public void ToString_Wsinv_IsCanonical() =>
        Assert.Equal("9 INVITE", Parse("0009\r\n  INVITE").ToString());

    [Theory]
    [InlineData("4711 INVITE")]
    [InlineData("0009\r\n  INVITE")]
    [InlineData("139122385 !interesting-Method0123456789_*+`.%indeed'~")]
    [InlineData("2147483647 BYE")]
    public void ToString_RoundTrip_ParsesEqual(string value)
    {
        var cseq = Parse(value);
        var again = Parse(cseq.ToString());
        Assert.Equal(cseq, again);
        Assert.Equal(cseq.GetHashCode(), again.GetHashCode());
    }

    [Fact]
    public void Equals_MethodCase_Differs() =>
        Assert.NotEqual(new SipCSeq(1, "INVITE"), new SipCSeq(1, "invite"));

    [Fact]
    public void Constructor_OutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SipCSeq(2147483648u, "INVITE"));
        Assert.Throws<ArgumentException>(() => new SipCSeq(1, "IN VITE"));
    }

    private static SipCSeq Parse(string value)
    {
        Assert.True(SipCSeq.TryParse(value, out var cseq));
        return cseq!;
    }
}
