namespace Gateway.Core.Media;

/// <summary>SDP names and properties of <see cref="MediaTransportProtocol"/>.</summary>
public static class MediaTransportProtocolExtensions
{
    /// <summary>The SDP token (<c>RTP/AVP</c>, <c>UDP/TLS/RTP/SAVPF</c>, …), or <see langword="null"/> for <see cref="MediaTransportProtocol.Unchanged"/>.</summary>
    public static string? ToSdpName(this MediaTransportProtocol protocol) => protocol switch
    {
        MediaTransportProtocol.RtpAvp => "RTP/AVP",
        MediaTransportProtocol.RtpSavp => "RTP/SAVP",
        MediaTransportProtocol.RtpAvpf => "RTP/AVPF",
        MediaTransportProtocol.RtpSavpf => "RTP/SAVPF",
        MediaTransportProtocol.UdpTlsRtpSavp => "UDP/TLS/RTP/SAVP",
        MediaTransportProtocol.UdpTlsRtpSavpf => "UDP/TLS/RTP/SAVPF",
        _ => null,
    };

    /// <summary>Parses an SDP protocol token (ASCII case-insensitive).</summary>
    public static bool TryParse(ReadOnlySpan<char> name, out MediaTransportProtocol protocol)
    {
        protocol = name switch
        {
            _ when name.Equals("RTP/AVP", StringComparison.OrdinalIgnoreCase) => MediaTransportProtocol.RtpAvp,
            _ when name.Equals("RTP/SAVP", StringComparison.OrdinalIgnoreCase) => MediaTransportProtocol.RtpSavp,
            _ when name.Equals("RTP/AVPF", StringComparison.OrdinalIgnoreCase) => MediaTransportProtocol.RtpAvpf,
            _ when name.Equals("RTP/SAVPF", StringComparison.OrdinalIgnoreCase) => MediaTransportProtocol.RtpSavpf,
            _ when name.Equals("UDP/TLS/RTP/SAVP", StringComparison.OrdinalIgnoreCase) => MediaTransportProtocol.UdpTlsRtpSavp,
            _ when name.Equals("UDP/TLS/RTP/SAVPF", StringComparison.OrdinalIgnoreCase) => MediaTransportProtocol.UdpTlsRtpSavpf,
            _ => MediaTransportProtocol.Unchanged,
        };
        return protocol != MediaTransportProtocol.Unchanged;
    }

    /// <summary>Whether media on this protocol is SRTP (SDES or DTLS keyed).</summary>
    public static bool IsSecure(this MediaTransportProtocol protocol) => protocol is MediaTransportProtocol.RtpSavp or MediaTransportProtocol.RtpSavpf
        or MediaTransportProtocol.UdpTlsRtpSavp or MediaTransportProtocol.UdpTlsRtpSavpf;

    /// <summary>Whether the SRTP keys come from a DTLS handshake.</summary>
    public static bool IsDtls(this MediaTransportProtocol protocol) => protocol is MediaTransportProtocol.UdpTlsRtpSavp or MediaTransportProtocol.UdpTlsRtpSavpf;

    /// <summary>Whether the profile includes RTCP feedback (AVPF, RFC 4585).</summary>
    public static bool HasFeedback(this MediaTransportProtocol protocol) => protocol is MediaTransportProtocol.RtpAvpf or MediaTransportProtocol.RtpSavpf
        or MediaTransportProtocol.UdpTlsRtpSavpf;
}
