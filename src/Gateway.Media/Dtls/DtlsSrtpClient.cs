using Org.BouncyCastle.Tls;

namespace Gateway.Media.Dtls;

/// <summary>
/// The BouncyCastle DTLS 1.2 client of a DTLS-SRTP handshake: offers use_srtp and ECDHE/AES-GCM suites, presents
/// its certificate, and verifies the server certificate against the SDP fingerprint.
/// </summary>
internal sealed class DtlsSrtpClient : DefaultTlsClient
{
    private readonly DtlsSrtpNegotiation _negotiation;

    public DtlsSrtpClient(DtlsSrtpNegotiation negotiation)
        : base(negotiation.Crypto)
    {
        _negotiation = negotiation;
    }

    public override bool IgnoreCorruptDtlsRecords => true;

    public override int GetHandshakeTimeoutMillis() => _negotiation.HandshakeTimeoutMillis;

    public override bool ShouldUseExtendedMasterSecret() => _negotiation.OfferExtendedMasterSecret;

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        var extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetClientExtensions());
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, _negotiation.CreateOffer());
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        _negotiation.CheckExtendedMasterSecret(serverExtensions is not null && TlsExtensionsUtilities.HasExtendedMasterSecretExtension(serverExtensions));
        _negotiation.Accept(serverExtensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions));
    }

    public override TlsAuthentication GetAuthentication() => new DtlsSrtpClientAuthentication(_negotiation, m_context);

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

    protected override int[] GetSupportedCipherSuites() => TlsUtilities.GetSupportedCipherSuites(Crypto, DtlsCipherSuites.Client);
}
