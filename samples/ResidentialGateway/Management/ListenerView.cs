namespace ResidentialGateway.Management;

/// <summary>One bound SIP listener.</summary>
internal sealed class ListenerView
{
    /// <summary><c>udp</c>, <c>tcp</c>, <c>tls</c>, <c>ws</c> or <c>wss</c>.</summary>
    public required string Transport { get; init; }

    /// <summary>The bound address and port.</summary>
    public required string EndPoint { get; init; }

    /// <summary>The host written in Via and Record-Route.</summary>
    public required string AdvertisedHost { get; init; }

    /// <summary>The port written in Via and Record-Route.</summary>
    public int AdvertisedPort { get; init; }
}
