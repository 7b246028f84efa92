using System.Text;
using Gateway.Core.Headers;

namespace Gateway.Core.Tests.Headers;

public sealed class SipNumericHeaderTests
{
    [Theory]
    [InlineData("70", 70)]
    // RFC 4475 wsinv.dat (3.1.1.1).
    [InlineData("0068", 68)]
    // RFC 4475 zeromf.dat (3.3.11).
    [InlineData("0", 0)]
    // RFC 4475 intmeth.dat (3.1.1.2) and lwsstart-style spacing.
    [InlineData("255", 255)]
    [InlineData("     70", 70)]
    [InlineData("\r\n 70 \t", 70)]
    [InlineData("000000000000000000000000000255", 255)]
    public void TryParseMaxForwards_Valid_ReturnsValue(string value, int expected)
    {
        Assert.True(SipNumericHeader.TryParseMaxForwards(value, out var chars));
        Assert.Equal(expected, chars);
        Assert.True(SipNumericHeader.TryParseMaxForwards(Encoding.ASCII.GetBytes(value), out var bytes));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    // RFC 4475 scalar02.dat (3.1.2.4).
    [InlineData("300")]
    [InlineData("256")]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("-1")]
    [InlineData("+70")]
    [InlineData("7 0")]
    [InlineData("70;x")]
    [InlineData("0x10")]
    [InlineData("70\r\n")]
    [InlineData("99999999999999999999999999")]
    public void TryParseMaxForwards_Invalid_ReturnsFalse(string value)
    {
        Assert.False(SipNumericHeader.TryParseMaxForwards(value, out _));
        Assert.False(SipNumericHeader.TryParseMaxForwards(Encoding.ASCII.GetBytes(value), out _));
    }

    [Theory]
    [InlineData("3600", 3600L)]
    [InlineData("0", 0L)]
    [InlineData("4294967295", 4294967295L)]
    [InlineData(" 0004294967295\r\n ", 4294967295L)]
    public void TryParseDeltaSeconds_Valid_ReturnsValue(string value, long expected)
    {
        Assert.True(SipNumericHeader.TryParseDeltaSeconds(value, out var chars));
        Assert.Equal(expected, chars);
        Assert.True(SipNumericHeader.TryParseDeltaSeconds(Encoding.ASCII.GetBytes(value), out var bytes));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    // RFC 4475 scalar02.dat (3.1.2.4): Expires and the Contact expires parameter.
    [InlineData("10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("280297596632815")]
    [InlineData("4294967296")]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("3600 s")]
    [InlineData("Thu, 01 Dec 1994 16:00:00 GMT")]
    public void TryParseDeltaSeconds_Invalid_ReturnsFalse(string value)
    {
        Assert.False(SipNumericHeader.TryParseDeltaSeconds(value, out _));
        Assert.False(SipNumericHeader.TryParseDeltaSeconds(Encoding.ASCII.GetBytes(value), out _));
    }

    [Theory]
    [InlineData("0", 0)]
    // RFC 4475 wsinv.dat, mpart01.dat, clerr.dat (framing error is not a syntax error).
    [InlineData("150", 150)]
    [InlineData("553", 553)]
    [InlineData("9999", 9999)]
    [InlineData("2147483647", int.MaxValue)]
    [InlineData("  0", 0)]
    public void TryParseContentLength_Valid_ReturnsValue(string value, int expected)
    {
        Assert.True(SipNumericHeader.TryParseContentLength(value, out var chars));
        Assert.Equal(expected, chars);
        Assert.True(SipNumericHeader.TryParseContentLength(Encoding.ASCII.GetBytes(value), out var bytes));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    // RFC 4475 ncl.dat (3.1.2.3).
    [InlineData("-999")]
    [InlineData("2147483648")]
    [InlineData("")]
    [InlineData("1e3")]
    [InlineData("13, 5")]
    public void TryParseContentLength_Invalid_ReturnsFalse(string value)
    {
        Assert.False(SipNumericHeader.TryParseContentLength(value, out var chars));
        Assert.Equal(0, chars);
        Assert.False(SipNumericHeader.TryParseContentLength(Encoding.ASCII.GetBytes(value), out var bytes));
        Assert.Equal(0, bytes);
    }

    [Fact]
    public void TryParseContentLength_NonAsciiBytes_ReturnsFalse() =>
        Assert.False(SipNumericHeader.TryParseContentLength(new byte[] { 0xB1, (byte)'1' }, out _));
}
