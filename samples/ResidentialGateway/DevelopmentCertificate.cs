using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ResidentialGateway;

/// <summary>
/// Makes a self-signed certificate (PEM certificate and key) for the TLS and WSS listeners on first start, when the
/// configured files do not exist yet, so the sample runs out of the box. Browsers will not trust it: for real use,
/// point <c>Gateway:Tls</c> at a certificate from a CA (the transports reload it when the files change).
/// Registered before the transports, so the files exist when the listeners load them.
/// </summary>
internal sealed partial class DevelopmentCertificate : IHostedService
{
    private readonly string? _certificatePath;
    private readonly string? _keyPath;
    private readonly ILogger<DevelopmentCertificate> _logger;

    public DevelopmentCertificate(string? certificatePath, string? keyPath, ILogger<DevelopmentCertificate> logger)
    {
        _certificatePath = certificatePath;
        _keyPath = keyPath;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_certificatePath is null || _keyPath is null || (File.Exists(_certificatePath) && File.Exists(_keyPath))) return Task.CompletedTask;
        Create(_certificatePath, _keyPath);
        Log.Created(_logger, _certificatePath, _keyPath);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static void Create(string certificatePath, string keyPath)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=ResidentialGateway development certificate", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(certificatePath))!);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(keyPath))!);
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
    }

    private static partial class Log
    {
        [LoggerMessage(20, LogLevel.Warning, "No TLS certificate found: created a self-signed development certificate {CertificatePath} (key {KeyPath}); replace it with a real one for production")]
        public static partial void Created(ILogger logger, string certificatePath, string keyPath);
    }
}
