using System.Text;
using Gateway.Core.Headers;

namespace Gateway.Core.Tests.Headers;

public sealed class HeaderSyntaxTests
{
    [Theory]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("1::")]
    [InlineData("2001:db8::9:1")]
    [InlineData("2001:db8:0:0:0:0:0:1")]
    [InlineData("::ffff:192.0.2.10")]
    [InlineData("1:2:3:4:5:6:192.0.2.1")]
    [InlineData("fe80::1:2:3:4:5:6")]
    public void IsIPv6_Valid_True(string value) => Assert.True(HeaderSyntax.IsIPv6(value));

    [Theory]
    [InlineData("")]
    [InlineData(":")]
    [InlineData(":1")]
    [InlineData("1:2")]
    [InlineData("2001:db8:::1")]
    [InlineData("1::2::3")]
    [InlineData("1:2:3:4:5:6:7:8:9")]
    [InlineData("1:2:3:4:5:6:7::8")]
    [InlineData("12345::1")]
    [InlineData("2001:db8::g")]
    [InlineData("1:2:3:4:5:6:7:192.0.2.1")]
    [InlineData("::ffff:192.0.2")]
    [InlineData("[::1]")]
    [InlineData("1:")]
    public void IsIPv6_Invalid_False(string value) => Assert.False(HeaderSyntax.IsIPv6(value));

    [Theory]
    [InlineData("example.com", true)]
    [InlineData("example.com.", true)]
    [InlineData("a", true)]
    [InlineData("a-b.c0", true)]
    [InlineData("192.0.2.1", true)]
    [InlineData("[2001:db8::1]", true)]
    [InlineData("2001:db8::1", false)]
    [InlineData("-a.com", false)]
    [InlineData("a-.com", false)]
    [InlineData("a..com", false)]
    [InlineData("example.123", false)]
    [InlineData("1.2.3.4.5", false)]
    [InlineData("300.1.1.1", false)]
    [InlineData("[]", false)]
    [InlineData(".", false)]
    [InlineData("", false)]
    public void IsHost_Value_MatchesGrammar(string value, bool expected) => Assert.Equal(expected, HeaderSyntax.IsHost(value));

    [Theory]
    [InlineData("  a  ", "a")]
    [InlineData("\r\n a\r\n ", "a")]
    [InlineData("a\r\n", "a\r\n")]
    [InlineData("\r\na", "\r\na")]
    [InlineData(" \t\r\n\t", "")]
    [InlineData("a \r\n b", "a \r\n b")]
    public void TrimLws_Value_RemovesOnlyLinearWhitespace(string value, string expected)
    {
        Assert.Equal(expected, HeaderSyntax.TrimLws(value.AsSpan()).ToString());
        Assert.Equal(expected, Encoding.ASCII.GetString(HeaderSyntax.TrimLws<byte>(Encoding.ASCII.GetBytes(value))));
    }

    [Theory]
    [InlineData("abc", true)]
    [InlineData("a\r\n b\r\n\tc", true)]
    [InlineData("a\r\nb", false)]
    [InlineData("a\nb", false)]
    [InlineData("a\rb", false)]
    [InlineData("a\r\n", false)]
    public void HasOnlyFoldedLineBreaks_Value_DetectsBareBreaks(string value, bool expected) =>
        Assert.Equal(expected, HeaderSyntax.HasOnlyFoldedLineBreaks(value));
}
