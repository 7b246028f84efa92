namespace ResidentialGateway.Media;

/// <summary>Where the media relay runs (the tutorial's <c>rtpengine</c>).</summary>
internal enum MediaMode
{
    /// <summary>Gateway.Media's relay, inside this process.</summary>
    InProcess,

    /// <summary>rtpengine daemons (or Gateway.Media ng servers) driven over the ng protocol.</summary>
    RtpEngine,
}
