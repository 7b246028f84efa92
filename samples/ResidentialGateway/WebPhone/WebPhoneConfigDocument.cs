using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Gateway.Core.Transport;

namespace ResidentialGateway.WebPhone;

/// <summary>
/// The page's <c>/config.json</c>: the gateway's WebSocket listeners as <c>ws://</c> and <c>wss://</c> URLs (their
/// advertised host and port) and the SIP domain users register in.
/// <code>{ "servers": [ { "transport": "ws", "url": "ws://127.0.0.1:8080" }, { "transport": "wss", "url": "wss://127.0.0.1:4443" } ], "domain": "127.0.0.1" }</code>
/// </summary>
internal static class WebPhoneConfigDocument
{
    /// <summary>
    /// Writes the document. A listener bound to every address (<c>0.0.0.0</c>, <c>::</c>) with no advertised host is
    /// given the host the browser used for the page, <paramref name="requestHost"/>.
    /// </summary>
    public static byte[] Write(IReadOnlyList<SipListenerInfo> listeners, IList<string> localDomains, string requestHost)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("servers");
            foreach (var listener in listeners)
            {
                if (listener.Kind is not (SipTransportKind.Ws or SipTransportKind.Wss)) continue;
                var scheme = listener.Kind == SipTransportKind.Ws ? "ws" : "wss";
                json.WriteStartObject();
                json.WriteString("transport", scheme);
                json.WriteString("url", string.Create(CultureInfo.InvariantCulture, $"{scheme}://{UrlHost(listener.AdvertisedHost, requestHost)}:{listener.AdvertisedPort}"));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteString("domain", localDomains.Count > 0 ? localDomains[0] : requestHost);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string UrlHost(string host, string requestHost)
    {
        if (!IPAddress.TryParse(host, out var address)) return host;
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) return requestHost;
        return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "[" + address + "]" : host;
    }
}
