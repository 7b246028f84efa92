using System.Diagnostics.CodeAnalysis;
using System.Net;
using Microsoft.Extensions.Options;

namespace ResidentialGateway.Media;

/// <summary>Checks <see cref="MediaOptions"/> at start: a usable port range, parseable addresses, ng endpoints when needed.</summary>
internal sealed class MediaOptionsValidator : IValidateOptions<MediaOptions>
{
    public ValidateOptionsResult Validate(string? name, MediaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Mode)) failures.Add($"Gateway:Media:Mode '{options.Mode}' is not InProcess or RtpEngine.");
        if (options.MinPort is < 1024 or > 65535) failures.Add($"Gateway:Media:MinPort {options.MinPort} is outside 1024–65535.");
        if (options.MediaTimeout <= TimeSpan.Zero) failures.Add($"Gateway:Media:MediaTimeout {options.MediaTimeout} must be positive.");
        if (options.MaxPort is < 1024 or > 65535) failures.Add($"Gateway:Media:MaxPort {options.MaxPort} is outside 1024–65535.");

        // RTP and RTCP take a pair of ports (even, odd) per stream: the range must hold at least one pair.
        if (options.MaxPort < options.MinPort + 1) failures.Add($"Gateway:Media:MaxPort {options.MaxPort} must be above MinPort {options.MinPort}.");
        if (!string.IsNullOrEmpty(options.Interface) && !IPAddress.TryParse(options.Interface, out _))
        {
            failures.Add($"Gateway:Media:Interface '{options.Interface}' is not an IP address.");
        }

        if (options.AdvertisedAddress is { Length: > 0 } advertised && Uri.CheckHostName(advertised) == UriHostNameType.Unknown)
        {
            failures.Add($"Gateway:Media:AdvertisedAddress '{advertised}' is not an address or host name.");
        }

        foreach (var endpoint in options.NgEndpoints)
        {
            if (!TryParseNgEndpoint(endpoint, out _)) failures.Add($"Gateway:Media:NgEndpoints entry '{endpoint}' is not udp:address:port.");
        }

        if (options.Mode == MediaMode.RtpEngine && options.NgEndpoints.Count == 0)
        {
            failures.Add("Gateway:Media:Mode is RtpEngine but Gateway:Media:NgEndpoints is empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Parses <c>udp:127.0.0.1:2223</c>, <c>127.0.0.1:2223</c> or <c>[::1]:2223</c>.</summary>
    public static bool TryParseNgEndpoint(string? text, [NotNullWhen(true)] out IPEndPoint? endPoint)
    {
        endPoint = null;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var value = text.StartsWith("udp:", StringComparison.OrdinalIgnoreCase) ? text[4..] : text;
        return IPEndPoint.TryParse(value, out endPoint) && endPoint.Port != 0;
    }
}
