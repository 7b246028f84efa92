using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Gateway.Media.Relay.Legs;

/// <summary>Creates <see cref="UdpMediaLeg"/>s (the session layer registers this as its <see cref="IMediaLegFactory"/>).</summary>
internal sealed class UdpMediaLegFactory : IMediaLegFactory
{
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates the factory.</summary>
    /// <param name="timeProvider">The clock of every leg (latching, last packet time, ICE consent, DTLS timeout).</param>
    /// <param name="loggerFactory">The loggers' source.</param>
    public UdpMediaLegFactory(TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger<UdpMediaLeg>();
    }

    /// <inheritdoc/>
    public IMediaLeg Create(Socket rtp, Socket? rtcp, string label)
    {
        var leg = new UdpMediaLeg(rtp, rtcp, label, _timeProvider, _logger);
        leg.Start();
        return leg;
    }
}
