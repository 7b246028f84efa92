using System.Globalization;
using System.Net;
using Gateway.Core.Transport;

namespace Gateway.Transports;

/// <summary>
/// One listening address: OpenSIPS's <c>listen=proto:address:port</c>, plus what to advertise and, for TLS and WSS,
/// which certificate to present.
/// </summary>
public sealed class SipListenerOptions
{
    /// <summary>The transport.</summary>
    public SipTransportKind Protocol { get; set; } = SipTransportKind.Udp;

    /// <summary>The local IP address to bind (IPv4 or IPv6 literal; <c>0.0.0.0</c> or <c>::</c> for all). Default <c>0.0.0.0</c>.</summary>
    public string Address { get; set; } = "0.0.0.0";

    /// <summary>The local port; 0 picks a free one (read the bound port from <see cref="ISipTransport.Listeners"/>).</summary>
    public int Port { get; set; }

    /// <summary>The host to put in Via / Record-Route / Path for this listener (its public name behind a NAT); default the bound address.</summary>
    public string? AdvertisedHost { get; set; }

    /// <summary>The port to advertise; default the bound port.</summary>
    public int? AdvertisedPort { get; set; }

    /// <summary>TLS and WSS: the certificate to present; default <see cref="SipTransportOptions.Certificate"/>.</summary>
    public SipCertificateFiles? Certificate { get; set; }

    /// <summary>
    /// TLS and WSS: certificates chosen by the server name the client asks for (SNI). Keys are host names, or
    /// <c>*.example.com</c> wildcards; a name with no entry gets <see cref="Certificate"/>.
    /// </summary>
    public IDictionary<string, SipCertificateFiles> ServerNameCertificates { get; } = new Dictionary<string, SipCertificateFiles>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// WS and WSS: the Origin values a browser may connect from (<c>https://app.example.com</c>). Empty accepts any
    /// origin (and clients sending none); otherwise an upgrade from another or no origin is refused with 403.
    /// </summary>
    public IList<string> AllowedOrigins { get; } = new List<string>();

    /// <summary>Parses the OpenSIPS <c>listen=</c> form: <c>udp:127.0.0.1:5060</c>, <c>wss:[::1]:4443</c>, <c>tcp:0.0.0.0:5060</c>.</summary>
    /// <exception cref="FormatException">The text is not of that form.</exception>
    public static SipListenerOptions Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var span = text.AsSpan().Trim();
        var colon = span.IndexOf(':');
        if (colon <= 0 || !SipTransportKindExtensions.TryParse(span[..colon], out var kind))
        {
            throw new FormatException($"'{text}' does not start with udp:, tcp:, tls:, ws: or wss:.");
        }

        var rest = span[(colon + 1)..];
        if (!IPEndPoint.TryParse(rest, out var endPoint) || !HasExplicitPort(rest))
        {
            throw new FormatException($"'{text}' is not of the form proto:address:port (IPv6 in brackets).");
        }

        return new SipListenerOptions
        {
            Protocol = kind,
            Address = endPoint.Address.ToString(),
            Port = endPoint.Port,
        };
    }

    /// <summary>The socket address to bind.</summary>
    /// <exception cref="FormatException"><see cref="Address"/> is not an IP literal.</exception>
    public IPEndPoint GetEndPoint()
    {
        var address = Address.AsSpan();
        if (address.Length > 1 && address[0] == '[' && address[^1] == ']') address = address[1..^1];
        if (!IPAddress.TryParse(address, out var ip)) throw new FormatException($"Listener address '{Address}' is not an IP address.");
        return new IPEndPoint(ip, Port);
    }

    /// <summary>Throws when the settings are inconsistent.</summary>
    public void Validate()
    {
        _ = GetEndPoint();
        ArgumentOutOfRangeException.ThrowIfNegative(Port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, IPEndPoint.MaxPort);
        if (AdvertisedPort is { } advertised && (advertised <= 0 || advertised > IPEndPoint.MaxPort))
        {
            throw new ArgumentOutOfRangeException(nameof(AdvertisedPort), "The advertised port must be within 1..65535.");
        }
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Protocol.ToUriParameter()}:{GetEndPoint()}");

    private static bool HasExplicitPort(ReadOnlySpan<char> text)
    {
        var lastColon = text.LastIndexOf(':');
        var closing = text.LastIndexOf(']');
        return lastColon > closing && lastColon < text.Length - 1;
    }
}
