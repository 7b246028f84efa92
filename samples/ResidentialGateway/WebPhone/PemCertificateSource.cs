using System.Security.Cryptography.X509Certificates;

namespace ResidentialGateway.WebPhone;

/// <summary>
/// The HTTPS certificate, loaded from PEM files and loaded again when they change (checked at most every few
/// seconds, on a TLS handshake), as the SIP TLS and WSS listeners do: a renewed certificate needs no restart.
/// </summary>
internal sealed class PemCertificateSource : IDisposable
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(5);

    private readonly string _certificatePath;
    private readonly string _keyPath;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private X509Certificate2 _current;
    private DateTime _certificateWritten;
    private DateTime _keyWritten;
    private long _nextCheck;

    /// <summary>Loads the pair now; throws when the files are missing or do not match.</summary>
    public PemCertificateSource(string certificatePath, string keyPath, TimeProvider time)
    {
        _certificatePath = certificatePath;
        _keyPath = keyPath;
        _time = time;
        _certificateWritten = File.GetLastWriteTimeUtc(certificatePath);
        _keyWritten = File.GetLastWriteTimeUtc(keyPath);
        _current = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        _nextCheck = time.GetTimestamp() + (long)(CheckInterval.TotalSeconds * time.TimestampFrequency);
    }

    /// <summary>The certificate to present: the files' current pair, or the last good one when they cannot be read.</summary>
    public X509Certificate2 Current
    {
        get
        {
            var now = _time.GetTimestamp();
            lock (_lock)
            {
                if (now < _nextCheck) return _current;
                _nextCheck = now + (long)(CheckInterval.TotalSeconds * _time.TimestampFrequency);
                try
                {
                    var certificateWritten = File.GetLastWriteTimeUtc(_certificatePath);
                    var keyWritten = File.GetLastWriteTimeUtc(_keyPath);
                    if (certificateWritten != _certificateWritten || keyWritten != _keyWritten)
                    {
                        // The previous certificate may still be in use by a handshake: it is left to the finalizer.
                        _current = X509Certificate2.CreateFromPemFile(_certificatePath, _keyPath);
                        _certificateWritten = certificateWritten;
                        _keyWritten = keyWritten;
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
                {
                    // Half-written or unreadable files: keep presenting the last good certificate.
                }

                return _current;
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_lock) _current.Dispose();
    }
}
