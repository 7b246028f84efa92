using Gateway.Core.Headers;

namespace Gateway.Core.Tests.Headers;

public sealed class SipWarningTests
{
    [Theory]
    // RFC 3261 §20.43 examples.
    [InlineData("307 isi.edu \"Session parameter 'foo' not understood\"", 307, "isi.edu", "Session parameter 'foo' not understood")]
    [InlineData("301 isi.edu \"Incompatible network address type 'E.164'\"", 301, "isi.edu", "Incompatible network address type 'E.164'")]
    [InlineData("399 192.0.2.1:5060 \"x\"", 399, "192.0.2.1:5060", "x")]
    [InlineData("399 [2001:db8::1]:5060 \"\"", 399, "[2001:db8::1]:5060", "")]
    [InlineData("  370   overture\r\n \"In \\\"Progress\\\"\"  ", 370, "overture", "In \"Progress\"")]
    public void TryParse_Valid_ExposesParts(string value, int code, string agent, string text)
    {
        Assert.True(SipWarning.TryParse(value, out var warning));
        Assert.Equal(code, warning!.Code);
        Assert.Equal(agent, warning.Agent);
        Assert.Equal(text, warning.Text);
    }

    [Theory]
    // RFC 4475 scalarlg.dat (3.1.2.5): four-digit warn-code.
    [InlineData("1812 overture \"In Progress\"")]
    [InlineData("99 overture \"In Progress\"")]
    [InlineData("")]
    [InlineData("399")]
    [InlineData("399 agent")]
    [InlineData("399 agent text")]
    [InlineData("399 agent \"unterminated")]
    [InlineData("399agent \"x\"")]
    [InlineData("399 agent\"x\"")]
    [InlineData("399 agent \"x\" trailing")]
    [InlineData("399 host:99999 \"x\"")]
    [InlineData("399 [::1 \"x\"")]
    [InlineData("399 a@b \"x\"")]
    [InlineData("399 agent \"x\",")]
    public void TryParse_Invalid_ReturnsFalse(string value)
    {
        Assert.False(SipWarning.TryParse(value, out var warning));
        Assert.Null(warning);
    }

    [Theory]
    [InlineData("307 isi.edu \"Session parameter 'foo' not understood\"")]
    [InlineData("370   overture\r\n \"In \\\"Progress\\\" \\\\ ok\"")]
    [InlineData("399 [2001:db8::1]:5060 \"\"")]
    public void ToString_RoundTrip_ParsesEqual(string value)
    {
        Assert.True(SipWarning.TryParse(value, out var warning));
        Assert.True(SipWarning.TryParse(warning!.ToString(), out var again));
        Assert.Equal(warning.Code, again!.Code);
        Assert.Equal(warning.Agent, again.Agent);
        Assert.Equal(warning.Text, again.Text);
    }

    [Fact]
    public void TryParseList_TwoWarnings_ParsesBoth()
    {
        var list = new List<SipWarning>();
        Assert.True(SipWarning.TryParseList("307 isi.edu \"a, b\",\r\n 399 example.com \"c\"", list));
        Assert.Equal(2, list.Count);
        Assert.Equal("a, b", list[0].Text);
        Assert.Equal(399, list[1].Code);
    }

    [Theory]
    [InlineData("307 isi.edu \"a\",")]
    [InlineData("307 isi.edu \"a\",, 399 x \"b\"")]
    [InlineData("1812 overture \"In Progress\"")]
    public void TryParseList_Invalid_ReturnsFalse(string value)
    {
        var list = new List<SipWarning>();
        Assert.False(SipWarning.TryParseList(value, list));
        Assert.Empty(list);
    }

    [Fact]
    public void Constructor_Values_SerialiseWithThreeDigits()
    {
        Assert.Equal("099 gw \"say \\\"hi\\\"\"", new SipWarning(99, "gw", "say \"hi\"").ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => new SipWarning(1812, "gw", "x"));
        Assert.Throws<ArgumentException>(() => new SipWarning(399, "bad agent", "x"));
    }
}
