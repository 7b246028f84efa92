using Org.BouncyCastle.Tls;

namespace Gateway.Media.Dtls;

/// <summary>
/// The BouncyCastle DTLS 1.2 server of a DTLS-SRTP handshake: ECDHE cipher suites with AES-GCM, a certificate
/// request (WebRTC authenticates both sides, RFC 5763 §5), use_srtp selection, and fingerprint verification of the
/// client certificate.
/// </summary>
internal sealed class DtlsSrtpServer : DefaultTlsServer
{
    private readonly DtlsSrtpNegotiation _negotiation;
    private UseSrtpData? _selected;

    public DtlsSrtpServer(DtlsSrtpNegotiation negotiation)
        : base(negotiation.Crypto)
    {
        _negotiation = negotiation;
    }

    public override bool IgnoreCorruptDtlsRecords => true;

    public override int GetHandshakeTimeoutMillis() => _negotiation.HandshakeTimeoutMillis;

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        _negotiation.CheckExtendedMasterSecret(clientExtensions is not null && TlsExtensionsUtilities.HasExtendedMasterSecretExtension(clientExtensions));
        _selected = _negotiation.Select(clientExtensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions));
    }

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        var extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetServerExtensions());
        if (_selected is not null) TlsSrtpUtilities.AddUseSrtpExtension(extensions, _selected);
        return extensions;
    }

    public override CertificateRequest GetCertificateRequest()
    {
        short[] types = [ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign];
        var algorithms = TlsUtilities.GetDefaultSupportedSignatureAlgorithms(m_context);
        return new CertificateRequest(types, algorithms, null);
    }

    public override void NotifyClientCertificate(Certificate clientCertificate) => _negotiation.VerifyPeer(clientCertificate);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        _negotiation.ExportKeys(m_context);
    }

    public override void NotifyAlertRaised(short alertLevel, short alertDescription, string message, Exception cause)
    {
        if (alertLevel == AlertLevel.fatal)
            _negotiation.RaisedAlert = AlertDescription.GetText(alertDescription) + (message is null ? "" : ": " + message);
    }

    public override void NotifyAlertReceived(short alertLevel, short alertDescription)
    {
        if (alertLevel == AlertLevel.fatal) _negotiation.ReceivedAlert = alertDescription;
        if (alertDescription == AlertDescription.close_notify) _negotiation.PeerClosed = true;
    }

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() =>
        TlsUtilities.GetSupportedCipherSuites(Crypto, _negotiation.Certificate.IsEcdsa ? DtlsCipherSuites.Ecdsa : DtlsCipherSuites.Rsa);

    protected override TlsCredentialedSigner GetECDsaSignerCredentials() =>
        _negotiation.CreateSigner(m_context, m_context.SecurityParameters.ClientSigAlgs);

    protected override TlsCredentialedSigner GetRsaSignerCredentials() =>
        _negotiation.CreateSigner(m_context, m_context.SecurityParameters.ClientSigAlgs);
}
