using System.Diagnostics.CodeAnalysis;
using System.Net;
using Microsoft.Extensions.Options;

namespace ResidentialGateway.Management;

/// <summary>Refuses a management URL that is not <c>http://ip:port</c>, and one off loopback without a token.</summary>
internal sealed class ManagementOptionsValidator : IValidateOptions<ManagementOptions>
{
    public ValidateOptionsResult Validate(string? name, ManagementOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled) return ValidateOptionsResult.Success;
        if (!TryParseEndPoint(options.Url, out var endPoint))
        {
            return ValidateOptionsResult.Fail($"Gateway:Management:Url '{options.Url}' is not http://<ip address>:<port>.");
        }

        if (!IPAddress.IsLoopback(endPoint.Address) && string.IsNullOrEmpty(options.Token))
        {
            return ValidateOptionsResult.Fail($"Gateway:Management:Url '{options.Url}' is not a loopback address: set Gateway:Management:Token, or bind to 127.0.0.1.");
        }

        return ValidateOptionsResult.Success;
    }

    /// <summary>Parses <c>http://127.0.0.1:8081</c> (also <c>http://[::1]:8081</c>, <c>http://0.0.0.0:8081</c>).</summary>
    public static bool TryParseEndPoint(string? url, [NotNullWhen(true)] out IPEndPoint? endPoint)
    {
        endPoint = null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp) return false;
        if (uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query)) return false;
        var host = uri.Host.StartsWith('[') ? uri.Host[1..^1] : uri.Host;
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) host = "127.0.0.1";
        if (!IPAddress.TryParse(host, out var address)) return false;
        endPoint = new IPEndPoint(address, uri.Port);
        return true;
    }
}
