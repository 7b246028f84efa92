using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Transports.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Gateway.Transports.Tls;

/// <summary>
/// A server certificate loaded from a PEM certificate file and a PEM key file, reloaded without a restart: a
/// handshake looks at both files' modification times at most once per check interval (on the injected clock) and,
/// when either changed, loads the pair again. A pair that fails to load is logged and the previous one is kept.
/// </summary>
internal sealed class PemCertificateSource
{
    private readonly string _certificatePath;
    private readonly string _keyPath;
    private readonly TimeSpan _checkInterval;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private SslStreamCertificateContext? _current;
    private DateTime _certificateWritten;
    private DateTime _keyWritten;
    private long _lastCheck;

    public PemCertificateSource(SipCertificateFiles files, TimeSpan checkInterval, TimeProvider timeProvider, ILogger logger)
    {
        _certificatePath = Path.GetFullPath(files.CertificatePath);
        _keyPath = Path.GetFullPath(files.KeyPath);
        _checkInterval = checkInterval;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Loads the pair now; throws when it cannot (at listener start, a bad certificate is a configuration error).</summary>
    public void LoadInitial()
    {
        lock (_lock)
        {
            _current = Load(out _certificateWritten, out _keyWritten);
            _lastCheck = _timeProvider.GetTimestamp();
        }
    }

    /// <summary>The certificate to present, reloaded first when the files changed and the check is due.</summary>
    public SslStreamCertificateContext GetContext()
    {
        var current = Volatile.Read(ref _current) ?? throw new InvalidOperationException("The certificate has not been loaded.");
        var now = _timeProvider.GetTimestamp();
        if (_timeProvider.GetElapsedTime(Volatile.Read(ref _lastCheck), now) < _checkInterval) return current;
        lock (_lock)
        {
            if (_timeProvider.GetElapsedTime(_lastCheck, now) < _checkInterval) return _current!;
            _lastCheck = now;
            try
            {
                var certificateWritten = File.GetLastWriteTimeUtc(_certificatePath);
                var keyWritten = File.GetLastWriteTimeUtc(_keyPath);
                if (certificateWritten != _certificateWritten || keyWritten != _keyWritten)
                {
                    _current = Load(out _certificateWritten, out _keyWritten);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
            {
                TransportLog.CertificateLoadFailed(_logger, _certificatePath, _keyPath, e);
            }

            return _current!;
        }
    }

    private SslStreamCertificateContext Load(out DateTime certificateWritten, out DateTime keyWritten)
    {
        certificateWritten = File.GetLastWriteTimeUtc(_certificatePath);
        keyWritten = File.GetLastWriteTimeUtc(_keyPath);
        var leaf = X509Certificate2.CreateFromPemFile(_certificatePath, _keyPath);
        var all = new X509Certificate2Collection();
        all.ImportFromPemFile(_certificatePath);
        var intermediates = new X509Certificate2Collection();
        for (var i = 1; i < all.Count; i++) intermediates.Add(all[i]);
        var context = SslStreamCertificateContext.Create(leaf, intermediates, offline: true);
        TransportLog.CertificateLoaded(_logger, leaf.Subject, leaf.NotAfter, _certificatePath);
        return context;
    }
}
