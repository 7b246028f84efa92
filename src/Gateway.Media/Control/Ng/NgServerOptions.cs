using System.Net;

namespace Gateway.Media.Control.Ng;

/// <summary>Options of <see cref="NgServer"/>: where it listens and how much it takes on.</summary>
public sealed class NgServerOptions
{
    /// <summary>The ng port rtpengine's SIP modules are pointed at (<c>rtpengine_sock "udp:127.0.0.1:22222"</c>).</summary>
    public const int DefaultPort = 22222;

    /// <summary>The UDP endpoint to listen on; 127.0.0.1:22222 by default. Port 0 picks a free port.</summary>
    public IPEndPoint EndPoint { get; set; } = new(IPAddress.Loopback, DefaultPort);

    /// <summary>The largest request accepted, and the largest reply sent; bigger requests are dropped. 65,507 bytes (the UDP maximum) by default.</summary>
    public int MaxDatagramSize { get; set; } = 65507;

    /// <summary>Commands executed at once; further datagrams wait in the socket's buffer. 32 by default.</summary>
    public int MaxInFlight { get; set; } = 32;

    /// <summary>Replies remembered for retransmitted requests (same source and cookie). 4,096 by default.</summary>
    public int ReplyCacheSize { get; set; } = 4096;

    /// <summary>How long a reply is remembered. 30 seconds by default, longer than any client's retransmission span.</summary>
    public TimeSpan ReplyCacheLifetime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one command may take in the relay before it is answered with an error. 10 seconds by default.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest cookie accepted (rtpengine's clients use under 40 bytes). 128 by default.</summary>
    public int MaxCookieLength { get; set; } = 128;

    /// <summary>Throws when an option is out of range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(EndPoint, nameof(EndPoint));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDatagramSize, 64, nameof(MaxDatagramSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxDatagramSize, 65507, nameof(MaxDatagramSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInFlight, 1, nameof(MaxInFlight));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReplyCacheSize, 1, nameof(ReplyCacheSize));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReplyCacheLifetime, TimeSpan.Zero, nameof(ReplyCacheLifetime));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(CommandTimeout, TimeSpan.Zero, nameof(CommandTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCookieLength, 1, nameof(MaxCookieLength));
    }
}
