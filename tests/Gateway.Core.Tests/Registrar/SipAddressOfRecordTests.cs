using Gateway.Core.Registrar;
using Gateway.Core.Uris;

namespace Gateway.Core.Tests.Registrar;

public sealed class SipAddressOfRecordTests
{
    [Theory]
    [InlineData("sip:alice@example.com", "sip:alice@example.com")]
    [InlineData("sip:Alice@EXAMPLE.COM", "sip:alice@example.com")]
    [InlineData("sips:alice@example.com", "sip:alice@example.com")]
    [InlineData("sip:alice@example.com:5060", "sip:alice@example.com")]
    [InlineData("sip:alice:secret@example.com;transport=tcp;user=phone?subject=x", "sip:alice@example.com")]
    [InlineData("sip:%61lice@example.com", "sip:alice@example.com")]
    [InlineData("sip:+1-555-1234@example.com;user=phone", "sip:+1-555-1234@example.com")]
    [InlineData("sip:bob@[2001:DB8:0::10]:5060", "sip:bob@[2001:db8::10]")]
    [InlineData("sip:example.com", "sip:example.com")]
    [InlineData("sip:alice@192.0.2.1", "sip:alice@192.0.2.1")]
    public void TryNormalize_SipUri_CanonicalForm(string uri, string expected)
    {
        Assert.True(SipAddressOfRecord.TryNormalize(SipUri.Parse(uri), out var aor));
        Assert.Equal(expected, aor);
        Assert.True(SipAddressOfRecord.TryNormalize(uri, out var fromText));
        Assert.Equal(expected, fromText);
    }

    [Theory]
    [InlineData("tel:+15551234")]
    [InlineData("mailto:alice@example.com")]
    public void TryNormalize_NonSipUri_False(string uri)
    {
        Assert.False(SipAddressOfRecord.TryNormalize(SipUri.Parse(uri), out var aor));
        Assert.Null(aor);
        Assert.Throws<ArgumentException>(() => SipAddressOfRecord.Normalize(SipUri.Parse(uri)));
    }

    [Fact]
    public void TryNormalize_Garbage_False()
    {
        Assert.False(SipAddressOfRecord.TryNormalize("not a uri", out _));
    }
}
