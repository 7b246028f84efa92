using Gateway.Core.Headers;

namespace Gateway.Core.Tests.Headers;

public sealed class SipTokenListTests
{
    [Theory]
    [InlineData("INVITE, ACK, CANCEL, OPTIONS, BYE", new[] { "INVITE", "ACK", "CANCEL", "OPTIONS", "BYE" })]
    // RFC 4475 bext01.dat (3.3.5).
    [InlineData("nothingSupportsThis, nothingSupportsThisEither", new[] { "nothingSupportsThis", "nothingSupportsThisEither" })]
    [InlineData("noProxiesSupportThis, norDoAnyProxiesSupportThis", new[] { "noProxiesSupportThis", "norDoAnyProxiesSupportThis" })]
    [InlineData("100rel", new[] { "100rel" })]
    [InlineData("timer,path ,\r\n gruu\t,outbound", new[] { "timer", "path", "gruu", "outbound" })]
    [InlineData("", new string[0])]
    [InlineData("  \r\n ", new string[0])]
    public void TryParse_Valid_ReturnsTokens(string value, string[] expected)
    {
        var list = new List<string>();
        Assert.True(SipTokenList.TryParse(value, list));
        Assert.Equal(expected, list);
    }

    [Theory]
    [InlineData("a,,b")]
    [InlineData("a,")]
    [InlineData(",a")]
    [InlineData(",")]
    [InlineData("a b")]
    [InlineData("a;b")]
    [InlineData("\"a\"")]
    [InlineData("a,\r\nb")]
    [InlineData("INVITE, ACK/2")]
    public void TryParse_Invalid_ReturnsFalseAndLeavesListUnchanged(string value)
    {
        var list = new List<string> { "keep" };
        Assert.False(SipTokenList.TryParse(value, list));
        Assert.Equal(["keep"], list);
    }

    [Theory]
    [InlineData("INVITE, ACK, BYE", "ACK", true)]
    [InlineData("INVITE, ACK, BYE", "ack", false)]
    [InlineData("INVITE,\r\n ACK ,BYE", "ACK", true)]
    [InlineData("100rel, timer", "timer", true)]
    [InlineData("100rel, timer", "time", false)]
    [InlineData("100rel, timer", "Timer", false)]
    [InlineData("", "timer", false)]
    [InlineData("timerx", "timer", false)]
    public void Contains_Token_ComparesOrdinal(string value, string token, bool expected) =>
        Assert.Equal(expected, SipTokenList.Contains(value, token));

    [Fact]
    public void Contains_IgnoreCase_MatchesDifferentCase() =>
        Assert.True(SipTokenList.Contains("100rel, Timer", "timer", StringComparison.OrdinalIgnoreCase));

    [Fact]
    public void Contains_NonToken_False() =>
        Assert.False(SipTokenList.Contains("a b, c", "a b"));

    [Theory]
    [InlineData("INVITE, ACK, CANCEL")]
    [InlineData("timer,path ,\r\n gruu")]
    public void TryParse_RoundTrip_JoinedListParsesEqual(string value)
    {
        var list = new List<string>();
        Assert.True(SipTokenList.TryParse(value, list));
        var again = new List<string>();
        Assert.True(SipTokenList.TryParse(string.Join(", ", list), again));
        Assert.Equal(list, again);
    }
}
