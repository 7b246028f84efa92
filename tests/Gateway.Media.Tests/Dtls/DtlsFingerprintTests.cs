using Gateway.Media.Dtls;

namespace Gateway.Media.Tests.Dtls;

public sealed class DtlsFingerprintTests
{
    [Fact]
    public void TryParse_BrowserStyleValue_RoundTripsUppercase()
    {
        var value = "sha-256 " + string.Join(":", Enumerable.Range(0, 32).Select(i => (i * 7 % 256).ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

        Assert.True(DtlsFingerprint.TryParse(value, out var fingerprint));

        Assert.Equal(DtlsHashFunction.Sha256, fingerprint.HashFunction);
        Assert.Equal(value.ToUpperInvariant().Replace("SHA-256", "sha-256", StringComparison.Ordinal), fingerprint.ToString());
    }

    [Theory]
    [InlineData("SHA-1", DtlsHashFunction.Sha1, 20)]
    [InlineData("sha-384", DtlsHashFunction.Sha384, 48)]
    [InlineData("sha-512", DtlsHashFunction.Sha512, 64)]
    public void TryParse_OtherHashFunctions_Parsed(string name, DtlsHashFunction function, int length)
    {
        var value = name + " " + string.Join(":", Enumerable.Repeat("AB", length));
        Assert.True(DtlsFingerprint.TryParse(value, out var fingerprint));
        Assert.Equal(function, fingerprint.HashFunction);
        Assert.Equal(length, fingerprint.Value.Length);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha-256")]
    [InlineData("md5 AB:CD")]
    [InlineData("sha-224 AB")]
    [InlineData("sha-256 AB:CD")]
    [InlineData("sha-1 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:0G")]
    [InlineData("sha-1 AB-CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01")]
    [InlineData("sha-1 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:")]
    public void TryParse_Malformed_Fails(string? value) => Assert.False(DtlsFingerprint.TryParse(value, out _));

    [Fact]
    public void Matches_SameCertificateAnyHash_TrueOtherwiseFalse()
    {
        var certificate = DtlsCertificate.Generate();
        var other = DtlsCertificate.Generate();
        foreach (var function in new[] { DtlsHashFunction.Sha1, DtlsHashFunction.Sha256, DtlsHashFunction.Sha384, DtlsHashFunction.Sha512 })
        {
            var fingerprint = certificate.GetFingerprint(function);
            Assert.Equal(DtlsFingerprint.GetHashLength(function), fingerprint.Value.Length);
            Assert.True(fingerprint.Matches(certificate.RawData));
            Assert.False(fingerprint.Matches(other.RawData));
            Assert.True(DtlsFingerprint.TryParse(fingerprint.ToString(), out var parsed));
            Assert.Equal(fingerprint, parsed);
            Assert.Equal(fingerprint.GetHashCode(), parsed.GetHashCode());
        }
    }

    [Fact]
    public void Create_WrongLength_Throws() =>
        Assert.Throws<ArgumentException>(() => DtlsFingerprint.Create(DtlsHashFunction.Sha256, new byte[20]));
}
