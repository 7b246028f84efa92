namespace ResidentialGateway;

/// <summary>
/// The sample's settings, bound from the <c>Gateway</c> section of <c>appsettings.json</c>.
/// </summary>
internal sealed class GatewayOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Gateway";

    /// <summary>
    /// Listen addresses in the OpenSIPS <c>listen=</c> form, <c>proto:address:port</c>,
    /// for example <c>udp:127.0.0.1:5060</c> or <c>wss:127.0.0.1:8443</c>.
    /// </summary>
    public IList<string> Listen { get; } = [];

    /// <summary>When <see langword="true"/>, the host stops as soon as it has started (a smoke test).</summary>
    public bool ExitAfterStart { get; set; }
}
