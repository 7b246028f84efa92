namespace ResidentialGateway.Media;

/// <summary>
/// The media relay's settings, bound from <c>Gateway:Media</c>: the tutorial's
/// <c>rtpengine -m 50000 -M 55000 -i …</c> for <see cref="MediaMode.InProcess"/>, or the ng addresses of
/// <c>rtpengine_sock</c> for <see cref="MediaMode.RtpEngine"/>. Validated at start (<see cref="MediaOptionsValidator"/>).
/// </summary>
internal sealed class MediaOptions
{
    /// <summary>The configuration section, relative to <c>Gateway</c>.</summary>
    public const string SectionName = "Media";

    /// <summary>In-process relay or rtpengine over ng. Default <see cref="MediaMode.InProcess"/>.</summary>
    public MediaMode Mode { get; set; } = MediaMode.InProcess;

    /// <summary>The lowest RTP port the in-process relay allocates (rtpengine's <c>-m</c>). Default 50000.</summary>
    public int MinPort { get; set; } = 50000;

    /// <summary>The highest RTP port (rtpengine's <c>-M</c>). Default 55000.</summary>
    public int MaxPort { get; set; } = 55000;

    /// <summary>The local address media sockets bind to (rtpengine's <c>-i</c>); every IPv4 address when empty.</summary>
    public string? Interface { get; set; }

    /// <summary>The address written into SDP when it differs from <see cref="Interface"/> (behind 1:1 NAT); <see cref="Interface"/> when empty.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>
    /// How long a call may have no media packet before the in-process relay ends its session (rtpengine's
    /// <c>--timeout</c>); the gateway then ends the call with a BYE to each party. Default 60 s.
    /// </summary>
    public TimeSpan MediaTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>ng control addresses (<c>udp:127.0.0.1:2223</c> or <c>127.0.0.1:2223</c>); required for <see cref="MediaMode.RtpEngine"/>.</summary>
    public IList<string> NgEndpoints { get; } = [];
}
