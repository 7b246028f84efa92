using System.Globalization;
using System.Net;
using Gateway.Core.Messages;

namespace Gateway.Core.Transport;

/// <summary>
/// Records where a request really came from on its top Via, so the response finds its way back through NATs:
/// <c>received</c> when the sent-by host differs from the packet's source address (RFC 3261 §18.2.1), and, when the
/// client asked with a valueless <c>rport</c>, the source port plus <c>received</c> always (RFC 3581 §4).
/// </summary>
public static class ViaReceivedStamp
{
    /// <summary>Stamps the top Via of <paramref name="request"/>; returns false when it has no valid top Via.</summary>
    public static bool Apply(SipRequest request, IPEndPoint source)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(source);
        var via = request.TopVia;
        if (via is null) return false;

        var address = source.Address.IsIPv4MappedToIPv6 ? source.Address.MapToIPv4() : source.Address;
        var changed = false;
        if (via.HasRPort && via.RPort is null)
        {
            via.SetRPort(source.Port);
            via.Received = FormatAddress(address);
            changed = true;
        }
        else if (!SentByMatches(via.Host, address))
        {
            via.Received = FormatAddress(address);
            changed = true;
        }

        if (changed) request.SetTopVia(via);
        return true;
    }

    private static bool SentByMatches(string host, IPAddress source)
    {
        var span = host.AsSpan();
        if (span.Length > 1 && span[0] == '[' && span[^1] == ']') span = span[1..^1];
        return IPAddress.TryParse(span, out var parsed) && (parsed.Equals(source) || (parsed.IsIPv4MappedToIPv6 && parsed.MapToIPv4().Equals(source)));
    }

    private static string FormatAddress(IPAddress address) => address.ToString().ToLower(CultureInfo.InvariantCulture);
}
