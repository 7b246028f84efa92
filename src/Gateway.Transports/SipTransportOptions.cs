using Gateway.Core.Transport;

namespace Gateway.Transports;

/// <summary>
/// The transport layer's settings: listeners, limits, certificates and outbound TLS trust. Bound from code
/// (<c>AddUdp(…)</c>, <c>AddTransports(o => …)</c>) or from configuration (<c>AddTransportsFromConfiguration</c>).
/// </summary>
public sealed class SipTransportOptions
{
    /// <summary>The listeners to bind when the transport layer starts.</summary>
    public IList<SipListenerOptions> Listeners { get; } = new List<SipListenerOptions>();

    /// <summary>Connection counts, timeouts and keep-alive.</summary>
    public SipTransportLimits Limits { get; set; } = new();

    /// <summary>The certificate of TLS and WSS listeners that name none of their own.</summary>
    public SipCertificateFiles? Certificate { get; set; }

    /// <summary>
    /// How often a handshake may look at the certificate files' modification times to pick up a renewed
    /// certificate. Default 5 s; <see cref="TimeSpan.Zero"/> checks on every handshake.
    /// </summary>
    public TimeSpan CertificateReloadInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Outbound TLS: how the server is authenticated.</summary>
    public SipTlsClientOptions TlsClient { get; set; } = new();

    /// <summary>Receive loops per UDP socket (each parses and dispatches what it receives). Default: the processor count.</summary>
    public int UdpReceiveLoops { get; set; } = Environment.ProcessorCount;

    /// <summary>Kernel send and receive buffer size asked for each UDP socket, in octets (capped by the OS). Default 4 MiB.</summary>
    public int UdpSocketBufferSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Throws when a setting is invalid.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Limits);
        ArgumentNullException.ThrowIfNull(TlsClient);
        Limits.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(UdpReceiveLoops, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(UdpSocketBufferSize, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(CertificateReloadInterval, TimeSpan.Zero);
        foreach (var listener in Listeners)
        {
            ArgumentNullException.ThrowIfNull(listener);
            listener.Validate();
            if (listener.Protocol.IsSecure())
            {
                var certificate = listener.Certificate ?? Certificate;
                if (certificate is null || string.IsNullOrWhiteSpace(certificate.CertificatePath) || string.IsNullOrWhiteSpace(certificate.KeyPath))
                {
                    throw new InvalidOperationException($"Listener {listener} needs a certificate and key (PEM paths).");
                }
            }
        }
    }
}
