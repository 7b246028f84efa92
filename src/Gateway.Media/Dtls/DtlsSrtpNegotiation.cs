using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Gateway.Media.Dtls;

/// <summary>
/// What the BouncyCastle client and server peers share: the use_srtp offer and choice (RFC 5764 §4.1), the
/// fingerprint check of the peer certificate (RFC 5763 §5, RFC 8122 §5), the signing credentials, the keying
/// material export (RFC 5764 §4.2), and the first failure, so that it can be reported precisely.
/// </summary>
internal sealed class DtlsSrtpNegotiation
{
    private readonly DtlsSrtpHandshakeOptions _options;
    private readonly DtlsFingerprint[] _acceptedFingerprints;

    public DtlsSrtpNegotiation(DtlsCertificate certificate, DtlsSrtpHandshakeOptions options, BcTlsCrypto crypto)
    {
        Certificate = certificate;
        _options = options;
        Crypto = crypto;
        _acceptedFingerprints = StrongestFingerprints(options.RemoteFingerprints);
    }

    public DtlsCertificate Certificate { get; }

    public BcTlsCrypto Crypto { get; }

    public DtlsRole Role => _options.Role;

    public int HandshakeTimeoutMillis => (int)Math.Ceiling(_options.HandshakeTimeout.TotalMilliseconds);

    public bool RequireExtendedMasterSecret => _options.RequireExtendedMasterSecret;

    /// <summary>Whether the client offers extended_master_secret (always, except in tests of the legacy export).</summary>
    public bool OfferExtendedMasterSecret => _options.OfferExtendedMasterSecret;

    /// <summary>The profile chosen by the server (or accepted by the client).</summary>
    public DtlsSrtpProfile? SelectedProfile { get; private set; }

    /// <summary>The fingerprint the peer certificate matched.</summary>
    public DtlsFingerprint? MatchedFingerprint { get; private set; }

    /// <summary>The keys, once the handshake completed.</summary>
    public DtlsSrtpKeys? Keys { get; private set; }

    /// <summary>The first failure this side detected, if any.</summary>
    public DtlsHandshakeException? Failure { get; private set; }

    /// <summary>The last fatal alert this side raised, with BouncyCastle's message.</summary>
    public string? RaisedAlert { get; set; }

    /// <summary>The fatal alert received from the peer.</summary>
    public short? ReceivedAlert { get; set; }

    /// <summary>True once the peer sent close_notify.</summary>
    public bool PeerClosed { get; set; }

    public UseSrtpData CreateOffer()
    {
        var profiles = new int[_options.SrtpProfiles.Count];
        for (var i = 0; i < profiles.Length; i++)
        {
            profiles[i] = (int)_options.SrtpProfiles[i];
        }

        return new UseSrtpData(profiles, TlsUtilities.EmptyBytes);
    }

    /// <summary>Server side: picks our most preferred profile among those the client offered.</summary>
    public UseSrtpData Select(UseSrtpData? clientOffer)
    {
        if (clientOffer is not null)
        {
            foreach (var profile in _options.SrtpProfiles)
            {
                if (Array.IndexOf(clientOffer.ProtectionProfiles, (int)profile) >= 0)
                {
                    SelectedProfile = profile;
                    return new UseSrtpData([(int)profile], TlsUtilities.EmptyBytes);
                }
            }
        }

        throw Fail(DtlsHandshakeError.NoCommonSrtpProfile, clientOffer is null
            ? "The DTLS client did not offer use_srtp (RFC 5764)."
            : "No SRTP protection profile offered by the DTLS client is enabled here.", AlertDescription.handshake_failure);
    }

    /// <summary>Client side: accepts the server's choice, which must be exactly one of the offered profiles.</summary>
    public void Accept(UseSrtpData? serverChoice)
    {
        if (serverChoice is null)
            throw Fail(DtlsHandshakeError.NoCommonSrtpProfile, "The DTLS server did not accept use_srtp (RFC 5764).", AlertDescription.handshake_failure);
        if (serverChoice.ProtectionProfiles.Length != 1)
            throw Fail(DtlsHandshakeError.NoCommonSrtpProfile, "The DTLS server's use_srtp must name exactly one profile (RFC 5764 §4.1.1).", AlertDescription.illegal_parameter);
        var chosen = (DtlsSrtpProfile)serverChoice.ProtectionProfiles[0];
        var offered = false;
        foreach (var profile in _options.SrtpProfiles)
        {
            offered |= profile == chosen;
        }

        if (!offered)
            throw Fail(DtlsHandshakeError.NoCommonSrtpProfile, $"The DTLS server chose SRTP profile {(int)chosen}, which was not offered.", AlertDescription.illegal_parameter);
        SelectedProfile = chosen;
    }

    /// <summary>Refuses a peer without extended_master_secret (RFC 7627) when the options require it.</summary>
    public void CheckExtendedMasterSecret(bool negotiated)
    {
        if (!negotiated && RequireExtendedMasterSecret)
            throw Fail(DtlsHandshakeError.ExtendedMasterSecretRequired, "The DTLS peer did not negotiate extended_master_secret (RFC 7627).", AlertDescription.handshake_failure);
    }

    /// <summary>Checks the peer's end-entity certificate against the SDP fingerprints.</summary>
    public void VerifyPeer(Certificate? peerCertificate)
    {
        if (peerCertificate is null || peerCertificate.IsEmpty)
            throw Fail(DtlsHandshakeError.PeerCertificateMissing, "The DTLS peer presented no certificate.", AlertDescription.handshake_failure);

        var der = peerCertificate.GetCertificateAt(0).GetEncoded();
        foreach (var fingerprint in _acceptedFingerprints)
        {
            if (fingerprint.Matches(der))
            {
                MatchedFingerprint = fingerprint;
                return;
            }
        }

        var actual = DtlsFingerprint.Compute(der, _acceptedFingerprints[0].HashFunction);
        throw Fail(DtlsHandshakeError.FingerprintMismatch,
            $"The DTLS peer's certificate fingerprint {actual} does not match the SDP a=fingerprint {_acceptedFingerprints[0]}.",
            AlertDescription.bad_certificate);
    }

    /// <summary>Our certificate and key as BouncyCastle signing credentials, for the first usable signature algorithm.</summary>
    public TlsCredentialedSigner CreateSigner(TlsContext context, IList<SignatureAndHashAlgorithm>? peerAlgorithms)
    {
        var signatureAlgorithm = Certificate.SignatureAlgorithm;
        SignatureAndHashAlgorithm? chosen = null;
        if (peerAlgorithms is null)
        {
            chosen = TlsUtilities.GetDefaultSignatureAlgorithm(signatureAlgorithm);
        }
        else
        {
            foreach (var algorithm in peerAlgorithms)
            {
                if (algorithm.Signature != signatureAlgorithm) continue;
                if (algorithm.Hash == HashAlgorithm.sha256)
                {
                    chosen = algorithm;
                    break;
                }

                chosen ??= algorithm;
            }
        }

        if (chosen is null)
            throw Fail(DtlsHandshakeError.ProtocolError, "The DTLS peer accepts no signature algorithm usable with this certificate.", AlertDescription.handshake_failure);

        var chain = new Certificate([Crypto.CreateCertificate(Certificate.Certificate.GetEncoded())]);
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), Crypto, Certificate.PrivateKey, chain, chosen);
    }

    /// <summary>Exports EXTRACTOR-dtls_srtp (RFC 5764 §4.2) once the handshake is complete.</summary>
    public void ExportKeys(TlsContext context)
    {
        if (SelectedProfile is not { } profile)
            throw Fail(DtlsHandshakeError.NoCommonSrtpProfile, "The handshake completed without negotiating use_srtp (RFC 5764).", AlertDescription.handshake_failure);
        if (MatchedFingerprint is null)
            throw Fail(DtlsHandshakeError.PeerCertificateMissing, "The handshake completed without a verified peer certificate.", AlertDescription.handshake_failure);

        var length = 2 * (DtlsSrtpProfiles.KeyLength(profile) + DtlsSrtpProfiles.SaltLength(profile));
        var parameters = context.SecurityParameters;
        byte[] material;
        if (parameters.IsExtendedMasterSecret)
        {
            material = context.ExportKeyingMaterial(ExporterLabel.dtls_srtp, null, length);
        }
        else if (RequireExtendedMasterSecret)
        {
            throw Fail(DtlsHandshakeError.ExtendedMasterSecretRequired, "The DTLS peer did not negotiate extended_master_secret (RFC 7627).", AlertDescription.handshake_failure);
        }
        else
        {
            // RFC 5705 §4 exporter over the legacy master secret, as DTLS-SRTP peers without RFC 7627 compute it.
            var seed = TlsUtilities.CalculateExporterSeed(parameters, null);
            material = TlsUtilities.Prf(parameters, parameters.MasterSecret, ExporterLabel.dtls_srtp, seed, length).Extract();
        }

        Keys = DtlsSrtpKeys.FromKeyingMaterial(profile, Role, material, MatchedFingerprint);
    }

    private TlsFatalAlert Fail(DtlsHandshakeError error, string message, short alert)
    {
        Failure ??= new DtlsHandshakeException(error, message);
        return new TlsFatalAlert(alert, message);
    }

    /// <summary>RFC 8122 §5: use the fingerprints of the strongest hash function the peer offered.</summary>
    private static DtlsFingerprint[] StrongestFingerprints(IReadOnlyList<DtlsFingerprint> fingerprints)
    {
        var strongest = DtlsHashFunction.Sha1;
        foreach (var f in fingerprints)
        {
            if (f.HashFunction > strongest) strongest = f.HashFunction;
        }

        var result = new List<DtlsFingerprint>();
        foreach (var f in fingerprints)
        {
            if (f.HashFunction == strongest) result.Add(f);
        }

        return [.. result];
    }
}
