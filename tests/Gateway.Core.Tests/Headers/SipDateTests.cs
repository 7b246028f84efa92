using Gateway.Core.Headers;

namespace Gateway.Core.Tests.Headers;

public sealed class SipDateTests
{
    [Theory]
    // RFC 4475 mpart01.dat (3.1.1.11).
    [InlineData("Sat, 15 Oct 2005 04:44:56 GMT", 2005, 10, 15, 4, 44, 56)]
    // RFC 3261 §20.17 example.
    [InlineData("Sat, 13 Nov 2010 23:29:00 GMT", 2010, 11, 13, 23, 29, 0)]
    [InlineData("  Thu, 29 Feb 2024 00:00:00 GMT\r\n ", 2024, 2, 29, 0, 0, 0)]
    [InlineData("mon, 31 dec 1999 23:59:59 gmt", 1999, 12, 31, 23, 59, 59)]
    public void TryParse_Valid_ReturnsUtcInstant(string value, int year, int month, int day, int hour, int minute, int second)
    {
        Assert.True(SipDate.TryParse(value, out var date));
        Assert.Equal(new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero), date);
        Assert.Equal(TimeSpan.Zero, date.Offset);
    }

    [Theory]
    // RFC 4475 baddate.dat (3.1.2.12).
    [InlineData("Fri, 01 Jan 2010 16:00:00 EST")]
    [InlineData("Fri, 01 Jan 2010 16:00:00 UTC")]
    [InlineData("Fri, 01 Jan 2010 16:00:00 +0000")]
    [InlineData("Fri, 01 Jan 2010 16:00:00")]
    [InlineData("Fri 01 Jan 2010 16:00:00 GMT")]
    [InlineData("Fri,  1 Jan 2010 16:00:00 GMT")]
    [InlineData("Fri, 1 Jan 2010 16:00:00 GMT")]
    [InlineData("Friday, 01 Jan 2010 16:00:00 GMT")]
    [InlineData("Fri, 01 January 2010 16:00:00 GMT")]
    [InlineData("Fri, 01-Jan-2010 16:00:00 GMT")]
    [InlineData("Fri, 01 Jan 10 16:00:00 GMT")]
    [InlineData("Fri, 30 Feb 2010 16:00:00 GMT")]
    [InlineData("Fri, 01 Jan 2010 24:00:00 GMT")]
    [InlineData("Fri, 01 Jan 2010 16:60:00 GMT")]
    [InlineData("Fri, 01 Jan 2010 16:00:60 GMT")]
    [InlineData("Fri, 01 Jan 0000 16:00:00 GMT")]
    [InlineData("Xyz, 01 Jan 2010 16:00:00 GMT")]
    [InlineData("Fri, 01 Jan 2010 16:00:0a GMT")]
    [InlineData("2010-01-01T16:00:00Z")]
    [InlineData("")]
    public void TryParse_Invalid_ReturnsFalse(string value) =>
        Assert.False(SipDate.TryParse(value, out _));

    [Fact]
    public void Format_Instant_UsesRfc1123Gmt() =>
        Assert.Equal("Sat, 13 Nov 2010 23:29:00 GMT", SipDate.Format(new DateTimeOffset(2010, 11, 14, 1, 29, 0, TimeSpan.FromHours(2))));

    [Theory]
    [InlineData("Sat, 15 Oct 2005 04:44:56 GMT")]
    [InlineData("Thu, 29 Feb 2024 00:00:00 GMT")]
    public void Format_RoundTrip_ParsesEqual(string value)
    {
        Assert.True(SipDate.TryParse(value, out var date));
        var text = SipDate.Format(date);
        Assert.Equal(value, text);
        Assert.True(SipDate.TryParse(text, out var again));
        Assert.Equal(date, again);
    }
}
