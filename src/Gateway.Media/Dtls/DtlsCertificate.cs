using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.OpenSsl;
using Org.BouncyCastle.Security;
using PasswordException = Org.BouncyCastle.OpenSsl.PasswordException;
using Org.BouncyCastle.X509;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;
using BcSignatureAlgorithm = Org.BouncyCastle.Tls.SignatureAlgorithm;

namespace Gateway.Media.Dtls;

/// <summary>
/// The certificate and private key this side presents in DTLS-SRTP handshakes, and its a=fingerprint. WebRTC
/// certificates are self-signed (RFC 8827 §6.5): trust comes from the fingerprint exchanged in the signalled SDP,
/// not from a CA. Generate one at start-up (ECDSA P-256), or load a PEM pair (ECDSA or RSA).
/// </summary>
public sealed class DtlsCertificate
{
    private readonly byte[] _der;
    private readonly DtlsFingerprint _fingerprint;

    private DtlsCertificate(X509Certificate certificate, AsymmetricKeyParameter privateKey)
    {
        Certificate = certificate;
        PrivateKey = privateKey;
        _der = certificate.GetEncoded();
        _fingerprint = DtlsFingerprint.Compute(_der, DtlsHashFunction.Sha256);
        SignatureAlgorithm = privateKey is ECPrivateKeyParameters ? BcSignatureAlgorithm.ecdsa : BcSignatureAlgorithm.rsa;
    }

    /// <summary>The certificate, DER-encoded (what fingerprints are computed over).</summary>
    public ReadOnlySpan<byte> RawData => _der;

    /// <summary>The SHA-256 fingerprint: put <c>a=fingerprint:</c> + <see cref="DtlsFingerprint.ToString"/> in the SDP.</summary>
    public DtlsFingerprint Fingerprint => _fingerprint;

    /// <summary>The subject distinguished name (e.g. "CN=Gateway").</summary>
    public string Subject => Certificate.SubjectDN.ToString();

    /// <summary>Start of the validity period (UTC).</summary>
    public DateTimeOffset NotBefore => new(DateTime.SpecifyKind(Certificate.NotBefore, DateTimeKind.Utc));

    /// <summary>End of the validity period (UTC).</summary>
    public DateTimeOffset NotAfter => new(DateTime.SpecifyKind(Certificate.NotAfter, DateTimeKind.Utc));

    /// <summary>True for an ECDSA key, false for RSA.</summary>
    public bool IsEcdsa => SignatureAlgorithm == BcSignatureAlgorithm.ecdsa;

    internal X509Certificate Certificate { get; }

    internal AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>The TLS SignatureAlgorithm of the key (ecdsa or rsa).</summary>
    internal short SignatureAlgorithm { get; }

    /// <summary>Generates a self-signed ECDSA P-256 certificate "CN=Gateway", valid from a day ago for a year.</summary>
    /// <returns>The certificate.</returns>
    public static DtlsCertificate Generate() => Generate("Gateway", TimeSpan.FromDays(365), TimeProvider.System);

    /// <summary>Generates a self-signed ECDSA P-256 certificate with ecdsa-with-SHA256.</summary>
    /// <param name="commonName">The subject (and issuer) common name.</param>
    /// <param name="validity">How long from now it stays valid.</param>
    /// <param name="timeProvider">The clock for the validity period (valid from one day before now).</param>
    /// <returns>The certificate.</returns>
    public static DtlsCertificate Generate(string commonName, TimeSpan validity, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commonName);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(validity, TimeSpan.Zero);

        var random = new SecureRandom();
        var keyGenerator = new ECKeyPairGenerator();
        keyGenerator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random));
        var keyPair = keyGenerator.GenerateKeyPair();

        var serial = new byte[9];
        RandomNumberGenerator.Fill(serial.AsSpan(1));
        serial[1] = (byte)((serial[1] & 0x7F) | 0x01); // positive, non-zero, 64 bits at most

        var now = timeProvider.GetUtcNow().UtcDateTime;
        var name = new X509Name("CN=" + commonName);
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(new BcBigInteger(1, serial));
        generator.SetIssuerDN(name);
        generator.SetSubjectDN(name);
        generator.SetNotBefore(now.AddDays(-1));
        generator.SetNotAfter(now.Add(validity));
        generator.SetPublicKey(keyPair.Public);
        var certificate = generator.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", keyPair.Private, random));
        return new DtlsCertificate(certificate, keyPair.Private);
    }

    /// <summary>
    /// Loads a certificate and its private key from PEM text: the first CERTIFICATE block, and an unencrypted
    /// "PRIVATE KEY" (PKCS#8), "EC PRIVATE KEY" or "RSA PRIVATE KEY" block. The key must match the certificate.
    /// </summary>
    /// <param name="certificatePem">PEM text holding the certificate (further certificates are ignored).</param>
    /// <param name="privateKeyPem">PEM text holding the private key.</param>
    /// <returns>The certificate.</returns>
    /// <exception cref="InvalidDataException">The PEM is malformed, a block is missing, the key is encrypted or of
    /// an unsupported type, or it does not belong to the certificate.</exception>
    public static DtlsCertificate FromPem(string certificatePem, string privateKeyPem)
    {
        ArgumentNullException.ThrowIfNull(certificatePem);
        ArgumentNullException.ThrowIfNull(privateKeyPem);

        X509Certificate? certificate = null;
        foreach (var item in ReadPemObjects(certificatePem))
        {
            if (item is X509Certificate c)
            {
                certificate = c;
                break;
            }
        }

        AsymmetricKeyParameter? key = null;
        foreach (var item in ReadPemObjects(privateKeyPem))
        {
            key = item switch
            {
                AsymmetricCipherKeyPair pair => pair.Private,
                AsymmetricKeyParameter { IsPrivate: true } k => k,
                _ => null,
            };
            if (key is not null) break;
        }

        if (certificate is null) throw new InvalidDataException("No CERTIFICATE block found in the certificate PEM.");
        if (key is null) throw new InvalidDataException("No unencrypted private key found in the key PEM.");
        if (key is not ECPrivateKeyParameters and not RsaPrivateCrtKeyParameters)
            throw new InvalidDataException($"Unsupported private key type {key.GetType().Name}: use ECDSA or RSA.");
        if (!KeyMatches(certificate.GetPublicKey(), key))
            throw new InvalidDataException("The private key does not belong to the certificate.");
        return new DtlsCertificate(certificate, key);
    }

    /// <summary>Loads a certificate and private key from PEM files (see <see cref="FromPem"/>).</summary>
    /// <param name="certificatePath">Path of the certificate PEM file.</param>
    /// <param name="privateKeyPath">Path of the private key PEM file (may be the same file).</param>
    /// <returns>The certificate.</returns>
    public static DtlsCertificate LoadPemFiles(string certificatePath, string privateKeyPath)
    {
        ArgumentNullException.ThrowIfNull(certificatePath);
        ArgumentNullException.ThrowIfNull(privateKeyPath);
        return FromPem(File.ReadAllText(certificatePath), File.ReadAllText(privateKeyPath));
    }

    /// <summary>Computes the fingerprint with another hash function.</summary>
    /// <param name="hashFunction">The hash function.</param>
    /// <returns>The fingerprint.</returns>
    public DtlsFingerprint GetFingerprint(DtlsHashFunction hashFunction) =>
        hashFunction == DtlsHashFunction.Sha256 ? _fingerprint : DtlsFingerprint.Compute(_der, hashFunction);

    /// <summary>The certificate as a PEM CERTIFICATE block.</summary>
    /// <returns>PEM text.</returns>
    public string ExportCertificatePem() => WritePem(Certificate);

    /// <summary>The private key as an unencrypted PKCS#8 PEM "PRIVATE KEY" block. Keep it secret.</summary>
    /// <returns>PEM text.</returns>
    public string ExportPrivateKeyPem() => WritePem(new Pkcs8Generator(PrivateKey).Generate());

    private static List<object> ReadPemObjects(string pem)
    {
        var items = new List<object>();
        try
        {
            using var reader = new StringReader(pem);
            var pemReader = new PemReader(reader);
            while (pemReader.ReadObject() is { } item)
            {
                items.Add(item);
            }
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException
            or FormatException or PasswordException
            or PemException or InvalidCastException)
        {
            throw new InvalidDataException("Malformed or encrypted PEM: " + e.Message, e);
        }

        return items;
    }

    private static string WritePem(object item)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        var pemWriter = new PemWriter(writer);
        pemWriter.WriteObject(item);
        pemWriter.Writer.Flush();
        return writer.ToString();
    }

    private static bool KeyMatches(AsymmetricKeyParameter publicKey, AsymmetricKeyParameter privateKey) =>
        (publicKey, privateKey) switch
        {
            (ECPublicKeyParameters pub, ECPrivateKeyParameters priv) =>
                pub.Parameters.Equals(priv.Parameters) && pub.Q.Equals(priv.Parameters.G.Multiply(priv.D).Normalize()),
            (RsaKeyParameters pub, RsaPrivateCrtKeyParameters priv) =>
                pub.Modulus.Equals(priv.Modulus) && pub.Exponent.Equals(priv.PublicExponent),
            _ => false,
        };
}
