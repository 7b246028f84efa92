using Org.BouncyCastle.Tls;

namespace Gateway.Media.Dtls;

/// <summary>The client's view of authentication: verify the server certificate's fingerprint, present our own.</summary>
internal sealed class DtlsSrtpClientAuthentication : TlsAuthentication
{
    private readonly DtlsSrtpNegotiation _negotiation;
    private readonly TlsContext _context;

    public DtlsSrtpClientAuthentication(DtlsSrtpNegotiation negotiation, TlsContext context)
    {
        _negotiation = negotiation;
        _context = context;
    }

    public void NotifyServerCertificate(TlsServerCertificate serverCertificate) =>
        _negotiation.VerifyPeer(serverCertificate?.Certificate);

    public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) =>
        _negotiation.CreateSigner(_context, certificateRequest.SupportedSignatureAlgorithms);
}
