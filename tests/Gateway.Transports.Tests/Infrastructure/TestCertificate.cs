using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Transports.Tests.Infrastructure;

/// <summary>A self-signed ECDSA certificate written as PEM files (certificate and PKCS#8 key), valid for localhost, 127.0.0.1 and ::1.</summary>
internal sealed class TestCertificate
{
    private TestCertificate(string certificatePath, string keyPath, X509Certificate2 certificate)
    {
        CertificatePath = certificatePath;
        KeyPath = keyPath;
        Certificate = certificate;
    }

    public string CertificatePath { get; }

    public string KeyPath { get; }

    public X509Certificate2 Certificate { get; }

    public SipCertificateFiles Files => new() { CertificatePath = CertificatePath, KeyPath = KeyPath };

    public static TestCertificate Create(string directory, string name, string commonName = "localhost")
    {
        Directory.CreateDirectory(directory);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + commonName, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(commonName);
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var certificatePath = Path.Combine(directory, name + ".crt");
        var keyPath = Path.Combine(directory, name + ".key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return new TestCertificate(certificatePath, keyPath, X509CertificateLoader.LoadCertificate(certificate.RawData));
    }

    public static string NewDirectory() => Directory.CreateTempSubdirectory("gateway-transports-tests-").FullName;
}
