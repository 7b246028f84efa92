using Gateway.Core.Headers;

namespace Gateway.Core.Tests.Headers;

public sealed class SipContactTests
{
    [Theory]
    [InlineData("*")]
    [InlineData("  *  ")]
    [InlineData("\r\n *")]
    [InlineData("\t*\r\n ")]
    public void IsWildcard_Star_True(string value) => Assert.True(SipContact.IsWildcard(value));

    [Theory]
    [InlineData("")]
    [InlineData("**")]
    [InlineData("* ;expires=0")]
    [InlineData("<sip:*@example.com>")]
    // RFC 4475 esc01.dat (3.1.1.3): a folded Contact that is not a wildcard.
    [InlineData("\r\n  <sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31>")]
    [InlineData("*\r\n")]
    [InlineData("*, <sip:a@example.com>")]
    public void IsWildcard_Other_False(string value) => Assert.False(SipContact.IsWildcard(value));
}
