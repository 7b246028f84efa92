namespace ResidentialGateway.Management;

/// <summary>
/// The management endpoint's settings, bound from <c>Gateway:Management</c>: the tutorial's <c>mi_fifo</c> as JSON
/// over HTTP, on loopback by default and never on the SIP listeners.
/// </summary>
internal sealed class ManagementOptions
{
    /// <summary>The configuration section, relative to <c>Gateway</c>.</summary>
    public const string SectionName = "Management";

    /// <summary>Serve the endpoint at all. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Where to listen: <c>http://address:port</c> with an IP address (port 0 picks a free port). Default
    /// <c>http://127.0.0.1:8081</c>. An address other than loopback needs a <see cref="Token"/>.
    /// </summary>
    public string Url { get; set; } = "http://127.0.0.1:8081";

    /// <summary>
    /// When set, every request must carry <c>Authorization: Bearer &lt;token&gt;</c> (401 otherwise). Required for a
    /// non-loopback <see cref="Url"/>.
    /// </summary>
    public string? Token { get; set; }
}
