namespace ResidentialGateway.WebPhone;

/// <summary>
/// Where the browser softphone page is served, bound from <c>Gateway:WebPhone</c> in <c>appsettings.json</c>.
/// HTTPS presents the gateway's TLS certificate (<c>Gateway:Tls</c>).
/// </summary>
internal sealed class WebPhoneOptions
{
    /// <summary>The configuration section, under <c>Gateway</c>.</summary>
    public const string SectionName = "WebPhone";

    /// <summary>Serve the page at all. Default <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The IP address to listen on. Default <c>127.0.0.1</c> (loopback only).</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>The HTTP port; 0 turns HTTP off. Default 8088.</summary>
    public int HttpPort { get; set; } = 8088;

    /// <summary>The HTTPS port; 0 turns HTTPS off. Default 8089.</summary>
    public int HttpsPort { get; set; } = 8089;

    /// <summary>The folder of the built page (web/build.mjs output), relative to the content root. Default <c>wwwroot</c>.</summary>
    public string WebRoot { get; set; } = "wwwroot";
}
