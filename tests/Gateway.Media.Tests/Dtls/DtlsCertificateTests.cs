using Gateway.Media.Dtls;
using Microsoft.Extensions.Time.Testing;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.OpenSsl;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Gateway.Media.Tests.Dtls;

public sealed class DtlsCertificateTests
{
    [Fact]
    public void Generate_Default_EcdsaSelfSignedWithUppercaseSha256Fingerprint()
    {
        var certificate = DtlsCertificate.Generate();

        Assert.True(certificate.IsEcdsa);
        Assert.Equal("CN=Gateway", certificate.Subject);
        Assert.Equal(DtlsHashFunction.Sha256, certificate.Fingerprint.HashFunction);
        var text = certificate.Fingerprint.ToString();
        Assert.StartsWith("sha-256 ", text, StringComparison.Ordinal);
        var hex = certificate.Fingerprint.HexValue;
        Assert.Equal((32 * 3) - 1, hex.Length);
        Assert.Matches("^([0-9A-F]{2}:){31}[0-9A-F]{2}$", hex);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(certificate.RawData), certificate.Fingerprint.Value.ToArray());
        Assert.NotEqual(DtlsCertificate.Generate().Fingerprint, certificate.Fingerprint);
    }

    [Fact]
    public void Generate_WithTimeProvider_ValidityFollowsClock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var certificate = DtlsCertificate.Generate("relay.example", TimeSpan.FromDays(30), time);

        Assert.Equal("CN=relay.example", certificate.Subject);
        Assert.Equal(new DateTimeOffset(2030, 1, 1, 3, 4, 5, TimeSpan.Zero), certificate.NotBefore);
        Assert.Equal(new DateTimeOffset(2030, 2, 1, 3, 4, 5, TimeSpan.Zero), certificate.NotAfter);
    }

    [Fact]
    public void LoadPemFiles_GeneratedPairWrittenToTempDir_SameFingerprint()
    {
        var original = DtlsCertificate.Generate();
        var dir = Directory.CreateTempSubdirectory("gateway-dtls-");
        try
        {
            var certPath = Path.Combine(dir.FullName, "cert.pem");
            var keyPath = Path.Combine(dir.FullName, "key.pem");
            File.WriteAllText(certPath, original.ExportCertificatePem());
            File.WriteAllText(keyPath, original.ExportPrivateKeyPem());

            var loaded = DtlsCertificate.LoadPemFiles(certPath, keyPath);

            Assert.Equal(original.Fingerprint, loaded.Fingerprint);
            Assert.Equal(original.Fingerprint.ToString(), loaded.Fingerprint.ToString());
            Assert.Equal(original.RawData.ToArray(), loaded.RawData.ToArray());
            Assert.True(loaded.IsEcdsa);
            Assert.Contains("-----BEGIN CERTIFICATE-----", File.ReadAllText(certPath), StringComparison.Ordinal);
            Assert.Contains("-----BEGIN PRIVATE KEY-----", File.ReadAllText(keyPath), StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task FromPem_LoadedCertificate_CompletesHandshake()
    {
        var original = DtlsCertificate.Generate();
        var loaded = DtlsCertificate.FromPem(original.ExportCertificatePem(), original.ExportPrivateKeyPem());
        var client = DtlsCertificate.Generate();
        using var pair = DtlsHandshakePair.Create(loaded, client,
            clientOptions: o => DtlsSrtpHandshakeTests.Copy(o, fingerprints: [original.Fingerprint]));

        var (server, clientKeys) = await pair.RunAsync();

        Assert.Equal((await server).LocalMasterKey.ToArray(), (await clientKeys).RemoteMasterKey.ToArray());
    }

    [Fact]
    public void FromPem_KeyOfAnotherCertificate_Throws()
    {
        var a = DtlsCertificate.Generate();
        var b = DtlsCertificate.Generate();
        var error = Assert.Throws<InvalidDataException>(() => DtlsCertificate.FromPem(a.ExportCertificatePem(), b.ExportPrivateKeyPem()));
        Assert.Contains("does not belong", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a pem at all")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")]
    [InlineData("-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n")]
    public void FromPem_Garbage_ThrowsInvalidData(string pem)
    {
        var good = DtlsCertificate.Generate();
        Assert.Throws<InvalidDataException>(() => DtlsCertificate.FromPem(pem, good.ExportPrivateKeyPem()));
        Assert.Throws<InvalidDataException>(() => DtlsCertificate.FromPem(good.ExportCertificatePem(), pem));
    }

    [Fact]
    public void FromPem_RsaPair_Loads()
    {
        var rsa = CreateRsaCertificate();
        Assert.False(rsa.IsEcdsa);
        Assert.Equal(64, rsa.GetFingerprint(DtlsHashFunction.Sha512).Value.Length);
    }

    private static readonly Lazy<DtlsCertificate> RsaCertificate = new(BuildRsaCertificate);

    /// <summary>An RSA self-signed certificate, written to PEM (traditional "RSA PRIVATE KEY") and loaded back.</summary>
    internal static DtlsCertificate CreateRsaCertificate() => RsaCertificate.Value;

    private static DtlsCertificate BuildRsaCertificate()
    {
        var random = new SecureRandom();
        var generator = new RsaKeyPairGenerator();
        generator.Init(new RsaKeyGenerationParameters(Org.BouncyCastle.Math.BigInteger.ValueOf(65537), random, 1024, 80)); // small: only key generation speed matters here
        var pair = generator.GenerateKeyPair();
        var name = new X509Name("CN=rsa-test");
        var certificateGenerator = new X509V3CertificateGenerator();
        certificateGenerator.SetSerialNumber(Org.BouncyCastle.Math.BigInteger.ValueOf(42));
        certificateGenerator.SetIssuerDN(name);
        certificateGenerator.SetSubjectDN(name);
        certificateGenerator.SetNotBefore(DateTime.UtcNow.AddDays(-1));
        certificateGenerator.SetNotAfter(DateTime.UtcNow.AddDays(1));
        certificateGenerator.SetPublicKey(pair.Public);
        X509Certificate certificate = certificateGenerator.Generate(new Asn1SignatureFactory("SHA256WITHRSA", pair.Private, random));
        return DtlsCertificate.FromPem(ToPem(certificate), ToPem(pair));
    }

    private static string ToPem(object item)
    {
        using var writer = new StringWriter();
        var pem = new PemWriter(writer);
        pem.WriteObject(item);
        return writer.ToString();
    }

}
